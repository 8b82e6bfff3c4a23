/**
 * Prose in a skills field ("I worked with Java and Python for five years, mostly on APIs. Led a team of 4.") is split
 * into sentences and list items, not on commas: a comma inside a sentence joins clauses, it does not separate skills.
 */

/** Words before a full stop that do not end a sentence ("e.g. Python", "Dr. Smith"). */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'eg', 'ie', 'vs', 'dr', 'mr', 'mrs', 'ms', 'prof', 'inc', 'ltd', 'co', 'corp', 'jr', 'sr', 'st', 'no', 'approx', 'fig', 'resp', 'incl', 'esp', 'dept', 'univ', 'min', 'max', 'yrs', 'yr']);

/** A line that starts a list item: bullet glyphs, "-", "*", "1.", "1)", "a)". */
const LIST_ITEM = /^\s*(?:[-*–—•·▪●◦■❖➢►✓\u2023\u2043]+|\d{1,3}[.)]|[a-z][)])\s+/i;

/** Sentences of one line of prose: split after . ! ? (and runs of them) followed by space and an upper-case letter, digit or quote. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  const boundary = /[.!?]+(?=\s+["'“(]?[\p{Lu}\d])/gu;
  for (let match = boundary.exec(text); match !== null; match = boundary.exec(text)) {
    const end = match.index + match[0].length;
    const before = /(\S+)$/.exec(text.slice(start, match.index))?.[1] ?? '';
    const word = before.toLowerCase().replace(/^[("'“]+/, '');
    // "e.g." / "Dr." / an initial ("J. Smith") do not end a sentence.
    if (match[0] === '.' && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word))) continue;
    sentences.push(text.slice(start, end));
    start = end;
  }
  sentences.push(text.slice(start));
  return sentences.map((s) => s.trim()).filter((s) => s !== '');
}

/** Sentences and list items of a prose text: lines (list items, paragraphs) and semicolons first, then sentences. */
export function splitProse(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n|;/)) {
    const item = line.replace(LIST_ITEM, '').trim();
    if (item === '') continue;
    out.push(...splitSentences(item));
  }
  return out;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}+#.'’-]*/gu;

/**
 * True when a skills field reads as prose rather than a list: it has a sentence end ("… years. Led …") and its
 * comma/semicolon/line items average five words or more. "Java, Spring Boot, SQL" is a list; "Java, Python. SQL" too
 * (short items); a long comma list without sentences stays a list.
 */
export function looksLikeProse(text: string, items: readonly string[]): boolean {
  if (items.length === 0) return false;
  const words = text.match(WORD)?.length ?? 0;
  const perItem = words / items.length;
  return perItem >= 5 && /[\p{Ll}\d)][.!?]\s+\p{Lu}/u.test(text);
}
