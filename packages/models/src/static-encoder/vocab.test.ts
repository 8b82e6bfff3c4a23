import { describe, expect, it } from 'vitest';
import { WordPieceTokenizer } from './tokenizer.ts';
import { buildWordPieceVocab } from './vocab.ts';

const TEXTS = [
  'manage musical staff',
  'manage staff of music',
  'software developer',
  'develop software',
  'software developers',
  'Café manager',
  'cafe manager',
  'data scientist',
  'data scientists',
];

describe('buildWordPieceVocab', () => {
  const vocab = buildWordPieceVocab(TEXTS, { minWordCount: 2, maxPieces: 500 });
  const tok = new WordPieceTokenizer(vocab, { addSpecialTokens: false, maxLength: 512 });

  it('starts with the BERT specials and has unique tokens', () => {
    expect(vocab.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect(new Set(vocab).size).toBe(vocab.length);
  });

  it('keeps frequent words whole (after BERT normalization) and drops rare ones', () => {
    expect(vocab).toContain('manage');
    expect(vocab).toContain('cafe'); // "Café" and "cafe" count together
    expect(vocab).not.toContain('café');
    expect(vocab).not.toContain('musical'); // seen once
  });

  it('splits unseen words into pieces, never [UNK] for known characters', () => {
    const pieces = tok.contentIds('softwares musically').map((id) => vocab[id]);
    expect(pieces).not.toContain('[UNK]');
    expect(pieces[0]).toBe('software');
    expect(pieces).toEqual(['software', '##s', 'musica', '##l', '##l', '##y']); // a learned prefix piece, then letters
    // every ASCII letter/digit is there, word-initial and as a continuation
    for (const c of 'qxz09') expect(tok.contentIds(`${c}${c}`).map((id) => vocab[id])).toEqual([c, `##${c}`]);
  });

  it('is deterministic', () => {
    expect(buildWordPieceVocab(TEXTS, { minWordCount: 2, maxPieces: 500 })).toEqual(vocab);
  });
});
