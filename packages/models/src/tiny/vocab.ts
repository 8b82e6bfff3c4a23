import { BERT_SPECIAL_TOKENS, T5_SPECIAL_TOKENS } from '../hf/wordpiece-tokenizer.ts';

/** Words every tiny model knows: job titles, skills and the words of common prompt templates. */
export const TINY_WORDS = Object.freeze([
  'data', 'scientist', 'engineer', 'software', 'developer', 'manager', 'analyst', 'nurse', 'teacher', 'sales',
  'python', 'java', 'sql', 'machine', 'learning', 'statistics', 'cloud', 'aws', 'docker', 'excel', 'marketing',
  'accounting', 'finance', 'design', 'patient', 'care', 'teaching', 'communication', 'leadership', 'project',
  'management', 'web', 'react', 'database', 'network', 'security', 'customer', 'service', 'research', 'writing',
  'this', 'example', 'is', 'the', 'a', 'an', 'of', 'and', 'for', 'with', 'to', 'in', 'job', 'role', 'skill',
  'resume', 'about', 'what', 'which', 'answer', 'question', 'yes', 'no', 'hr', 'it',
] as const);

/** Pieces so that inflections and unknown words split into `##` pieces instead of all becoming unknown. */
const TINY_PIECES = ['##s', '##ing', '##er', '##ed', '##ist', '##al'];
const PUNCTUATION = ['.', ',', ':', '?', '!', '-', '(', ')', "'", '/'];

/** A deterministic WordPiece vocab: specials first (ids 0…), then words (lowercased, deduplicated), pieces, punctuation. */
export function tinyVocab(style: 'bert' | 't5', extraWords: readonly string[] = []): string[] {
  const specials: readonly string[] = style === 'bert' ? BERT_SPECIAL_TOKENS : T5_SPECIAL_TOKENS;
  const seen = new Set<string>(specials);
  const vocab = [...specials];
  for (const w of [...TINY_WORDS, ...extraWords.map((x) => x.toLowerCase()), ...TINY_PIECES, ...PUNCTUATION]) {
    if (!seen.has(w)) {
      seen.add(w);
      vocab.push(w);
    }
  }
  return vocab;
}
