import { useEffect, useRef, useState } from 'preact/hooks';
import { callApi, errorMessage } from '../api.ts';
import { parseK, skillsToCsv, skillsToJson } from '../logic.ts';
import type { OccupationSuggestion, SkillSearchResponse } from '../api-types.ts';
import { Busy, EscoLink, ImportanceBadge, Message, ScoreBar } from './common.tsx';

export function SkillsView() {
  const [title, setTitle] = useState('');
  const [kText, setKText] = useState('20');
  const [rerank, setRerank] = useState(true);
  const [suggestions, setSuggestions] = useState<OccupationSuggestion[]>([]);
  const [suggestNote, setSuggestNote] = useState<string | null>(null);
  const [result, setResult] = useState<SkillSearchResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copyNote, setCopyNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);

  // Suggestions as the user types (debounced); a server without the endpoint just shows none, with a note.
  useEffect(() => {
    const q = title.trim();
    if (q.length < 2) {
      setSuggestions([]);
      return;
    }
    const timer = setTimeout(() => {
      callApi<{ suggestions: OccupationSuggestion[] }>('GET', `/v1/occupations/suggest?q=${encodeURIComponent(q)}&limit=10`).then(
        (r) => {
          setSuggestions(r.suggestions);
          setSuggestNote(null);
        },
        (e: unknown) => setSuggestNote(errorMessage(e)),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [title]);

  const search = async (event: Event) => {
    event.preventDefault();
    setCopyNote(null);
    const k = parseK(kText);
    if ('error' in k) {
      setError(k.error);
      return;
    }
    if (!title.trim()) {
      setError('Type a job title first, e.g. "data scientist".');
      return;
    }
    const call = ++latest.current;
    setBusy(true);
    setError(null);
    try {
      const r = await callApi<SkillSearchResponse>('POST', '/v1/skills/search', { title, k: k.k, rerank });
      if (call === latest.current) setResult(r);
    } catch (e) {
      if (call === latest.current) {
        setError(errorMessage(e));
        setResult(null);
      }
    } finally {
      if (call === latest.current) setBusy(false);
    }
  };

  const copy = async (format: 'csv' | 'json') => {
    if (!result) return;
    const text = format === 'csv' ? skillsToCsv(result.skills) : skillsToJson(result, result.skills);
    try {
      await navigator.clipboard.writeText(text);
      setCopyNote(`Copied ${result.skills.length} skills as ${format.toUpperCase()}.`);
    } catch {
      setCopyNote('The browser refused clipboard access; use the download link instead.');
    }
  };
  const download = (format: 'csv' | 'json') =>
    result
      ? URL.createObjectURL(
          new Blob([format === 'csv' ? skillsToCsv(result.skills) : skillsToJson(result, result.skills)], {
            type: format === 'csv' ? 'text/csv' : 'application/json',
          }),
        )
      : undefined;

  const max = result ? Math.max(...result.skills.map((s) => s.score), 0) : 0;
  return (
    <div class="view">
      <h2>Skills for a job title</h2>
      <form onSubmit={search} class="controls" aria-describedby="skills-message">
        <label class="grow">
          Job title
          <input
            name="title"
            type="search"
            list="occupation-suggestions"
            autocomplete="off"
            placeholder="e.g. data scientist"
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
            autoFocus
          />
        </label>
        <datalist id="occupation-suggestions">
          {suggestions.map((s) => (
            <option key={`${s.uri}-${s.label}`} value={s.label}>
              {s.label === s.preferredLabel ? '' : `ESCO: ${s.preferredLabel}`}
            </option>
          ))}
        </datalist>
        <label class="narrow">
          k
          <input name="k" type="number" min={1} max={1000} value={kText} onInput={(e) => setKText(e.currentTarget.value)} />
        </label>
        <label class="check">
          <input name="rerank" type="checkbox" checked={rerank} onChange={(e) => setRerank(e.currentTarget.checked)} />
          re-rank
        </label>
        <button type="submit" disabled={busy}>
          Find skills
        </button>
        <Busy busy={busy} />
      </form>
      <Message id="skills-message" error={error} note={suggestNote && title.trim().length >= 2 ? `No suggestions: ${suggestNote}` : null} />
      {result && (
        <>
          <div class="toolbar">
            <span>
              {result.skills.length} skills for <strong>{result.title}</strong> {result.rerank ? '(re-ranked)' : '(first stage only)'}
            </span>
            <button type="button" onClick={() => copy('csv')}>Copy CSV</button>
            <button type="button" onClick={() => copy('json')}>Copy JSON</button>
            <a href={download('csv')} download={`skills-${result.title.replace(/\W+/g, '-')}.csv`}>download CSV</a>
            <a href={download('json')} download={`skills-${result.title.replace(/\W+/g, '-')}.json`}>download JSON</a>
          </div>
          <Message note={copyNote} />
          <table class="skills">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">ESCO skill</th>
                <th scope="col">score</th>
                <th scope="col">matched alias · evidence</th>
              </tr>
            </thead>
            <tbody>
              {result.skills.map((s) => (
                <tr key={s.uri}>
                  <td class="num">{s.rank}</td>
                  <td>
                    <EscoLink uri={s.uri}>{s.label}</EscoLink> <ImportanceBadge importance={s.importance} />
                  </td>
                  <td class="score">
                    <ScoreBar score={s.score} max={max} label={`${s.label} score`} />
                  </td>
                  <td class="evidence">
                    {s.evidence.bestAlias && <span class="alias">“{s.evidence.bestAlias}”</span>}{' '}
                    <span class="muted">
                      {s.evidence.stage}
                      {typeof s.evidence.firstStageScore === 'number' && ` · cosine ${s.evidence.firstStageScore.toFixed(3)}`}
                      {typeof s.evidence.firstStageRank === 'number' && ` · first-stage #${s.evidence.firstStageRank}`}
                      {typeof s.evidence.rerankScore === 'number' && ` · re-ranker ${s.evidence.rerankScore.toFixed(3)}`}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
