import { useEffect, useState } from 'preact/hooks';
import { callApi, errorMessage } from '../api.ts';
import { highlightSegments } from '../logic.ts';
import type { ExtractionResult, OccupationSearchResponse, ResumeParse, RoleLabel, RolesResponse, SkillMention } from '../api-types.ts';
import { Busy, EscoLink, Message, ScoreBar } from './common.tsx';

export function HighlightedText({ text, mentions }: { text: string; mentions: SkillMention[] }) {
  return (
    <pre class="resume-text" aria-label="Resume text with extracted skills highlighted">
      {highlightSegments(text, mentions).map((seg) =>
        seg.mention ? (
          <mark key={seg.start} tabIndex={0} title={`${seg.mention.label} · score ${seg.mention.score.toFixed(3)}`} data-uri={seg.mention.uri}>
            {seg.text}
          </mark>
        ) : (
          seg.text
        ),
      )}
    </pre>
  );
}

/** Reads a dropped or chosen file: PDFs through the server's parser, text files in the browser. */
export async function readResumeFile(file: File): Promise<{ text: string; headline: string | null; note: string }> {
  if (file.type === 'application/pdf' || /\.pdf$/i.test(file.name)) {
    const parsed = await callApi<ResumeParse>('POST', '/v1/resumes/parse', await file.arrayBuffer(), 'application/pdf');
    return { text: parsed.text, headline: parsed.headline, note: `${file.name}: ${parsed.pages} page(s), ${parsed.text.length} characters.` };
  }
  if (file.type.startsWith('text/') || /\.(txt|md)$/i.test(file.name)) {
    const text = await file.text();
    return { text, headline: null, note: `${file.name}: ${text.length} characters.` };
  }
  throw new Error(`${file.name} is neither a PDF nor a text file; drop a .pdf or .txt resume.`);
}

export function ResumeView() {
  const [text, setText] = useState('');
  const [headline, setHeadline] = useState<string | null>(null);
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [labelers, setLabelers] = useState<RolesResponse | null>(null);
  const [labeler, setLabeler] = useState('');
  const [busy, setBusy] = useState(false);
  const [analyzed, setAnalyzed] = useState<string | null>(null);
  const [extraction, setExtraction] = useState<ExtractionResult | null>(null);
  const [extractError, setExtractError] = useState<string | null>(null);
  const [role, setRole] = useState<RoleLabel | null>(null);
  const [roleError, setRoleError] = useState<string | null>(null);
  const [occupations, setOccupations] = useState<{ query: string; results: OccupationSearchResponse['results'] } | null>(null);
  const [occupationError, setOccupationError] = useState<string | null>(null);

  useEffect(() => {
    callApi<RolesResponse>('GET', '/v1/roles').then(
      (r) => {
        setLabelers(r);
        setLabeler(r.defaultLabeler);
      },
      () => undefined, // the analyze call reports the same failure next to its own output
    );
  }, []);

  const takeFile = async (file: File | undefined) => {
    if (!file) return;
    setFileError(null);
    setFileNote(`reading ${file.name}…`);
    try {
      const read = await readResumeFile(file);
      setText(read.text);
      setHeadline(read.headline);
      setFileNote(read.note);
    } catch (e) {
      setFileNote(null);
      setFileError(errorMessage(e));
    }
  };

  const analyze = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) {
      setExtractError('Paste a resume or drop a PDF first.');
      return;
    }
    setBusy(true);
    setAnalyzed(text);
    setExtraction(null);
    setRole(null);
    setOccupations(null);
    setExtractError(null);
    setRoleError(null);
    setOccupationError(null);
    const extracting = callApi<ExtractionResult>('POST', '/v1/skills/extract', { text }).then(setExtraction, (e: unknown) => setExtractError(errorMessage(e)));
    const labeling = callApi<RoleLabel>('POST', '/v1/roles/label', { resume: text, ...(labeler ? { labeler } : {}) }).then(
      (r) => {
        setRole(r);
        return r;
      },
      (e: unknown) => {
        setRoleError(errorMessage(e));
        return null;
      },
    );
    // Occupations for the resume's headline when the parser found one, else for the predicted role.
    const occupying = labeling.then(async (r) => {
      const query = headline ?? r?.role ?? null;
      if (!query) {
        setOccupationError('No headline or role to look occupations up by.');
        return;
      }
      try {
        const found = await callApi<OccupationSearchResponse>('POST', '/v1/occupations/search', { title: query, k: 5 });
        setOccupations({ query, results: found.results });
      } catch (e) {
        setOccupationError(errorMessage(e));
      }
    });
    await Promise.all([extracting, labeling, occupying]);
    setBusy(false);
  };

  const roleScores = role ? Object.entries(role.scores).sort((a, b) => b[1] - a[1]) : [];
  const roleMax = Math.max(0, ...roleScores.map(([, s]) => s));
  const occMax = Math.max(0, ...(occupations?.results.map((o) => o.score) ?? []));
  return (
    <div class="view">
      <h2>Resume</h2>
      <form onSubmit={analyze}>
        <div
          class={`dropzone${dragging ? ' dragging' : ''}`}
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void takeFile(e.dataTransfer?.files[0]);
          }}
        >
          <label class="block">
            Resume text
            <textarea name="resume" rows={10} placeholder="Paste a resume here, or drop a PDF onto this box" value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </label>
          <label class="file">
            …or choose a PDF / text file
            <input name="file" type="file" accept="application/pdf,.pdf,text/plain,.txt" onChange={(e) => void takeFile(e.currentTarget.files?.[0])} />
          </label>
          <Message error={fileError} note={fileNote} />
        </div>
        <div class="controls">
          {labelers && (
            <label class="narrow">
              labeler
              <select name="labeler" value={labeler} onChange={(e) => setLabeler(e.currentTarget.value)}>
                {labelers.labelers.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" disabled={busy}>
            Analyze
          </button>
          <Busy busy={busy} />
        </div>
      </form>

      <div class="columns">
        <div class="col-wide">
          <h3>Skills in the text</h3>
          <Message error={extractError} />
          {extraction && analyzed !== null && (
            <>
              <p class="muted">
                {extraction.skills.length} ESCO skills, {extraction.mentions.length} mentions{extraction.abstained ? ' (the extractor abstained: nothing confident)' : ''}. Hover or focus a highlight for its ESCO label and score.
              </p>
              <HighlightedText text={analyzed} mentions={extraction.mentions} />
            </>
          )}
        </div>
        <div class="col-narrow">
          <h3>Role</h3>
          <Message error={roleError} />
          {role && (
            <>
              <p class="role">
                <strong>{role.role ?? 'no role'}</strong> <span class="muted">({role.labeler}, score {role.score.toFixed(3)}{role.noEvidence ? ', no evidence' : ''})</span>
              </p>
              {role.evidence.length > 0 && (
                <p>
                  Evidence: {role.evidence.map((e) => <span class="chip" key={e}>{e}</span>)}
                </p>
              )}
              <ul class="bars" aria-label="Score per role">
                {roleScores.map(([name, score]) => (
                  <li key={name}>
                    <span class="bar-label">{name}</span>
                    <ScoreBar score={score} max={roleMax} label={name} />
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>ESCO occupations</h3>
          <Message error={occupationError} />
          {occupations && (
            <>
              <p class="muted">for “{occupations.query}”</p>
              <ol class="occupations">
                {occupations.results.map((o) => (
                  <li key={o.uri}>
                    <EscoLink uri={o.uri}>{o.label}</EscoLink>
                    <ScoreBar score={o.score} max={occMax} label={o.label} />
                    {o.evidence !== undefined && <span class="muted evidence-text">{typeof o.evidence === 'string' ? o.evidence : JSON.stringify(o.evidence)}</span>}
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
