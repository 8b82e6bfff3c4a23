/** One token of a text: its normalized form and its character range in the ORIGINAL text. */
export interface Token {
  norm: string;
  start: number;
  end: number;
}

// A token: a word with inner dots/hyphens/plus/sharp ("node.js", "c++", "c#", "e-mail"), or a dotted name (".net"),
// or "&" (read as "and").
const TOKEN_PATTERN = /\.?[\p{L}\p{N}][\p{L}\p{N}+#]*(?:[.'’\-/][\p{L}\p{N}][\p{L}\p{N}+#]*)*|&/gu;

// Plural endings stripped so "databases" meets "database"; words where a final s is not a plural are kept.
const KEEP_FINAL_S = new Set([
  'analysis', 'basis', 'diagnosis', 'thesis', 'synthesis', 'physics', 'mathematics', 'statistics', 'economics',
  'logistics', 'linguistics', 'ethics', 'graphics', 'electronics', 'robotics', 'genetics', 'acoustics', 'news', 'series',
  'species', 'status', 'bus', 'virus', 'campus', 'corpus', 'census', 'focus', 'process', 'access', 'business',
  'success', 'less', 'gas', 'lens', 'aws', 'js', 'ios', 'os', 'sas', 'ss', 'windows', 'kubernetes', 'jenkins', 'ux', 'its',
  'this', 'is', 'was', 'has', 'us', 'yes', 'plus', 'sales', 'logics', 'means', 'always', 'towards', 'analytics', 'css',
  'devops', 'redis', 'postgres', 'ethos', 'chaos',
]);

/** Case, "&" → "and", simple English plurals. */
export function normalizeWord(raw: string): string {
  let word = raw.toLowerCase().replace(/’/g, "'");
  if (word === '&') return 'and';
  if (word.endsWith("'s")) word = word.slice(0, -2);
  if (word.length <= 3 || KEEP_FINAL_S.has(word) || /[^a-z]/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/** Tokens of a text with offsets into the text as given (no copy of the text is normalized in place). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    let surface = match[0];
    let start = match.index;
    // A sentence-final dot is no part of the word ("Java." ≠ a dotted name), but ".net" keeps its leading dot.
    if (surface.startsWith('.') && start > 0 && /[\p{L}\p{N}]/u.test(text[start - 1]!)) {
      surface = surface.slice(1);
      start += 1;
    }
    tokens.push({ norm: normalizeWord(surface), start, end: start + surface.length });
  }
  return tokens;
}

/** The normalized form of a label: its tokens joined by single spaces. */
export function normalizeLabel(label: string): string {
  return tokenize(label)
    .map((t) => t.norm)
    .join(' ');
}
