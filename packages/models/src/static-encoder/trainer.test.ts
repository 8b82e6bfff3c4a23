import { describe, expect, it } from 'vitest';
import type { EscoOccupation, EscoSkill } from '@jobskill/data';
import { buildEscoPairs, KEY_SPACE } from './esco-pairs.ts';
import { Prng } from './prng.ts';
import { evaluateSkillRanking } from './evaluate.ts';
import { WordPieceTokenizer } from './tokenizer.ts';
import { trainStaticEncoder } from './trainer.ts';
import { buildWordPieceVocab } from './vocab.ts';

const skill = (id: string, preferredLabel: string, altLabels: string[] = []): EscoSkill => ({
  uri: `s:${id}`,
  preferredLabel,
  altLabels,
  hiddenLabels: [],
  skillType: 'skill/competence',
  reuseLevel: '',
  description: '',
  status: 'released',
});
const occupation = (id: string, preferredLabel: string, altLabels: string[]): EscoOccupation => ({
  uri: `o:${id}`,
  code: '',
  iscoGroup: '',
  preferredLabel,
  altLabels,
  hiddenLabels: [],
  description: '',
});

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

  it('is deterministic: same seed → same bytes, other seed → other bytes', () => {
    const a = trainStaticEncoder(setup(1).pairs, setup(1).tokenizer, { ...options, epochs: 3, pieceDropout: 0.2 });
    const b = trainStaticEncoder(setup(1).pairs, setup(1).tokenizer, { ...options, epochs: 3, pieceDropout: 0.2 });
    const c = trainStaticEncoder(setup(1).pairs, setup(1).tokenizer, { ...options, epochs: 3, pieceDropout: 0.2, seed: 2 });
    expect(Buffer.from(a.table.buffer).equals(Buffer.from(b.table.buffer))).toBe(true);
    expect(Buffer.from(a.table.buffer).equals(Buffer.from(c.table.buffer))).toBe(false);
  });
});
