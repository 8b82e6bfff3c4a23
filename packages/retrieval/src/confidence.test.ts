import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EncoderVocabulary, assessSearch, calibratedSkillScore, withConfidence } from './confidence.ts';
import { SKILL_CONFIDENCE_CALIBRATION } from './confidence-calibration.ts';
import { defaultEncoderDir } from '@jobskill/encoders';

const dir = mkdtempSync(join(tmpdir(), 'jobskill-vocab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('EncoderVocabulary: which title words the encoder knows', () => {
  const tokens = ['[UNK]', 'data', 'scientist', 'develop', 'developer', '##s', '##er', 'nurse', 'x', '##q', '##z'];
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify({ model: { type: 'WordPiece', vocab: Object.fromEntries(tokens.map((t, i) => [t, i])) } }));
  const vocabulary = EncoderVocabulary.fromEncoderDir(dir);

  it('whole tokens and a stem plus one suffix piece are known; letter-by-letter spellings are not', () => {
    expect(vocabulary.coverage('Data Scientist')).toEqual({ words: 2, coverage: 1, unknownWords: [] });
    expect(vocabulary.coverage('developers').coverage).toBe(1);
    expect(vocabulary.coverage('xqzz nurse')).toEqual({ words: 2, coverage: 0.5, unknownWords: ['xqzz'] });
    expect(vocabulary.coverage('Ñurse').unknownWords).toEqual([]); // accents stripped like the BERT normalizer
  });

  it('emoji, digits and punctuation are no words: coverage 0', () => {
    expect(vocabulary.coverage('🚀🔥 42 !!')).toEqual({ words: 0, coverage: 0, unknownWords: [] });
  });

  it('a missing or malformed tokenizer.json is a MODEL_NOT_BUILT error naming the file', () => {
    expect(() => EncoderVocabulary.fromEncoderDir(join(dir, 'nope'))).toThrow(/MODEL_NOT_BUILT|cannot read the encoder vocabulary .*nope/);
    const bad = mkdtempSync(join(dir, 'bad-'));
    writeFileSync(join(bad, 'tokenizer.json'), JSON.stringify({ model: { vocab: ['a'] } }));
    expect(() => EncoderVocabulary.fromEncoderDir(bad)).toThrow(/model\.vocab is not a WordPiece vocabulary/);
  });

  it('the calibrated scores are probabilities that fall with confidence and rise with cosine', () => {
    const { confidence, calibratedScores } = withConfidence(vocabulary, 'data scientist', [{ c: 0.8 }, { c: 0.5 }], (h) => h.c);
    expect(confidence.lowConfidence).toBe(false);
    expect(calibratedScores[0]!).toBeGreaterThan(calibratedScores[1]!);
    expect(calibratedScores.every((p) => p > 0 && p < 1)).toBe(true);
    expect(calibratedSkillScore(0.8, 0.1)).toBeCloseTo(calibratedSkillScore(0.8, 1) * 0.1, 12);
    expect(SKILL_CONFIDENCE_CALIBRATION.provenance.script).toBe('packages/retrieval/scripts/calibrate-confidence.ts');
  });
});

const servedDir = defaultEncoderDir();
const haveEncoder = existsSync(join(servedDir, 'tokenizer.json'));
describe.skipIf(!haveEncoder)(`the served encoder's vocabulary${haveEncoder ? '' : ' (skipped: no built encoder; run pnpm model)'}`, () => {
  const vocabulary = haveEncoder ? EncoderVocabulary.fromEncoderDir(servedDir) : (undefined as never);

  it('gibberish and emoji-only titles are low-confidence and out of vocabulary, even with a high cosine', () => {
    for (const title of ['xqzzv qwpkj', '🚀🔥💼', 'Krankenpfleger']) {
      const a = assessSearch(vocabulary, title, [0.9, 0.8]);
      expect(a, title).toMatchObject({ lowConfidence: true, outOfVocabulary: true });
      expect(a.note, title).toMatch(/English job titles only/);
    }
  });

  it('everyday English job titles are confident and in vocabulary', () => {
    for (const title of ['data scientist', 'welder', 'registered nurse', 'software developers']) {
      const a = assessSearch(vocabulary, title, [0.7]);
      expect(a, title).toMatchObject({ lowConfidence: false, outOfVocabulary: false, coverage: 1 });
      expect(a.note).toBeUndefined();
      expect(a.confidence).toBeGreaterThan(0.9);
    }
  });
});
