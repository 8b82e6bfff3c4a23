import { z } from 'zod';
import { bertWords, CONTINUING_SUBWORD_PREFIX, MAX_INPUT_CHARS_PER_WORD, SPECIAL_TOKEN_LIST } from './tokenizer.ts';

export const VocabOptionsSchema = z.object({
  /** A word becomes a whole-word token when it occurs at least this often. */
  minWordCount: z.number().int().positive().default(2),
  /** Cap on whole-word tokens (most frequent first). */
  maxWords: z.number().int().positive().default(30000),
  /** Number of subword pieces (word-initial and `##` continuation pieces of length ≥ 2). */
  maxPieces: z.number().int().nonnegative().default(6000),
  /** Longest subword piece, in characters. */
  maxPieceLength: z.number().int().min(2).default(6),
});
export type VocabOptions = z.input<typeof VocabOptionsSchema>;

const byCountThenText = (a: [string, number], b: [string, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * Derives a WordPiece vocabulary from text: the BERT specials; every character seen, both word-initial and as a
 * `##` piece (so no ESCO word is ever [UNK]); frequent whole words; and frequent prefixes / `##` suffixes and
 * infixes of words, so unseen words (typos, abbreviations, inflections) split into meaningful pieces rather than
 * letters. Deterministic: ties break on the token text.
 */
export function buildWordPieceVocab(texts: Iterable<string>, options: VocabOptions = {}): string[] {
  const o = VocabOptionsSchema.parse(options);
  const wordCounts = new Map<string, number>();
  for (const text of texts) {
    for (const word of bertWords(text)) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
  }
  const vocab: string[] = [...SPECIAL_TOKEN_LIST];
  const seen = new Set(vocab);
  const add = (token: string) => {
    if (!seen.has(token)) {
      seen.add(token);
      vocab.push(token);
    }
  };

  const chars = new Map<string, number>();
  const pieces = new Map<string, number>();
  for (const [word, count] of wordCounts) {
    const cs = [...word];
    if (cs.length > MAX_INPUT_CHARS_PER_WORD) continue;
    for (const c of cs) chars.set(c, (chars.get(c) ?? 0) + count);
    if (cs.length < 3) continue;
    // candidate pieces: prefixes, and continuation substrings of every non-initial start
    for (let len = 2; len <= Math.min(o.maxPieceLength, cs.length - 1); len++) {
      const prefix = cs.slice(0, len).join('');
      pieces.set(prefix, (pieces.get(prefix) ?? 0) + count);
    }
    for (let start = 1; start < cs.length - 1; start++) {
      for (let len = 2; len <= o.maxPieceLength && start + len <= cs.length; len++) {
        const piece = CONTINUING_SUBWORD_PREFIX + cs.slice(start, start + len).join('');
        pieces.set(piece, (pieces.get(piece) ?? 0) + count);
      }
    }
  }
  for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789') chars.set(c, chars.get(c) ?? 0);
  for (const [c] of [...chars].sort(byCountThenText)) {
    add(c);
    add(CONTINUING_SUBWORD_PREFIX + c);
  }
  const words = [...wordCounts].filter(([, n]) => n >= o.minWordCount).sort(byCountThenText).slice(0, o.maxWords);
  for (const [w] of words) add(w);
  let added = 0;
  for (const [p] of [...pieces].sort(byCountThenText)) {
    if (added >= o.maxPieces) break;
    if (seen.has(p)) continue;
    add(p);
    added++;
  }
  return vocab;
}
