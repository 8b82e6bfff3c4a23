import { looksLikeProse, splitProse } from './prose.ts';

/**
 * Turns a free-text skills field ("Java (3 years), SQL; • Docker\n- Git") into a clean list.
 * Separators: commas, semicolons, line breaks and bullet glyphs — but only outside balanced
 * parentheses, so "Selenium (IDE, WebDriver)" stays one skill. A leading "-" or "*" is a bullet too.
 * Experience notes such as "(Less than 1 year)" or "(10+ years)" are removed; items are trimmed
 * (trailing full stops too: "Linux." and "Linux" are one skill), deduplicated case-insensitively
 * keeping the first spelling, and empty items dropped. A field that reads as prose (see `looksLikeProse`) is split
 * into sentences and list items instead, never on the commas inside a sentence.
 */
const SEPARATORS = new Set([
  ',',
  ';',
  '\n',
  '\r',
  '•',
  '·',
  '▪',
  '●',
  '◦',
  '■',
  '❖',
  '➢',
  '►',
  '✓',
  '\u2023',
  '\u2043',
]);

const EXPERIENCE_NOTE =
  /\(\s*(?:less\s+than\s+|more\s+than\s+|over\s+|about\s+|~\s*)?\d+(?:\.\d+)?\s*\+?\s*(?:years?|yrs?\.?|months?|mos?\.?)\s*\)/gi;

const LEADING_BULLET = /^(?:[-*–—]+\s*)+/;

export function parseSkills(raw: string | null | undefined): string[] {
  if (raw === null || raw === undefined) return [];
  const text = raw.replace(EXPERIENCE_NOTE, ' ');
  const protectedRanges = balancedParenthesisMask(text);
  const items: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!protectedRanges[i] && SEPARATORS.has(ch)) {
      items.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  items.push(current);
  const nonEmpty = items.filter((item) => item.trim() !== '');
  const pieces = looksLikeProse(text, nonEmpty) ? splitProse(text) : items;

  const seen = new Set<string>();
  const skills: string[] = [];
  for (const item of pieces) {
    const clean = item
      .replace(/\s+/g, ' ')
      .trim()
      .replace(LEADING_BULLET, '')
      .replace(/[\s.]+$/, '')
      .trim();
    if (clean === '') continue;
    const key = clean.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    skills.push(clean);
  }
  return skills;
}

/** mask[i] is true inside a balanced (...) pair; an unmatched "(" or ")" protects nothing. */
function balancedParenthesisMask(text: string): boolean[] {
  const mask = new Array<boolean>(text.length).fill(false);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') open.push(i);
    else if (text[i] === ')') {
      const start = open.pop();
      // Only the outermost pair needs marking; nested pairs fall inside it.
      if (start !== undefined && open.length === 0) mask.fill(true, start, i + 1);
    }
  }
  return mask;
}
