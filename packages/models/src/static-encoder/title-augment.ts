import { Prng } from '@jobskill/data';

/**
 * Free-form job-title augmentation. ESCO title variants are clean labels ("software developer",
 * "waiter/waitress"), while real job-ad titles are abbreviated, carry seniority words and drop modifiers
 * ("senior sw dev"). Training anchors perturbed this way teach the encoder the abbreviation tokens and make a title
 * robust to the extra/missing words. Lists are generic job-ad conventions, not taken from any evaluation data.
 */

/** Word or phrase (lowercase, whole words) → abbreviation, as seen in job ads. Longest phrases are tried first. */
export const TITLE_ABBREVIATIONS: Readonly<Record<string, string>> = Object.freeze({
  software: 'sw',
  hardware: 'hw',
  engineer: 'eng',
  engineering: 'eng',
  manager: 'mgr',
  management: 'mgmt',
  developer: 'dev',
  development: 'dev',
  senior: 'sr',
  junior: 'jr',
  assistant: 'asst',
  associate: 'assoc',
  administrator: 'admin',
  administration: 'admin',
  administrative: 'admin',
  technician: 'tech',
  technical: 'tech',
  technology: 'tech',
  director: 'dir',
  representative: 'rep',
  coordinator: 'coord',
  specialist: 'spec',
  operations: 'ops',
  executive: 'exec',
  supervisor: 'supv',
  department: 'dept',
  international: 'intl',
  maintenance: 'maint',
  accountant: 'acct',
  accounting: 'acctg',
  information: 'info',
  application: 'app',
  applications: 'apps',
  and: '&',
  'information technology': 'it',
  'information and communication technology': 'ict',
  'human resources': 'hr',
  'quality assurance': 'qa',
  'customer service': 'cs',
  'vice president': 'vp',
  'chief executive officer': 'ceo',
  'chief financial officer': 'cfo',
  'chief technology officer': 'cto',
  'chief operating officer': 'coo',
  'registered nurse': 'rn',
  'user experience': 'ux',
  'user interface': 'ui',
  'machine learning': 'ml',
  'artificial intelligence': 'ai',
  'research and development': 'r&d',
  'business development': 'bizdev',
  'heating, ventilation and air conditioning': 'hvac',
  'public relations': 'pr',
});

/** Words job ads put before a title. */
export const SENIORITY_PREFIXES: readonly string[] = Object.freeze([
  'senior', 'junior', 'lead', 'head of', 'chief', 'trainee', 'intern', 'principal', 'assistant', 'graduate',
  'apprentice', 'experienced', 'deputy', 'associate', 'sr', 'jr',
]);
/** Words job ads put after a title. */
export const TITLE_SUFFIXES: readonly string[] = Object.freeze(['trainee', 'intern', 'specialist', 'lead', 'ii', 'iii']);

const PHRASES = Object.keys(TITLE_ABBREVIATIONS).sort((a, b) => b.split(' ').length - a.split(' ').length || (a < b ? -1 : 1));

type Op = (words: string[], prng: Prng) => string[] | null;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "waiter/waitress" → one side; "(games)" / "(m/f)" → dropped. */
const resolveSlash: Op = (words, prng) => {
  const i = words.findIndex((w) => /[^/]\/[^/]/.test(w));
  if (i < 0) return null;
  const sides = words[i]!.split('/').filter((s) => s !== '');
  const out = [...words];
  out[i] = sides[prng.int(sides.length)]!;
  return out;
};
const dropParens: Op = (words) => {
  const text = words.join(' ');
  if (!/\([^)]*\)/.test(text)) return null;
  return splitWords(text.replace(/\s*\([^)]*\)\s*/g, ' '));
};
const LINKS = new Set(['of', 'and', '&', 'for', 'in', 'de', 'to', 'with']);
/**
 * Drops a modifier of a ≥ 3-word title; never the last word (the head noun in English titles), a linking word,
 * or the word before one ("head of sales" stays readable).
 */
const dropWord: Op = (words, prng) => {
  if (words.length < 3) return null;
  const candidates = words
    .slice(0, -1)
    .map((w, i) => i)
    .filter((i) => !LINKS.has(words[i]!.toLowerCase()) && !LINKS.has(words[i + 1]!.toLowerCase()));
  if (candidates.length === 0) return null;
  const drop = candidates[prng.int(candidates.length)]!;
  return words.filter((_, j) => j !== drop);
};
/** Abbreviates every abbreviable word or phrase, each with probability ½ (at least one). */
const abbreviate: Op = (words, prng) => {
  let text = ` ${words.join(' ').toLowerCase()} `;
  const found = PHRASES.filter((p) => text.includes(` ${p} `));
  if (found.length === 0) return null;
  const forced = found[prng.int(found.length)]!;
  for (const p of found) {
    if (p !== forced && prng.next() >= 0.5) continue;
    text = text.replace(new RegExp(` ${escape(p)} `, 'g'), ` ${TITLE_ABBREVIATIONS[p]!} `);
  }
  return splitWords(text);
};
const addSeniority: Op = (words, prng) =>
  prng.next() < 0.7
    ? [...splitWords(SENIORITY_PREFIXES[prng.int(SENIORITY_PREFIXES.length)]!), ...words]
    : [...words, TITLE_SUFFIXES[prng.int(TITLE_SUFFIXES.length)]!];

const splitWords = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

/**
 * A free-form-looking variant of an ESCO job title, deterministic for a given PRNG state: one or two of
 * {resolve a gender slash, drop a parenthesis, drop a modifier word, abbreviate, add a seniority word} (seniority
 * is always applicable, so the result differs from the input). Never empty. Case is left alone: the tokenizer
 * lowercases, so case variants would be identical training examples.
 */
export function perturbTitle(title: string, prng: Prng): string {
  const original = splitWords(title.trim());
  if (original.length === 0) return title.trim();
  const ops: Op[] = [resolveSlash, dropParens, dropWord, abbreviate, addSeniority];
  const count = prng.next() < 0.5 ? 1 : 2;
  let words = original;
  let applied = 0;
  for (const op of prng.shuffle([...ops])) {
    if (applied >= count) break;
    const out = op(words, prng);
    if (out === null || out.length === 0) continue;
    words = out;
    applied++;
  }
  // Two operations can cancel out ("sr" added, then dropped): a seniority word always makes it differ.
  if (words.join(' ').toLowerCase() === original.join(' ').toLowerCase()) words = addSeniority(words, prng)!;
  return words.join(' ');
}

/** `n` distinct perturbed variants of a title (fewer if perturbations collide), none equal to the title itself. */
export function perturbedVariants(title: string, n: number, prng: Prng): string[] {
  const seen = new Set([title.trim().toLowerCase()]);
  const out: string[] = [];
  for (let attempt = 0; attempt < n * 3 && out.length < n; attempt++) {
    const v = perturbTitle(title, prng);
    const low = v.toLowerCase();
    if (seen.has(low)) continue;
    seen.add(low);
    out.push(v);
  }
  return out;
}
