import { z } from 'zod';
import { JobskillError, parseOptions } from '@jobskill/data';
import type { Encoder } from '@jobskill/encoders';
import type { EscoGraph } from '../graph/esco-graph.ts';
import { EncoderOccupationMatcher, graphEvidence, graphScore, type GraphEvidence } from '../graph/evidence.ts';
import type { RerankCandidate, Reranker, RerankQueryContext } from './types.ts';

export const GraphEvidenceRerankerOptionsSchema = z.object({
  encoder: z.custom<Encoder>((v) => typeof v === 'object' && v !== null && 'encode' in v),
  graph: z.custom<EscoGraph>((v) => typeof v === 'object' && v !== null && 'occupations' in v),
  /** Nearest occupations whose skills vote (the graph evidence default, not tuned on TalentCLEF). */
  topOccupations: z.number().int().positive().default(20),
});
export type GraphEvidenceRerankerOptions = z.input<typeof GraphEvidenceRerankerOptionsSchema>;

/**
 * The ESCO-graph evidence alone as a re-ranker, for the `encoder+graph` Task B system: the title is
 * matched to its nearest ESCO occupations by the encoder (best title variant), and a candidate scores
 * the similarity-weighted votes of those occupations that list it (essential or optional; `graphScore`).
 * Nothing is trained. In a SkillRetriever the blend is the retriever's own:
 * `final = α·minmax(cosine) + (1 − α)·minmax(graph votes)` over the candidates (α = 0.7, the reference's
 * weight), and `proposeCandidates` adds the voted skills the first stage missed.
 */
export class GraphEvidenceReranker implements Reranker {
  readonly id = 'graph-evidence';
  private constructor(
    private readonly encoder: Encoder,
    private readonly graph: EscoGraph,
    private readonly matcher: EncoderOccupationMatcher,
    private readonly topOccupations: number,
  ) {}

  static async create(options: GraphEvidenceRerankerOptions): Promise<GraphEvidenceReranker> {
    const opts = parseOptions(GraphEvidenceRerankerOptionsSchema, options, { what: 'graph re-ranker' });
    const matcher = await EncoderOccupationMatcher.build(opts.graph, opts.encoder);
    return new GraphEvidenceReranker(opts.encoder, opts.graph, matcher, opts.topOccupations);
  }

  private async evidence(query: string, context: RerankQueryContext): Promise<GraphEvidence> {
    if (query.trim() === '') throw new JobskillError('INVALID_QUERY', 'job title is empty');
    const vector = context.queryVector ?? (await this.encoder.encode([query]))[0]!;
    return graphEvidence(this.graph, this.matcher.similarities(vector), { topOccupations: this.topOccupations });
  }

  async rerank(query: string, candidates: RerankCandidate[], context: RerankQueryContext = {}): Promise<number[]> {
    if (candidates.length === 0) return [];
    const ev = await this.evidence(query, context);
    // A candidate outside ESCO (no URI, or one the graph does not know) has no votes: score 0.
    return candidates.map((c) => graphScore(this.graph, ev, c.escoUri === undefined ? undefined : this.graph.skillIndex.get(c.escoUri)));
  }

  async proposeCandidates(query: string, limit: number, context: RerankQueryContext = {}): Promise<string[]> {
    const ev = await this.evidence(query, context);
    return [...ev.skills.keys()]
      .map((s) => ({ s, score: graphScore(this.graph, ev, s) }))
      .sort((a, b) => b.score - a.score || a.s - b.s)
      .slice(0, limit)
      .map(({ s }) => this.graph.skills[s]!.uri);
  }
}
