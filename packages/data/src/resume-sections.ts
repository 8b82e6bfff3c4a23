/** Resume sections found by heading heuristics, with character offsets into the text they were parsed from. */
export type ResumeSectionKind = 'headline' | 'summary' | 'skills' | 'experience' | 'education' | 'other';

export interface ResumeSection {
  kind: ResumeSectionKind;
  /** Offsets into the parsed text: text.slice(start, end) === section.text. */
  start: number;
  end: number;
  text: string;
  /** The heading line as written (absent for the headline). */
  heading?: string;
}

export interface ExperienceEntry {
  title: string;
  employer?: string;
  dates?: string;
  start: number;
  end: number;
}

export interface ParsedResume {
  headline: string | null;
  sections: ResumeSection[];
  experience: ExperienceEntry[];
}

// Heading vocabulary (lowercased, without trailing colon); a heading is a short line equal to one of these.
const HEADINGS: Readonly<Record<string, ResumeSectionKind>> = Object.freeze({
  summary: 'summary', 'professional summary': 'summary', profile: 'summary', 'professional profile': 'summary',
  objective: 'summary', 'career objective': 'summary', 'executive summary': 'summary', 'career overview': 'summary',
  'executive profile': 'summary', 'summary of qualifications': 'summary', qualifications: 'summary', about: 'summary', 'about me': 'summary',
  skills: 'skills', highlights: 'skills', 'skill highlights': 'skills', 'core qualifications': 'skills', 'technical skills': 'skills',
  'key skills': 'skills', competencies: 'skills', 'core competencies': 'skills', expertise: 'skills', 'areas of expertise': 'skills',
  'skills and abilities': 'skills',
  experience: 'experience', 'work experience': 'experience', 'professional experience': 'experience', 'work history': 'experience',
  'employment history': 'experience', employment: 'experience', 'relevant experience': 'experience', 'career history': 'experience',
  'experience summary': 'experience',
  education: 'education', 'education and training': 'education', 'educational background': 'education', training: 'education',
  'certifications': 'other', 'certificates': 'other', 'accomplishments': 'other', 'additional information': 'other',
  'professional affiliations': 'other', affiliations: 'other', interests: 'other', languages: 'other', awards: 'other',
  publications: 'other', 'volunteer experience': 'other', presentations: 'other', references: 'other', activities: 'other',
});

function headingKind(line: string): ResumeSectionKind | null {
  const key = line.trim().replace(/[:\s]+$/, '').toLowerCase();
  if (key.length === 0 || key.length > 40) return null;
  return HEADINGS[key] ?? null;
}

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATE = `(?:${MONTH}\\s+\\d{4}|\\d{1,2}/\\d{4}|\\d{4})`;
const DATE_RANGE = new RegExp(`${DATE}\\s*(?:to|-|–|—|until)\\s*(?:${DATE}|current|present|now|today)`, 'i');
// Separators between employer and place/title in one line ("Company Name – City , State", "Title | Employer").
const SEPARATOR = /\s+(?:–|—|-|\||ï¼|â€“|at)\s+/;

interface Line {
  text: string;
  start: number;
  end: number;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    out.push({ text: raw, start: pos, end: pos + raw.length });
    pos += raw.length + 1;
  }
  return out;
}

const clean = (s: string) => s.replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '');

/** One experience entry from its date line and the line after it. */
function entryFrom(line: Line, next: Line | undefined, end: number): ExperienceEntry | null {
  const m = DATE_RANGE.exec(line.text)!;
  const dates = m[0];
  const before = clean(line.text.slice(0, m.index));
  const after = clean(line.text.slice(m.index + dates.length));
  let title = '';
  let employer: string | undefined;
  if (before && after) {
    // "Employer <dates> Title"
    employer = before;
    title = after;
  } else if ((before || after) && SEPARATOR.test(before || after)) {
    // "<dates> Employer – City , State" then the title line
    employer = clean((before || after).split(SEPARATOR)[0] ?? '') || undefined;
    if (next && !DATE_RANGE.test(next.text) && next.text.length < 120) title = clean(next.text);
  } else if (before || after) {
    // "Title , <dates>" then "Employer – City , State"
    title = before || after;
    if (next && !DATE_RANGE.test(next.text) && next.text.length < 120) employer = clean(next.text.split(SEPARATOR)[0] ?? '') || undefined;
  } else if (next) {
    // "<dates>" then "Title Employer – City"
    const parts = next.text.split(SEPARATOR);
    const head = parts[0] ?? '';
    const company = head.indexOf('Company Name');
    if (company > 0) {
      title = clean(head.slice(0, company));
      employer = 'Company Name';
    } else {
      title = clean(head);
      employer = parts.length > 1 ? clean(parts[1]!) || undefined : undefined;
    }
  }
  if (!title) return null;
  return { title, ...(employer ? { employer } : {}), dates, start: line.start, end };
}

/**
 * Splits a resume into sections by heading lines (Summary, Skills, Experience, Education, …). The
 * headline is the first non-empty line when it is not itself a heading (the candidate's own title);
 * experience entries are the lines with a date range inside experience sections.
 */
export function parseResumeSections(text: string): ParsedResume {
  const lines = linesOf(text);
  const sections: ResumeSection[] = [];
  let headline: string | null = null;
  let first = lines.findIndex((l) => l.text.trim() !== '');
  if (first < 0) return { headline: null, sections: [], experience: [] };
  const firstLine = lines[first]!;
  if (headingKind(firstLine.text) === null && firstLine.text.length <= 120) {
    headline = firstLine.text.trim();
    const s = firstLine.start + firstLine.text.indexOf(headline);
    sections.push({ kind: 'headline', start: s, end: s + headline.length, text: headline });
    first++;
  }
  let current: { kind: ResumeSectionKind; heading?: string; start: number; bodyStart: number } | null = null;
  const close = (end: number) => {
    if (!current) return;
    const body = text.slice(current.bodyStart, end);
    const trimmedEnd = current.bodyStart + body.trimEnd().length;
    if (trimmedEnd > current.bodyStart || current.heading) {
      sections.push({
        kind: current.kind,
        start: current.start,
        end: Math.max(trimmedEnd, current.start),
        text: text.slice(current.start, Math.max(trimmedEnd, current.start)),
        ...(current.heading !== undefined ? { heading: current.heading } : {}),
      });
    }
  };
  for (let i = first; i < lines.length; i++) {
    const line = lines[i]!;
    const kind = headingKind(line.text);
    if (kind !== null) {
      close(line.start);
      current = { kind, heading: line.text.trim(), start: line.start, bodyStart: Math.min(line.end + 1, text.length) };
    } else if (!current && line.text.trim() !== '') {
      current = { kind: 'other', start: line.start, bodyStart: line.start };
    }
  }
  close(text.length);

  const experience: ExperienceEntry[] = [];
  for (const section of sections.filter((s) => s.kind === 'experience')) {
    const inside = lines.filter((l) => l.start >= section.start && l.end <= section.end);
    const dated = inside.map((l, i) => ({ l, i })).filter(({ l }) => DATE_RANGE.test(l.text));
    dated.forEach(({ l, i }, n) => {
      const nextDated = dated[n + 1];
      const end = nextDated ? nextDated.l.start - 1 : section.end;
      const entry = entryFrom(l, inside[i + 1], Math.max(end, l.end));
      if (entry) experience.push(entry);
    });
  }
  return { headline, sections, experience };
}
