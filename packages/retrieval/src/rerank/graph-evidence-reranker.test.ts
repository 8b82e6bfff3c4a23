import { describe, expect, it } from 'vitest';
import { JobskillError } from '@jobskill/data';
import { EscoGraph } from '../graph/esco-graph.ts';
import { EncoderOccupationMatcher, graphEvidence, graphScore } from '../graph/evidence.ts';
import { corpusFromEsco } from '../corpus/corpus.ts';
import { SkillRetriever } from '../retriever/skill-retriever.ts';
import { MINI_SKILLS, miniEscoInput, miniSkillUri as S } from '../__fixtures__/mini-esco.ts';
import { createCountingEncoder } from '../__fixtures__/counting-encoder.ts';
import { GraphEvidenceReranker } from './graph-evidence-reranker.ts';
import { createReranker } from './registry.ts';

const graph = EscoGraph.fromEsco(miniEscoInput());
const candidate = (id: string) => ({ docId: id, aliases: [id], firstStageScore: 0, escoUri: S(id) });

describe('GraphEvidenceReranker', () => {
  it('scores a candidate by the votes of the occupations nearest to the title (graphScore)', async () => {
    const encoder = createCountingEncoder();
    const reranker = await GraphEvidenceReranker.create({ encoder, graph, topOccupations: 2 });
    const ids = ['ml', 'statistics', 'patient', 'medication'];
    const scores = await reranker.rerank('senior data scientist', ids.map(candidate));
    // The same computation by hand: matcher → top-2 occupations → weighted votes.
    const [v] = await encoder.encode(['senior data scientist']);
    const matcher = await EncoderOccupationMatcher.build(graph, encoder);
    const ev = graphEvidence(graph, matcher.similarities(v!), { topOccupations: 2 });
    expect(scores).toEqual(ids.map((id) => graphScore(graph, ev, graph.skillIndex.get(S(id)))));
    expect(scores[1]).toBeGreaterThan(scores[0]!); // statistics: essential for both data occupations
    expect(scores[0]).toBeGreaterThan(scores[2]!); // a nurse skill has no vote
    const nurse = await reranker.rerank('registered nurse', ids.map(candidate));
    expect(nurse[3]).toBeGreaterThan(nurse[0]!);
  });

  it("is the registry's 'graph' re-ranker (encoder + graph required)", async () => {
    const encoder = createCountingEncoder();
    const ids = ['ml', 'statistics', 'patient', 'medication'];
    const byName = await createReranker('graph', { encoder, graph });
    const direct = await GraphEvidenceReranker.create({ encoder, graph });
    expect(byName).toBeInstanceOf(GraphEvidenceReranker);
    expect(await byName.rerank('data scientist', ids.map(candidate))).toEqual(await direct.rerank('data scientist', ids.map(candidate)));
    const error = await createReranker('graph', { encoder }).catch((e: unknown) => e);
    expect((error as JobskillError).code).toBe('INVALID_OPTION');
  });

  it('a candidate outside ESCO gets 0; no candidates, no work; an empty title is refused', async () => {
    const reranker = await GraphEvidenceReranker.create({ encoder: createCountingEncoder(), graph });
    const scores = await reranker.rerank('data scientist', [{ docId: 'x', aliases: ['x'], firstStageScore: 1 }, { ...candidate('x'), escoUri: S('unknown') }]);
    expect(scores).toEqual([0, 0]);
    expect(await reranker.rerank('data scientist', [])).toEqual([]);
    const error = await reranker.rerank('  ', [candidate('ml')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobskillError);
    expect((error as JobskillError).code).toBe('INVALID_QUERY');
  });

  it('proposes the voted skills, best first', async () => {
    const reranker = await GraphEvidenceReranker.create({ encoder: createCountingEncoder(), graph, topOccupations: 1 });
    const proposed = await reranker.proposeCandidates('data scientist', 10);
    // Only the data scientist's five skills have votes; ties broken by popularity, then index.
    expect(new Set(proposed)).toEqual(new Set(['python', 'statistics', 'ml', 'sql', 'teamwork'].map(S)));
    expect(await reranker.proposeCandidates('data scientist', 2)).toEqual(proposed.slice(0, 2));
  });

  it('in a SkillRetriever, blends α·cosine + (1 − α)·graph votes (both min-max normalized over the candidates)', async () => {
    const encoder = createCountingEncoder();
    const corpus = corpusFromEsco(
      MINI_SKILLS.map((s) => ({ ...s, altLabels: [...s.altLabels], hiddenLabels: [], description: '', status: 'released' })),
      'mini',
    );
    const reranker = await GraphEvidenceReranker.create({ encoder, graph, topOccupations: 1 });
    const retriever = await SkillRetriever.create({ encoder, corpus, reranker, index: { backend: 'exact' } });
    const title = 'data scientist';
    const blended = await retriever.search(title, { alpha: 0.7, evidence: false });
    const first = await retriever.search(title, { rerank: false, evidence: false });
    const graphOnly = await retriever.search(title, { alpha: 0, evidence: false });
    // α = 0 ranks the data scientist's skills (the only ones with votes) first.
    expect(new Set(graphOnly.slice(0, 5).map((h) => h.escoUri))).toEqual(new Set(['python', 'statistics', 'ml', 'sql', 'teamwork'].map(S)));
    // The blend of a candidate = 0.7·norm(cos) + 0.3·norm(votes).
    const cos = new Map(first.map((h) => [h.docId, h.evidence.firstStageScore]));
    const raw = await reranker.rerank(title, corpus.skills.map((s) => ({ docId: s.docId, aliases: s.aliases, firstStageScore: 0, escoUri: s.escoUri })));
    const votes = new Map(corpus.skills.map((s, i) => [s.docId, raw[i]!]));
    const norm = (m: Map<string, number>) => {
      const v = [...m.values()];
      const lo = Math.min(...v), hi = Math.max(...v);
      return (id: string) => (m.get(id)! - lo) / (hi - lo);
    };
    const nc = norm(cos), nv = norm(votes);
    const expected = [...corpus.skills.map((s) => s.docId)].sort((a, b) => 0.7 * nc(b) + 0.3 * nv(b) - (0.7 * nc(a) + 0.3 * nv(a)) || (a < b ? -1 : 1));
    expect(blended.map((h) => h.docId)).toEqual(expected);
  });
});
