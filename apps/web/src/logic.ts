/**
 * The page's view logic as plain functions (no DOM): highlighting spans, CSV/JSON export, error messages,
 * core-first ordering and chart geometry. Unit-tested without a browser (logic.test.ts).
 */
import type { EvalTable, Importance, SkillHit } from './api-types.ts';

// ---------------------------------------------------------------------------------------------------------
// Highlighting

export interface Span {
  start: number;
  end: number;
}

export interface Segment<M extends Span> {
  text: string;
  start: number;
  end: number;
  /** The mention this segment shows, or undefined for plain text between mentions. */
  mention?: M;
}

/**
 * Cuts `text` into plain and highlighted segments that cover it exactly once, in order. Mentions are taken by
 * start, the longer first on a tie; a mention overlapping one already taken is left out (a span can only be
 * highlighted once), as are empty or out-of-range spans, which are clamped rather than trusted.
 */
export function highlightSegments<M extends Span>(text: string, mentions: readonly M[]): Segment<M>[] {
  const valid = mentions
    .map((m) => ({ m, start: Math.max(0, Math.floor(m.start)), end: Math.min(text.length, Math.floor(m.end)) }))
    .filter((v) => Number.isFinite(v.start) && Number.isFinite(v.end) && v.end > v.start)
    .sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const segments: Segment<M>[] = [];
  let at = 0;
  for (const v of valid) {
    if (v.start < at) continue;
    if (v.start > at) segments.push({ text: text.slice(at, v.start), start: at, end: v.start });
    segments.push({ text: text.slice(v.start, v.end), start: v.start, end: v.end, mention: v.m });
    at = v.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), start: at, end: text.length });
  return segments;
}

// ---------------------------------------------------------------------------------------------------------
// Export

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, or line break; quotes doubled. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const SKILL_CSV_COLUMNS = Object.freeze(['rank', 'label', 'uri', 'score', 'importance', 'best_alias', 'stage', 'first_stage_score', 'rerank_score']);

/** The ranked skills as CSV (header + one row per skill, CRLF line ends as RFC 4180 says). */
export function skillsToCsv(skills: readonly SkillHit[]): string {
  const rows = skills.map((s) =>
    [
      s.rank,
      s.label,
      s.uri,
      s.score,
      s.importance,
      s.evidence.bestAlias,
      s.evidence.stage,
      s.evidence.firstStageScore,
      s.evidence.rerankScore,
    ].map(csvField).join(','),
  );
  return [SKILL_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** The ranked skills as pretty JSON, with the query that produced them. */
export function skillsToJson(query: { title: string; k: number; rerank: boolean }, skills: readonly SkillHit[]): string {
  return `${JSON.stringify({ ...query, skills }, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Errors

/** What an endpoint does, for "this server has no … endpoint" messages. */
export const ENDPOINT_PURPOSE: Readonly<Record<string, string>> = Object.freeze({
  'POST /v1/skills/search': 'skill search',
  'POST /v1/skills/extract': 'skill extraction',
  'POST /v1/resumes/parse': 'resume parsing (PDF)',
  'POST /v1/roles/label': 'role labeling',
  'POST /v1/occupations/search': 'occupation search',
  'POST /v1/match': 'resume ↔ job matching',
  'GET /v1/occupations/suggest': 'job title suggestion',
  'GET /v1/eval/report': 'evaluation report',
  'GET /v1/roles': 'role listing',
});

export interface ApiFailureInput {
  /** e.g. "POST /v1/skills/extract" */
  endpoint: string;
  /** HTTP status, or 0 when no answer came (network error, server down). */
  status: number;
  /** The parsed body: a problem+json object, other JSON, text, or nothing. */
  body?: unknown;
  /** The thrown error's message when no answer came. */
  networkError?: string;
}

function problemDetail(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 300) : undefined;
  if (body && typeof body === 'object') {
    const b = body as { detail?: unknown; title?: unknown; message?: unknown };
    for (const v of [b.detail, b.message, b.title]) if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/**
 * A sentence a person can act on, for any failed call: a missing route says which feature this server lacks,
 * 503 says to wait, 4xx shows the server's own detail (it names the field), 5xx and network failures say so.
 */
export function formatApiError(failure: ApiFailureInput): string {
  const purpose = ENDPOINT_PURPOSE[failure.endpoint.replace(/\?.*$/, '')] ?? failure.endpoint;
  const detail = problemDetail(failure.body);
  if (failure.status === 0) {
    return `Cannot reach the server (${failure.endpoint}): ${failure.networkError ?? 'no answer'}. Is \`pnpm jobskill serve\` running?`;
  }
  if (failure.status === 404 && (detail === undefined || /^no route /.test(detail))) {
    return `This server has no ${purpose} endpoint (${failure.endpoint.replace(/\?.*$/, '')}); it is an older or partial build.`;
  }
  if (failure.status === 501) return `This server cannot do ${purpose} yet: ${detail ?? 'not implemented'}.`;
  if (failure.status === 503) {
    return `The server is not ready: ${detail ?? 'models are still loading'}. Retry in a few seconds.`;
  }
  if (failure.status === 413) return `The input is too large for the server${detail ? `: ${detail}` : ''}.`;
  if (failure.status >= 400 && failure.status < 500) return `The server rejected the request: ${detail ?? `HTTP ${failure.status}`}.`;
  return `The server failed (${purpose}, HTTP ${failure.status})${detail ? `: ${detail}` : ''}.`;
}

// ---------------------------------------------------------------------------------------------------------
// Ordering and scales

const IMPORTANCE_ORDER: Record<Importance, number> = { core: 0, contextual: 1 };

/** Core skills first, then contextual, then those without importance; stable within each group. */
export function coreFirst<T extends { importance?: Importance | undefined }>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (IMPORTANCE_ORDER[a.item.importance!] ?? 2) - (IMPORTANCE_ORDER[b.item.importance!] ?? 2) || a.i - b.i)
    .map((v) => v.item);
}

/** Bar width in [0, 1] for a score: relative to the largest score shown (scores are not all on [0, 1]). */
export function barFraction(score: number, maxScore: number): number {
  if (!Number.isFinite(score) || !Number.isFinite(maxScore) || maxScore <= 0) return 0;
  return Math.min(1, Math.max(0, score / maxScore));
}

/** Parses the k field: an integer in [1, max], else a message naming the field. */
export function parseK(raw: string, max = 1000): { k: number } | { error: string } {
  const k = Number(raw);
  if (!Number.isInteger(k) || k < 1 || k > max) return { error: `k must be a whole number from 1 to ${max}; got "${raw}"` };
  return { k };
}

// ---------------------------------------------------------------------------------------------------------
// Bar chart of systems per metric

export interface ChartBar {
  metric: string;
  system: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Index of the system: picks the colour. */
  series: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  /** Plot area inside the margins. */
  plot: { x: number; y: number; width: number; height: number };
  /** Value at the top of the axis (1 when every value is in [0, 1]). */
  max: number;
  groups: { metric: string; x: number; width: number }[];
  bars: ChartBar[];
  ticks: { value: number; y: number }[];
}

/**
 * Grouped bars: one group per metric (table row), one bar per system (table column), heights on a shared axis
 * from 0 to 1 (or to the largest value if some exceed 1). Missing values get no bar.
 */
export function barChartLayout(table: EvalTable, options: { width?: number; height?: number } = {}): ChartLayout {
  const width = options.width ?? 720;
  const height = options.height ?? 300;
  // The bottom margin holds the metric names, slanted so long ones ("ndcg@10 (graded)") do not collide.
  const plot = { x: 44, y: 12, width: width - 56, height: height - 12 - 72 };
  const values = table.rows.flatMap((r) => r.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  const max = Math.max(1, ...values);
  const groupWidth = table.rows.length > 0 ? plot.width / table.rows.length : plot.width;
  const n = Math.max(1, table.columns.length);
  const barWidth = (groupWidth * 0.8) / n;
  const groups: ChartLayout['groups'] = [];
  const bars: ChartBar[] = [];
  table.rows.forEach((row, g) => {
    const gx = plot.x + g * groupWidth;
    groups.push({ metric: row.label, x: gx, width: groupWidth });
    row.values.forEach((value, s) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) return;
      const h = (Math.max(0, value) / max) * plot.height;
      bars.push({
        metric: row.label,
        system: table.columns[s] ?? `system ${s + 1}`,
        value,
        x: gx + groupWidth * 0.1 + s * barWidth,
        y: plot.y + plot.height - h,
        width: barWidth,
        height: h,
        series: s,
      });
    });
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ value: f * max, y: plot.y + plot.height - f * plot.height }));
  return { width, height, plot, max, groups, bars, ticks };
}
