import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JobskillError, createRng, loadEsco } from '@jobskill/data';
import type { HashedEncoder } from '@jobskill/encoders';
import { SkillIndex } from '../index/skill-index.ts';
import type { RerankCandidate, Reranker } from '../rerank/types.ts';
import { corpusFromEsco, corpusFromTaskB, corpusHash, type SkillCorpus } from '../corpus/corpus.ts';
import { MAX_TITLE_LENGTH, SkillRetriever, topCandidates, type SkillHit } from './skill-retriever.ts';
import { firstStage } from './first-stage.ts';
import { useTinyTaskB } from '../__fixtures__/tiny-taskb-setup.ts';

const ESCO_MINI = new URL('../../../data/src/__fixtures__/esco-mini', import.meta.url).pathname;

const tiny = useTinyTaskB('jobskill-retriever-');
let root: string;
let encoder: HashedEncoder;
let corpus: SkillCorpus;
let index: SkillIndex;

/** Prefers skills whose preferred label is short: an order unrelated to the encoder's. */
const shortLabelReranker: Reranker & { seen: RerankCandidate[][] } = {
  id: 'test-short-label',
  seen: [],
  async rerank(_query, candidates) {
    this.seen.push(candidates);
    return candidates.map((c) => 100 - 3 * c.aliases[0]!.length);
  },
};

beforeAll(async () => {
  ({ root, encoder, corpus } = tiny);
  index = await SkillIndex.build(corpus, encoder, { granularity: 'alias' });
});

function expectCompleteAndDecreasing(hits: SkillHit[], size: number): void {
  expect(hits).toHaveLength(size);
  expect(new Set(hits.map((h) => h.docId)).size).toBe(size);
  hits.forEach((hit, i) => {
    expect(hit.rank).toBe(i + 1);
    if (i > 0) expect(hit.score).toBeLessThan(hits[i - 1]!.score);
  });
}

async function errorOf(promise: Promise<unknown>): Promise<JobskillError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JobskillError);
  return error as JobskillError;
}

describe('SkillRetriever', () => {
  it('grades hits core (top, near the best cosine, not a general skill) or contextual', async () => {
    const plain = await SkillRetriever.create({ encoder, corpus, index, reranker: null, importance: { coreTopK: 3, coreRelativeScore: 0 } });
    const hits = await plain.search('data scientist', { k: 8 });
    expect(hits.map((h) => h.importance)).toEqual(['core', 'core', 'core', 'contextual', 'contextual', 'contextual', 'contextual', 'contextual']);
    const general = new Set([hits[0]!.escoUri]);
    const withGeneral = await SkillRetriever.create({ encoder, corpus, index, reranker: null, importance: { coreTopK: 3, coreRelativeScore: 0, generalSkills: general } });
    const again = await withGeneral.search('data scientist', { k: 8 });
    expect(again[0]!.docId).toBe(hits[0]!.docId); // grading never reorders
    expect(again[0]!.importance).toBe('contextual');
    const strict = await SkillRetriever.create({ encoder, corpus, index, reranker: null, importance: { coreTopK: 8, coreRelativeScore: 1 } });
    const top = await strict.search('data scientist', { k: 8 });
    expect(top[0]!.importance).toBe('core');
    for (const h of top) expect(h.importance === 'core').toBe(h.evidence.firstStageScore >= top[0]!.evidence.firstStageScore);
  });

  it('returns a complete ranking with URIs, labels, scores and evidence', async () => {
    const retriever = await SkillRetriever.create({ encoder, corpus, index });
    const hits = await retriever.search('Data  Scientist ');
    expectCompleteAndDecreasing(hits, 8);
    expect(hits[0]).toMatchObject({
      docId: 'c3',
      escoUri: 'http://data.europa.eu/esco/skill/tiny-3',
      label: 'data analysis',
      evidence: { stage: 'candidate', firstStageRank: 1, bestAlias: expect.stringContaining('data') },
    });
    expect(hits[0]!.score).toBeCloseTo(hits[0]!.evidence.bestAliasScore!, 3);
    expect(hits.slice(0, 3).map((h) => h.docId).sort()).toEqual(['c1', 'c2', 'c3']);
  });

  it('re-ranks the top N candidates with the blend, then the rest in exact first-stage order', async () => {
    const retriever = await SkillRetriever.create({ encoder, corpus, index, reranker: shortLabelReranker, candidates: 4 });
    const hits = await retriever.search('software developer');
    expectCompleteAndDecreasing(hits, 8);
    const head = hits.slice(0, 4);
    const tail = hits.slice(4);
    expect(head.every((h) => h.evidence.stage === 'reranked')).toBe(true);
    expect(tail.every((h) => h.evidence.stage === 'rest')).toBe(true);
    // The candidates are the first stage's top 4; the tail keeps exact first-stage order.
    expect(head.map((h) => h.evidence.firstStageRank).sort()).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < tail.length; i++) {
      expect(tail[i]!.evidence.firstStageScore).toBeLessThanOrEqual(tail[i - 1]!.evidence.firstStageScore);
    }
    // final = 0.7·minmax(bi) + 0.3·minmax(rerank), recomputed from the evidence.
    const bi = head.map((h) => h.evidence.firstStageScore);
    const rr = head.map((h) => h.evidence.rerankScore!);
    const [biMin, biMax, rrMin, rrMax] = [Math.min(...bi), Math.max(...bi), Math.min(...rr), Math.max(...rr)];
    for (const h of head) {
      const want = 0.7 * ((h.evidence.firstStageScore - biMin) / (biMax - biMin)) + 0.3 * ((h.evidence.rerankScore! - rrMin) / (rrMax - rrMin));
      expect(h.score).toBeCloseTo(want, 10);
      expect(h.evidence.rerankNormalized).toBeGreaterThanOrEqual(0);
      expect(h.evidence.rerankNormalized).toBeLessThanOrEqual(1);
    }
    const seen = shortLabelReranker.seen.at(-1)!;
    expect(seen).toHaveLength(4);
    expect(seen[0]).toMatchObject({ docId: expect.any(String), escoUri: expect.stringContaining('esco/skill/'), aliases: expect.any(Array) });
  });

  it('α = 1 keeps the first-stage order, α = 0 the re-ranker order; rerank: false skips it', async () => {
    const retriever = await SkillRetriever.create({ encoder, corpus, index, reranker: shortLabelReranker });
    const firstStage = await retriever.search('nurse', { rerank: false });
    expect(firstStage.every((h) => h.evidence.rerankScore === undefined && h.evidence.stage === 'candidate')).toBe(true);
    const alphaOne = await retriever.search('nurse', { alpha: 1 });
    expect(alphaOne.map((h) => h.docId)).toEqual(firstStage.map((h) => h.docId));
    const alphaZero = await retriever.search('nurse', { alpha: 0 });
    const byLabel = [...corpus.skills]
      .sort((a, b) => a.aliases[0]!.length - b.aliases[0]!.length || (a.docId < b.docId ? -1 : 1))
      .map((s) => s.docId);
    expect(alphaZero.map((h) => h.docId)).toEqual(byLabel);
    expect(retriever.options.alpha).toBe(0.7);
  });

  it("adds the skills a re-ranker proposes to the candidates it re-ranks", async () => {
    const proposing: Reranker = {
      id: 'proposing',
      rerank: async (_q, candidates) => candidates.map((c) => (c.escoUri!.endsWith('tiny-8') ? 10 : 0)),
      proposeCandidates: async () => ['http://data.europa.eu/esco/skill/tiny-8', 'http://unknown/skill'],
    };
    const retriever = await SkillRetriever.create({ encoder, corpus, index, reranker: proposing, candidates: 2 });
    const hits = await retriever.search('nurse');
    expectCompleteAndDecreasing(hits, 8);
    const forklift = hits.find((h) => h.docId === 'c8')!;
    expect(forklift.evidence).toMatchObject({ stage: 'reranked', source: 'proposed', firstStageRank: 0 });
    expect(hits.slice(0, 3).map((h) => h.evidence.stage)).toEqual(['reranked', 'reranked', 'reranked']);
    expect(hits[3]!.evidence.stage).toBe('rest');
    const none = await SkillRetriever.create({ encoder, corpus, index, reranker: proposing, candidates: 2, proposed: 0 });
    expect((await none.search('nurse')).find((h) => h.docId === 'c8')!.evidence.stage).toBe('rest');
  });

  it('cuts at k, and exact and ANN first stages agree on a small corpus', async () => {
    const retriever = await SkillRetriever.create({ encoder, corpus, index });
    const full = await retriever.search('forklift driver');
    const top2 = await retriever.search('forklift driver', { k: 2 });
    expect(top2.map((h) => h.docId)).toEqual(full.slice(0, 2).map((h) => h.docId));
    expect(top2[0]!.docId).toBe('c8');
    const exact = await retriever.search('forklift driver', { firstStage: 'exact' });
    expect(exact.map((h) => h.docId)).toEqual(full.map((h) => h.docId));
    const many = await retriever.searchMany(['forklift driver', 'nurse']);
    expect(many[0]!.map((h) => h.docId)).toEqual(full.map((h) => h.docId));
    expect(many[1]![0]!.docId).toMatch(/^c[67]$/);
  });

  it('serves a saved index (memory-mapped) with the same results', async () => {
    const dir = join(root, 'saved');
    await index.save(dir);
    const opened = await SkillRetriever.open(dir, { encoder, corpus });
    const fresh = await SkillRetriever.create({ encoder, corpus, index });
    expect((await opened.search('data scientist')).map((h) => h.docId)).toEqual(
      (await fresh.search('data scientist')).map((h) => h.docId),
    );
    const other: SkillCorpus = { name: 'other', skills: corpus.skills.slice(1) };
    expect((await errorOf(SkillRetriever.open(dir, { encoder, corpus: other }))).code).toBe('INDEX_MISMATCH');
    expect((await errorOf(SkillRetriever.create({ encoder, corpus: other, index }))).message).toMatch(/not for corpus "other"/);
  });
});

describe('SkillRetriever bad input', () => {
  it('refuses empty, over-long and non-string titles', async () => {
    const retriever = await SkillRetriever.create({ encoder, corpus, index });
    expect((await errorOf(retriever.search(''))).code).toBe('INVALID_QUERY');
    expect((await errorOf(retriever.search('  \t\n'))).message).toBe('job title is empty');
    const long = await errorOf(retriever.search('data '.repeat(2000)));
    expect(long.code).toBe('QUERY_TOO_LONG');
    expect(long.message).toMatch(/9999 characters; the limit is 512/);
    expect(await retriever.search('a'.repeat(MAX_TITLE_LENGTH), { k: 1 })).toHaveLength(1);
    expect((await errorOf(retriever.search(42 as unknown as string))).code).toBe('INVALID_QUERY');
    expect((await errorOf(retriever.searchMany(['nurse', '']))).message).toMatch(/^title 1: job title is empty/);
  });

  it('refuses bad options', async () => {
    const retriever = await SkillRetriever.create({ encoder, corpus, index });
    expect((await errorOf(retriever.search('nurse', { k: 0 }))).message).toMatch(/search option "k"/);
    expect((await errorOf(retriever.search('nurse', { alpha: 1.5 }))).message).toMatch(/search option "alpha"/);
    expect((await errorOf(SkillRetriever.create({ encoder, corpus, index, candidates: -1 }))).code).toBe('INVALID_OPTION');
  });

  it('turns a broken re-ranker into a clear error', async () => {
    const short: Reranker = { id: 'short', rerank: async () => [1, 2] };
    const throwing: Reranker = {
      id: 'throwing',
      rerank: async () => {
        throw new TypeError('boom');
      },
    };
    const nan: Reranker = { id: 'nan', rerank: async (_q, c) => c.map(() => Number.NaN) };
    for (const [reranker, message] of [
      [short, /short must return 8 finite scores, got 2/],
      [throwing, /re-ranker throwing failed: boom/],
      [nan, /nan must return 8 finite scores/],
    ] as const) {
      const retriever = await SkillRetriever.create({ encoder, corpus, index, reranker });
      const error = await errorOf(retriever.search('nurse'));
      expect(error.code).toBe('RERANK_FAILED');
      expect(error.message).toMatch(message);
    }
  });
});

describe('corpora', () => {
  it('builds an ESCO corpus from preferred + alt labels (real ESCO loader on its fixture)', async () => {
    const esco = await loadEsco(ESCO_MINI);
    const escoCorpus = corpusFromEsco(esco.skills, 'esco-mini');
    expect(escoCorpus.skills).toHaveLength(esco.skills.length);
    const first = esco.skills[0]!;
    expect(escoCorpus.skills[0]).toMatchObject({ docId: first.uri, escoUri: first.uri, label: first.preferredLabel.trim() });
    expect(escoCorpus.skills[0]!.aliases.length).toBeGreaterThanOrEqual(1);
    expect(corpusHash(escoCorpus)).toBe(corpusHash({ ...escoCorpus, name: 'renamed' }));
  });

  it('drops duplicate aliases case-insensitively and refuses an empty corpus or duplicate ids', () => {
    const c = corpusFromTaskB([{ cId: 'x', escoUri: 'u', aliases: [' Python ', 'python', 'Python  programming'] }], 't');
    expect(c.skills[0]!.aliases).toEqual(['Python', 'Python programming']);
    expect(() => corpusFromTaskB([], 'empty')).toThrow(/has no skills/);
    expect(() =>
      corpusFromTaskB(
        [
          { cId: 'x', escoUri: 'u', aliases: ['a'] },
          { cId: 'x', escoUri: 'v', aliases: ['b'] },
        ],
        'dup',
      ),
    ).toThrow(/doc id "x" occurs twice/);
    expect(() => corpusFromTaskB([{ cId: 'x', escoUri: 'u', aliases: [' '] }], 'blank')).toThrow(/element x has no alias/);
  });
});

describe('result cache', () => {
  it('returns what a new search returns, counts hits, and ignores caller edits', async () => {
    shortLabelReranker.seen.length = 0;
    const cached = await SkillRetriever.create({ encoder, corpus, index, reranker: shortLabelReranker, resultCache: 2 });
    const fresh = await SkillRetriever.create({ encoder, corpus, index, reranker: shortLabelReranker });
    const first = await cached.search('data scientist', { k: 3 });
    expect(cached.cacheStats()).toMatchObject({ size: 1, capacity: 2, hits: 0, misses: 1 });
    first[0]!.label = 'edited by the caller';
    first[0]!.evidence.firstStageScore = -1;
    // Same cleaned title (whitespace collapsed) and options: served from the cache, no re-rank.
    const seenBefore = shortLabelReranker.seen.length;
    const again = await cached.search('  data   scientist ', { k: 3 });
    expect(shortLabelReranker.seen.length).toBe(seenBefore);
    expect(cached.cacheStats()).toMatchObject({ hits: 1, misses: 1 });
    expect(again).toEqual(await fresh.search('data scientist', { k: 3 }));
    // Other options are another entry; the least recently used entry is evicted at capacity.
    await cached.search('data scientist', { k: 3, rerank: false });
    await cached.search('nurse', { k: 3 });
    expect(cached.cacheStats().size).toBe(2);
    await cached.search('data scientist', { k: 3 });
    expect(cached.cacheStats()).toMatchObject({ hits: 1, misses: 4 });
    // searchMany shares the cache and keeps input order.
    const many = await cached.searchMany(['nurse', 'welder', 'data scientist'], { k: 3 });
    expect(cached.cacheStats().hits).toBe(3);
    expect(many).toEqual(await fresh.searchMany(['nurse', 'welder', 'data scientist'], { k: 3 }));
  });

  it('never caches full rankings or searches without k', async () => {
    const cached = await SkillRetriever.create({ encoder, corpus, index, resultCache: 8 });
    await cached.search('data scientist');
    await cached.search('data scientist');
    expect(cached.cacheStats()).toMatchObject({ size: 0, hits: 0 });
  });
});

describe('title clean-up before encoding and re-ranking', () => {
  it('encodes and re-ranks the cleaned title; normalizeTitles: false passes it as given', async () => {
    const queries: string[] = [];
    const recording: Reranker = { id: 'recording', rerank: async (query, candidates) => (queries.push(query), candidates.map(() => 0)) };
    const cleaned = await SkillRetriever.create({ encoder, corpus, index, reranker: recording });
    const asGiven = await SkillRetriever.create({ encoder, corpus, index, reranker: recording, normalizeTitles: false });
    const hits = await cleaned.search('Sr. Data Scientist (m/f/d)', { k: 3 });
    expect(queries.pop()).toBe('senior Data Scientist');
    expect(hits).toEqual(await cleaned.search('senior Data Scientist', { k: 3 }));
    await asGiven.search('Sr. Data Scientist (m/f/d)', { k: 3 });
    expect(queries.pop()).toBe('Sr. Data Scientist (m/f/d)');
  });
});

describe('one first stage (firstStage) for serving and training', () => {
  it('the retriever re-ranks exactly the candidates firstStage builds (PRF, search, proposals), in that order', async () => {
    let uri = '';
    const seen: RerankCandidate[][] = [];
    const proposing: Reranker = {
      id: 'proposing',
      rerank: async (_q, candidates) => (seen.push(candidates), candidates.map(() => 0)),
      proposeCandidates: async () => [uri],
    };
    const retriever = await SkillRetriever.create({ encoder, corpus, index, reranker: proposing, candidates: 3 });
    for (const search of ['ann', 'exact'] as const) {
      const [vector] = await encoder.encode(['nurse']);
      // The proposed skill is one the search does not find (whatever the generated model's weights make of "nurse").
      const found = new Set((await firstStage(index, vector!, { candidates: 3, expansion: { topK: 10, weight: 1 }, search })).candidates.map((c) => c.skill));
      uri = corpus.skills.find((_skill, i) => !found.has(i))!.escoUri;
      await retriever.search('nurse', { firstStage: search });
      const first = await firstStage(index, vector!, { candidates: 3, expansion: { topK: 10, weight: 1 }, search, propose: () => [uri] });
      expect(first.query).not.toEqual(vector); // expanded
      expect(seen.pop()!.map((c) => [c.docId, c.firstStageScore])).toEqual(first.candidates.map((c) => [corpus.skills[c.skill]!.docId, c.score]));
      expect(first.candidates.map((c) => c.source)).toContain('proposed');
    }
    const plain = await firstStage(index, (await encoder.encode(['nurse']))[0]!, { candidates: 3, expansion: false, search: 'exact' });
    expect(plain.candidates.map((c) => c.rank)).toEqual([1, 2, 3]);
    expect(plain.candidates.map((c) => c.skill)).toEqual(index.exactCandidates(plain.query, 3).map((m) => m.skill));
  });

  it('hands the re-ranker the title vector it encoded (the re-ranker need not encode it again)', async () => {
    const vectors: (Float32Array | undefined)[] = [];
    const recording: Reranker = {
      id: 'recording',
      rerank: async (_q, candidates, context) => (vectors.push(context?.queryVector), candidates.map(() => 0)),
      proposeCandidates: async (_q, _limit, context) => (vectors.push(context?.queryVector), []),
    };
    const retriever = await SkillRetriever.create({ encoder, corpus, index, reranker: recording });
    await retriever.search('nurse', { k: 3 });
    const [expected] = await encoder.encode(['nurse']);
    expect(vectors).toHaveLength(2);
    for (const v of vectors) expect(v).toEqual(expected);
  });
});

describe('topCandidates', () => {
  it('is the stable sort by score then docId, cut at k (ties in score, in docId, k above the length)', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 50; trial++) {
      // Scores on a coarse grid and docIds from a small set: many exact ties of both kinds.
      const items = Array.from({ length: 1 + Math.floor(rng() * 300) }, (_, i) => ({
        i,
        score: Math.floor(rng() * 8) / 4 - 1,
        docId: `s${Math.floor(rng() * 40)}`,
      }));
      const sorted = [...items].sort((a, b) => (a.score !== b.score ? b.score - a.score : a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
      for (const k of [1, 5, 20, items.length, items.length + 3]) {
        expect(topCandidates(items, k, (x) => x.score, (x) => x.docId).map((x) => x.i)).toEqual(sorted.slice(0, k).map((x) => x.i));
      }
    }
  });
});
