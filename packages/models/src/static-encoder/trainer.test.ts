import { describe, expect, it } from 'vitest';
import { toyOccupation, toySkill } from '../__fixtures__/toy-esco.ts';
import { buildEscoPairs, KEY_SPACE, weightedSample } from './esco-pairs.ts';
import { Prng } from '@jobskill/data';
import { encodeTexts, evaluateSkillRanking } from './evaluate.ts';
import { WordPieceTokenizer } from './tokenizer.ts';
import { trainStaticEncoder, UNTRAINED_ROW_SCALE } from './trainer.ts';
import type { PretrainedVectors } from './pretrained-vectors.ts';
import { buildWordPieceVocab } from './vocab.ts';

const skill = toySkill;
const occupation = toyOccupation;

// A toy ESCO: two clusters of occupations (software / kitchen) with their own skills.
const skills = [
  skill('py', 'python programming', ['program in python', 'python']),
  skill('js', 'javascript', ['write javascript', 'js programming']),
  skill('db', 'database design', ['design databases', 'sql databases']),
  skill('test', 'software testing', ['test software', 'qa testing']),
  skill('cook', 'cook meals', ['prepare meals', 'cooking']),
  skill('bake', 'bake bread', ['baking bread', 'bread baking']),
  skill('clean', 'clean kitchen', ['kitchen cleaning', 'clean cooking areas']),
  skill('menu', 'plan menus', ['menu planning', 'design menus']),
];
const occupations = [
  occupation('dev', 'software developer', ['programmer', 'software engineer']),
  occupation('web', 'web developer', ['frontend developer', 'web programmer']),
  occupation('tester', 'software tester', ['qa engineer', 'test engineer']),
  occupation('chef', 'chef', ['head cook', 'kitchen chef']),
  occupation('baker', 'baker', ['bread baker', 'pastry baker']),
  occupation('cook', 'cook', ['line cook', 'kitchen cook']),
];
const rel = (o: string, s: string) => ({
  occupationUri: `o:${o}`,
  skillUri: `s:${s}`,
  relationType: 'essential' as const,
  skillType: '',
});
const relations = [
  rel('dev', 'py'), rel('dev', 'db'), rel('dev', 'test'), rel('dev', 'js'),
  rel('web', 'js'), rel('web', 'db'), rel('web', 'py'),
  rel('tester', 'test'), rel('tester', 'py'), rel('tester', 'js'),
  rel('chef', 'cook'), rel('chef', 'menu'), rel('chef', 'clean'),
  rel('baker', 'bake'), rel('baker', 'clean'), rel('baker', 'cook'),
  rel('cook', 'cook'), rel('cook', 'clean'), rel('cook', 'menu'), rel('cook', 'bake'),
];
const esco = { skills, occupations, relations, hierarchy: [] };
const titles = new Map([['o:dev', ['software developer', 'developer', 'coder']]]);

function setup(seed: number) {
  const pairs = buildEscoPairs(esco, titles, { devFraction: 0, seed, kinds: { titleTitle: 1 } });
  const vocab = buildWordPieceVocab(pairs.texts, { minWordCount: 1, maxPieces: 100 });
  const tokenizer = new WordPieceTokenizer(vocab, { addSpecialTokens: true, maxLength: 512 });
  return { pairs, tokenizer };
}
const options = { dim: 16, epochs: 30, batchSize: 8, learningRate: 0.05, seed: 1 };

describe('buildEscoPairs', () => {
  it('pairs title variants with related skills and aliases with preferred labels, masking known positives', () => {
    const { pairs } = setup(1);
    expect(pairs.counts).toMatchObject({ titleSkill: relations.length, aliasSkill: 16 });
    const sample = pairs.epochPairs(new Prng(9));
    expect(sample.length).toBe(Object.values(pairs.counts).reduce((a, b) => a + b, 0));
    const titleSkill = sample.filter((p) => pairs.texts[p.b] === 'python programming');
    // developer, web developer and tester all need python, and its two aliases point at it: 4 anchor identities
    expect(new Set(titleSkill.map((p) => p.anchorKey)).size).toBe(4);
    for (const p of sample) expect(pairs.known.has(p.anchorKey * KEY_SPACE + p.positiveKey)).toBe(true);
  });

  it('skillAliasProbability draws the skill side of title↔skill pairs among the alt labels that often', () => {
    const pythonTexts = new Set(['python programming', 'program in python', 'python']);
    const skillSides = (p: number, seed: number) => {
      const pairs = buildEscoPairs(esco, titles, { devFraction: 0, seed: 1, kinds: { skillAliasProbability: p } });
      // title↔skill pairs reaching python (aliasSkill pairs also end there: their anchor is a python alias)
      return pairs
        .epochPairs(new Prng(seed))
        .filter((x) => pythonTexts.has(pairs.texts[x.b]!) && !pythonTexts.has(pairs.texts[x.a]!))
        .map((x) => pairs.texts[x.b]!);
    };
    expect(new Set(skillSides(0, 3))).toEqual(new Set(['python programming']));
    const always = skillSides(1, 3);
    expect(always.length).toBe(3); // dev, web and tester need python
    for (const t of always) expect(['program in python', 'python']).toContain(t);
    let alt = 0;
    let all = 0;
    for (let seed = 0; seed < 300; seed++) {
      const sides = skillSides(0.6, seed);
      all += sides.length;
      alt += sides.filter((t) => t !== 'python programming').length;
    }
    expect(alt / all).toBeGreaterThan(0.5);
    expect(alt / all).toBeLessThan(0.7);
  });

  it('holds dev occupations out of training entirely', () => {
    const pairs = buildEscoPairs(esco, titles, { devFraction: 0.34, seed: 3 });
    expect(pairs.dev!.relevant.size).toBe(2);
    expect(pairs.trainOccupations).toBe(4);
    for (const q of pairs.dev!.queries) {
      const occ = occupations.find((o) => o.uri === q.occupationUri)!;
      for (const t of [occ.preferredLabel, ...occ.altLabels]) {
        // a dev title may still occur as a skill text, never as an anchor of a training pair
        const id = pairs.texts.indexOf(t);
        if (id >= 0) expect(pairs.epochPairs(new Prng(9)).some((p) => p.a === id)).toBe(false);
      }
    }
  });
});

describe('dev set (TalentCLEF-like)', () => {
  it('queries non-preferred titles, free-form first; the corpus is capped and mixes in distractors', () => {
    const withFree = new Map([...titles, ['o:chef', ['chef', 'sous-chef de cuisine']]]);
    const pairs = buildEscoPairs(esco, withFree, {
      devFraction: 0.5, seed: 3, devQueriesPerOccupation: 1, devCorpusSize: 5, devDistractorShare: 0.4,
    });
    const dev = pairs.dev!;
    expect(dev.corpus).toHaveLength(5);
    const devOccs = [...dev.relevant.keys()];
    const devUnion = new Set(relations.filter((r) => devOccs.includes(r.occupationUri)).map((r) => r.skillUri));
    // 40 % of 5 = 2 distractors from outside the dev occupations' skills (when there are that many)
    const outside = dev.corpus.filter((c) => !devUnion.has(c.uri)).length;
    expect(outside).toBe(Math.min(2, skills.length - devUnion.size));
    for (const q of dev.queries) {
      const occ = occupations.find((o) => o.uri === q.occupationUri)!;
      expect(q.text).not.toBe(occ.preferredLabel);
      if (occ.uri === 'o:chef') expect(q.text).toBe('sous-chef de cuisine');
      for (const s of dev.relevant.get(q.occupationUri)!) expect(dev.corpus.some((c) => c.uri === s)).toBe(true);
    }
  });

  it('weightedSample draws k distinct items, heavier ones far more often, deterministically', () => {
    const items = ['a', 'b', 'c', 'd'];
    const w = (x: string) => (x === 'a' ? 50 : 1);
    let aFirst = 0;
    for (let seed = 0; seed < 200; seed++) {
      const s = weightedSample(items, w, 2, new Prng(seed));
      expect(new Set(s).size).toBe(2);
      if (s.includes('a')) aFirst++;
    }
    expect(aFirst).toBeGreaterThan(190);
    expect(weightedSample(items, w, 3, new Prng(7))).toEqual(weightedSample(items, w, 3, new Prng(7)));
    expect(weightedSample(items, w, 0, new Prng(7))).toEqual([]);
  });
});

describe('trainStaticEncoder', () => {
  it('learns the toy ESCO: titles rank their own skills first', () => {
    const { pairs, tokenizer } = setup(1);
    const trained = trainStaticEncoder(pairs, tokenizer, options);
    expect(trained.epochs.at(-1)!.meanLoss).toBeLessThan(trained.epochs[0]!.meanLoss * 0.8);
    const corpus = { ids: skills.map((s) => s.uri), aliases: skills.map((s) => [s.preferredLabel, ...s.altLabels]) };
    const relevant = (o: string) => new Set(relations.filter((r) => r.occupationUri === `o:${o}`).map((r) => r.skillUri));
    const queries = [
      { text: 'software engineer', relevant: relevant('dev') },
      { text: 'head cook', relevant: relevant('chef') },
      { text: 'bread baker', relevant: relevant('baker') },
    ];
    const trainedMap = evaluateSkillRanking(trained.table, trained.dim, tokenizer, queries, corpus);
    const untrained = trainStaticEncoder(pairs, tokenizer, { ...options, epochs: 1, learningRate: 1e-9 });
    const randomMap = evaluateSkillRanking(untrained.table, untrained.dim, tokenizer, queries, corpus);
    expect(trainedMap.mapMeanOfAliases).toBeGreaterThan(0.85);
    expect(trainedMap.mapMeanOfAliases).toBeGreaterThan(randomMap.mapMeanOfAliases + 0.1);
  });

  it('shrinks untrained rows but never zeroes them, so no text pools to a zero (NaN after normalize) vector', () => {
    const { pairs, tokenizer } = setup(1);
    const trained = trainStaticEncoder(pairs, tokenizer, { ...options, epochs: 2 });
    const used = new Set(pairs.texts.flatMap((t) => tokenizer.contentIds(t)));
    const norm = (r: number) => Math.hypot(...trained.table.subarray(r * 16, (r + 1) * 16));
    const unused = Array.from({ length: tokenizer.size }, (_, r) => r).filter((r) => !used.has(r));
    expect(unused.length).toBe(trained.untrainedRows);
    const trainedNorm = Math.min(...[...used].map(norm));
    for (const r of unused) {
      expect(norm(r)).toBeGreaterThan(0);
      expect(norm(r)).toBeLessThan(trainedNorm * UNTRAINED_ROW_SCALE * 100);
    }
    // a text of untrained pieces only still gets a finite unit vector
    const [v] = [encodeTexts(trained.table, 16, tokenizer, ['zq'])];
    expect(Math.hypot(...v!)).toBeCloseTo(1, 5);
  });

  it('is deterministic: same seed → same bytes, other seed → other bytes', () => {
    const a = trainStaticEncoder(setup(1).pairs, setup(1).tokenizer, { ...options, epochs: 3, pieceDropout: 0.2 });
    const b = trainStaticEncoder(setup(1).pairs, setup(1).tokenizer, { ...options, epochs: 3, pieceDropout: 0.2 });
    const c = trainStaticEncoder(setup(1).pairs, setup(1).tokenizer, { ...options, epochs: 3, pieceDropout: 0.2, seed: 2 });
    expect(Buffer.from(a.table.buffer).equals(Buffer.from(b.table.buffer))).toBe(true);
    expect(Buffer.from(a.table.buffer).equals(Buffer.from(c.table.buffer))).toBe(false);
  });
});

describe('trainStaticEncoder with pretrained init', () => {
  const vectors: PretrainedVectors = {
    source: 'glove-100d',
    origin: 'test',
    dims: 4,
    get: (w) => (w === 'python' ? Float32Array.from([1, 0, 0, 0]) : undefined),
  };

  it('starts the rows of known whole words from their vectors × initScale', () => {
    const { pairs, tokenizer } = setup(1);
    // A vanishing learning rate: the table stays where it started.
    const t = trainStaticEncoder(pairs, tokenizer, { ...options, epochs: 1, learningRate: 1e-9, init: 'glove-100d', initScale: 3 }, () => {}, vectors);
    const id = tokenizer.idOf('python')!;
    const row = t.table.subarray(id * options.dim, (id + 1) * options.dim);
    expect(Array.from(row.subarray(0, 4)).map((x) => Math.round(x * 1e4) / 1e4)).toEqual([3, 0, 0, 0]);
    const random = trainStaticEncoder(pairs, tokenizer, { ...options, epochs: 1, learningRate: 1e-9 });
    expect(random.table[id * options.dim]).not.toBeCloseTo(3, 1);
  });

  it('refuses an init whose vectors were not passed', () => {
    const { pairs, tokenizer } = setup(1);
    expect(() => trainStaticEncoder(pairs, tokenizer, { ...options, init: 'glove-100d' })).toThrow(/init "glove-100d" needs its pretrained vectors/);
  });
});
