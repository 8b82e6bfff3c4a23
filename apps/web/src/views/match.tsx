import { useState } from 'preact/hooks';
import { callApi, errorMessage } from '../api.ts';
import { coreFirst } from '../logic.ts';
import type { MatchResponse } from '../api-types.ts';
import { Busy, EscoLink, ImportanceBadge, Message, ScoreBar } from './common.tsx';

export function MatchView() {
  const [resume, setResume] = useState('');
  const [title, setTitle] = useState('');
  const [result, setResult] = useState<MatchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const match = async (event: Event) => {
    event.preventDefault();
    if (!resume.trim() || !title.trim()) {
      setError('Give both a resume and a job title.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await callApi<MatchResponse>('POST', '/v1/match', { resume, title }));
    } catch (e) {
      setResult(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const covered = result ? coreFirst(result.covered) : [];
  const missing = result ? coreFirst(result.missing) : [];
  return (
    <div class="view">
      <h2>Match a resume against a job title</h2>
      <form onSubmit={match}>
        <label class="block">
          Resume text
          <textarea name="match-resume" rows={8} value={resume} onInput={(e) => setResume(e.currentTarget.value)} placeholder="Paste a resume" />
        </label>
        <div class="controls">
          <label class="grow">
            Job title
            <input name="match-title" type="search" list="occupation-suggestions" value={title} onInput={(e) => setTitle(e.currentTarget.value)} placeholder="e.g. data engineer" />
          </label>
          <button type="submit" disabled={busy}>
            Match
          </button>
          <Busy busy={busy} />
        </div>
      </form>
      <Message error={error} />
      {result && (
        <>
          <p class="match-score">
            Match for <strong>{result.title}</strong>: <ScoreBar score={result.score} max={1} label="match score" />
          </p>
          <div class="columns">
            <div class="col-half">
              <h3>Covered ({covered.length})</h3>
              <ul class="skill-list">
                {covered.map((s) => (
                  <li key={s.uri}>
                    <ImportanceBadge importance={s.importance} /> <EscoLink uri={s.uri}>{s.label}</EscoLink>
                    {s.evidence && <span class="muted"> — “{s.evidence.surface}”</span>}
                  </li>
                ))}
              </ul>
            </div>
            <div class="col-half">
              <h3>Missing ({missing.length})</h3>
              <ul class="skill-list">
                {missing.map((s) => (
                  <li key={s.uri}>
                    <ImportanceBadge importance={s.importance} /> <EscoLink uri={s.uri}>{s.label}</EscoLink>
                  </li>
                ))}
              </ul>
            </div>
          </div>
          {result.occupations.length > 0 && (
            <p class="muted">
              ESCO occupations for the title: {result.occupations.map((o) => `${o.label} (${o.score.toFixed(2)})`).join(', ')}
            </p>
          )}
        </>
      )}
    </div>
  );
}
