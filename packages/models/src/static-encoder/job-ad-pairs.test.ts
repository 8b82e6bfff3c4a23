import { describe, expect, it } from 'vitest';
import { toyOccupation, toySkill } from '../__fixtures__/toy-esco.ts';
import { buildEscoPairs, KEY_SPACE } from './esco-pairs.ts';
import { Prng } from '@jobskill/data';
import { WordPieceTokenizer } from './tokenizer.ts';
import { trainStaticEncoder } from './trainer.ts';
import { buildWordPieceVocab } from './vocab.ts';

const skills = [
  toySkill('py', 'python programming', ['program in python']),
  toySkill('sec', 'monitor security events', ['security monitoring']),
  toySkill('cook', 'cook meals', ['prepare meals']),
  toySkill('drive', 'drive trucks', ['operate lorries']),
];
const occupations = [toyOccupation('dev', 'software developer', ['programmer']), toyOccupation('chef', 'chef', ['head cook'])];
const rel = (o: string, s: string) => ({ occupationUri: `o:${o}`, skillUri: `s:${s}`, relationType: 'essential' as const, skillType: '' });
const esco = { skills, occupations, relations: [rel('dev', 'py'), rel('chef', 'cook')], hierarchy: [] };
const jobAds = {
  vacancies: [
    { row: 0, title: 'SOC analyst', skills: [{ uri: 's:sec', probability: 0.9 }, { uri: 's:py', probability: 0.2 }] },
    { row: 1, title: 'Truck driver (m/w/d)', skills: [{ uri: 's:drive', probability: 0.8 }] },
  ],
  jobBertTitles: new Map([['o:dev', ['Senior Backend Engineer', 'Java dev']], ['o:chef', ['Sous chef']]]),
};

describe('job-ad pairs', () => {
  it('are off by default: the ESCO pairs, texts and epoch draws are unchanged', () => {
    const plain = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1 });
    const withData = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1 }, jobAds);
    expect(withData.counts).toEqual(plain.counts);
    expect(withData.texts).toEqual(plain.texts);
    expect(withData.epochPairs(new Prng(3))).toEqual(plain.epochPairs(new Prng(3)));
  });

  it('pair vacancy titles with their skills (weight = vacancySkill × probability) and JobBERT titles with their occupation', () => {
    const kinds = { vacancySkill: 2, jobBertSkill: 1, jobBertTitle: 0.5 };
    const pairs = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1, kinds }, jobAds);
    expect(pairs.counts).toMatchObject({ vacancySkill: 3, jobBertSkill: 2, jobBertTitle: 3 });
    const sample = pairs.epochPairs(new Prng(5));
    const text = (i: number) => pairs.texts[i]!;
    const soc = sample.filter((p) => text(p.a) === 'SOC analyst');
    expect(soc.map((p) => p.weight).sort()).toEqual([0.4, 1.8]);
    const backend = sample.filter((p) => ['Senior Backend Engineer', 'Java dev'].includes(text(p.a)));
    expect(backend.some((p) => ['python programming', 'program in python'].includes(text(p.b)))).toBe(true);
    expect(backend.some((p) => ['software developer', 'programmer'].includes(text(p.b)))).toBe(true);
    for (const p of sample) expect(pairs.known.has(p.anchorKey * KEY_SPACE + p.positiveKey)).toBe(true);
  });

  it('JobBERT titles of held-out occupations stay out of training', () => {
    const kinds = { jobBertSkill: 1, jobBertTitle: 1 };
    const pairs = buildEscoPairs(esco, new Map(), { devFraction: 0.5, seed: 1, kinds }, jobAds);
    const heldOut = [...pairs.dev!.relevant.keys()];
    expect(heldOut).toHaveLength(1);
    const heldTitles = jobAds.jobBertTitles.get(heldOut[0]!)!;
    for (const t of heldTitles) expect(pairs.texts).not.toContain(t);
  });

  it('training on vacancy pairs teaches a title the ESCO relations never name', () => {
    const pairs = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1, kinds: { vacancySkill: 1 } }, jobAds);
    const tokenizer = new WordPieceTokenizer(buildWordPieceVocab(pairs.texts, { minWordCount: 1, maxPieces: 100 }), { addSpecialTokens: true, maxLength: 512 });
    const { table, dim } = trainStaticEncoder(pairs, tokenizer, { dim: 16, epochs: 40, batchSize: 4, learningRate: 0.05, seed: 1 });
    const vec = (t: string) => {
      const ids = tokenizer.contentIds(t);
      const v = new Float64Array(dim);
      for (const id of ids) for (let k = 0; k < dim; k++) v[k]! += table[id * dim + k]!;
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    const cos = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    const soc = vec('SOC analyst');
    expect(cos(soc, vec('monitor security events'))).toBeGreaterThan(cos(soc, vec('cook meals')));
  });

  it('is deterministic with job-ad pairs: two trainings of one recipe give the same bytes, another seed others', () => {
    const kinds = { vacancySkill: 1, jobBertSkill: 1, jobBertTitle: 1 };
    const train = (seed: number) => {
      const pairs = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1, kinds }, jobAds);
      const tokenizer = new WordPieceTokenizer(buildWordPieceVocab(pairs.texts, { minWordCount: 1, maxPieces: 100 }), { addSpecialTokens: true, maxLength: 512 });
      return Buffer.from(trainStaticEncoder(pairs, tokenizer, { dim: 8, epochs: 5, batchSize: 4, learningRate: 0.05, seed }).table.buffer);
    };
    expect(train(1).equals(train(1))).toBe(true);
    expect(train(1).equals(train(2))).toBe(false);
  });
});
