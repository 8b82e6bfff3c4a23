import { describe, expect, it } from 'vitest';
import { EscoGraph } from '../graph/esco-graph.ts';
import { graphEvidence, graphScore } from '../graph/evidence.ts';
import { createCountingEncoder } from '../__fixtures__/counting-encoder.ts';
import { miniEscoInput } from '../__fixtures__/mini-esco.ts';
import { FEATURE_COUNT, LTR_FEATURES, LtrFeatureExtractor } from './ltr-features.ts';
import { referenceExtract, referenceScores } from '../__fixtures__/ltr-features.reference.ts';
import { parameterCount, type LtrModelFile } from './ltr-model.ts';
import { LtrReranker, rankEvidenceSkills } from './ltr-reranker.ts';
import type { RerankCandidate } from './types.ts';
import { createRng } from '@jobskill/data';

const graph = EscoGraph.fromEsco(miniEscoInput());

/** A model that uses every feature: random linear and hidden weights, non-trivial normalization. */
function randomModel(encoderId: string, hidden = 3): LtrModelFile {
  const rand = createRng(7);
  const F = LTR_FEATURES.length;
  return {
    format: 'jobskill-ltr',
    version: 1,
    features: [...LTR_FEATURES],
    normalization: { mean: Array.from({ length: F }, () => rand() - 0.5), std: Array.from({ length: F }, () => 0.05 + rand()) },
    hidden,
    params: Array.from({ length: parameterCount({ inputs: F, hidden }) }, () => 2 * rand() - 1),
    graph: { topOccupations: 3 },
    encoder: { id: encoderId, hash: 'unknown' },
  };
}

function candidates(): RerankCandidate[] {
  return [
    // Distinct first-stage scores (the first_stage features), not in candidate order.
    ...graph.skills.map((s, i) => ({ docId: `c${i}`, aliases: s.labels, firstStageScore: 0.2 + ((i * 7) % 11) / 20, escoUri: s.uri })),
    { docId: 'outside', aliases: ['patient care', 'bedside care'], firstStageScore: 0.31 },
    { docId: 'no-alias', aliases: [], firstStageScore: -0.05, escoUri: graph.skills[0]!.uri },
    { docId: 'unknown-uri', aliases: ['python'], firstStageScore: 0.12, escoUri: 'http://example.org/skill/none' },
  ];
}

const TITLES = ['registered nurse', 'data scientist', 'senior python web developer', 'care for patients', 'zzz unknown words'];

describe('optimized re-rank path equals the straightforward implementation', () => {
  for (const dims of [64, 30]) {
    it(`same features and scores on a fixture (${dims} dims: ${dims % 4 === 0 ? 'unrolled' : 'sequential'} dot product)`, async () => {
      const encoder = createCountingEncoder(dims);
      const model = randomModel(encoder.id);
      const extractor = await LtrFeatureExtractor.create(graph, encoder, { topOccupations: model.graph.topOccupations });
      const reranker = new LtrReranker(model, extractor);
      const cands = candidates();
      for (let round = 0; round < 2; round++) {
        // Round 2 runs entirely from the caches (candidate entries, title evidence).
        for (const title of TITLES) {
          const expectedFeatures = await referenceExtract(extractor, title, cands);
          expect(await extractor.extract(title, cands)).toEqual(expectedFeatures);
          const expected = referenceScores(expectedFeatures, cands.length, model, model.params);
          const scores = await reranker.rerank(title, cands);
          expect(scores).toHaveLength(cands.length);
          scores.forEach((s, i) => expect(Math.abs(s - expected[i]!)).toBeLessThan(1e-9));
        }
      }
      // The fixture is not degenerate: scores differ, and graph, BM25 and type features fire.
      expect(new Set(await reranker.rerank('registered nurse', cands)).size).toBeGreaterThan(5);
      const xs = await Promise.all(TITLES.map((t) => extractor.extract(t, cands)));
      const gap = LTR_FEATURES.indexOf('first_stage_gap');
      expect(xs.every((x) => cands.some((_, i) => x[i * FEATURE_COUNT + gap] === 0) && cands.some((_, i) => x[i * FEATURE_COUNT + gap]! < 0))).toBe(true);
      for (const name of ['graph_any', 'bm25_any', 'type_knowledge', 'reuse_transversal', 'in_esco'] as const) {
        const f = LTR_FEATURES.indexOf(name);
        expect(xs.some((x) => cands.some((_, i) => x[i * FEATURE_COUNT + f] === 1)), name).toBe(true);
      }
    });
  }

  it('with excluded occupations and a given query vector (the training path)', async () => {
    const encoder = createCountingEncoder(64);
    const extractor = await LtrFeatureExtractor.create(graph, encoder, { topOccupations: 2 });
    const cands = candidates();
    const nurse = graph.occupationIndex.get(miniEscoInput().occupations[3]!.uri)!;
    for (const title of TITLES) {
      const [qv] = await encoder.encode([title]);
      const options = { exclude: new Set([nurse, 0]), queryVector: qv! };
      expect(await extractor.extract(title, cands, options)).toEqual(await referenceExtract(extractor, title, cands, options));
      // An excluded occupation leaves the popularity features, exactly as in the reference.
      expect(await extractor.extract(title, cands, { exclude: new Set([nurse]) })).toEqual(await referenceExtract(extractor, title, cands, { exclude: new Set([nurse]) }));
    }
  });

  it('a candidate whose aliases changed under the same doc id is not served from the cache', async () => {
    const encoder = createCountingEncoder(64);
    const extractor = await LtrFeatureExtractor.create(graph, encoder, { topOccupations: 2 });
    const first: RerankCandidate[] = [{ docId: 'd', aliases: ['patient care'], firstStageScore: 0, escoUri: graph.skills[6]!.uri }];
    await extractor.extract('nurse', first);
    const changed: RerankCandidate[] = [{ docId: 'd', aliases: ['python programming', 'sql'], firstStageScore: 0, escoUri: graph.skills[0]!.uri }];
    expect(await extractor.extract('nurse', changed)).toEqual(await referenceExtract(extractor, 'nurse', changed));
    // Mutating the array in place is caught too.
    changed[0]!.aliases[1] = 'statistics';
    expect(await extractor.extract('nurse', changed)).toEqual(await referenceExtract(extractor, 'nurse', changed));
  });

  it('proposeCandidates (cached evidence) ranks like graphScore over fresh evidence', async () => {
    const encoder = createCountingEncoder(64);
    const model = randomModel(encoder.id, 0);
    const extractor = await LtrFeatureExtractor.create(graph, encoder, { topOccupations: 3 });
    const reranker = new LtrReranker(model, extractor);
    for (const title of TITLES) {
      const [qv] = await encoder.encode([title]);
      const ev = graphEvidence(graph, extractor.matcher.similarities(qv!), { topOccupations: 3 });
      const expected = [...ev.skills.keys()]
        .sort((a, b) => graphScore(graph, ev, b) - graphScore(graph, ev, a) || a - b)
        .slice(0, 4)
        .map((s) => graph.skills[s]!.uri);
      expect(await reranker.proposeCandidates(title, 4)).toEqual(expected);
      expect(rankEvidenceSkills(graph, ev, 4).map((s) => graph.skills[s]!.uri)).toEqual(expected);
      await reranker.rerank(title, candidates());
      expect(await reranker.proposeCandidates(title, 4)).toEqual(expected);
    }
  });
});

describe('LtrReranker.prepare', () => {
  it('encodes every alias up front: later re-ranks encode only the title and score as without prepare', async () => {
    const base = createCountingEncoder(64);
    const encoded: string[] = [];
    const encoder = { ...base, id: base.id, dimensions: base.dimensions, encode: async (texts: string[]) => (encoded.push(...texts), base.encode(texts)) };
    const model = randomModel(encoder.id);
    const prepared = new LtrReranker(model, await LtrFeatureExtractor.create(graph, encoder, { topOccupations: 3 }));
    const plain = new LtrReranker(model, await LtrFeatureExtractor.create(graph, base, { topOccupations: 3 }));
    const cands = candidates();
    encoded.length = 0; // the occupation variants, encoded when the extractor was created
    await prepared.prepare(cands.map(({ docId, aliases, escoUri }) => ({ docId, aliases, ...(escoUri ? { escoUri } : {}) })));
    expect(new Set(encoded)).toEqual(new Set(cands.flatMap((c) => c.aliases)));
    encoded.length = 0;
    for (const title of TITLES) {
      expect(await prepared.rerank(title, cands)).toEqual(await plain.rerank(title, cands));
    }
    expect(encoded).toEqual(TITLES);
  });
});
