import { JobskillError } from '@jobskill/data';
import type { Encoder } from '../encoder/types.ts';
import { Bm25Index, tokenize } from '../lexical/bm25.ts';
import { EscoGraph, REUSE_LEVELS, SKILL_TYPES } from '../graph/esco-graph.ts';
import { EncoderOccupationMatcher, graphEvidence, type GraphEvidence } from '../graph/evidence.ts';
import type { RerankCandidate } from './types.ts';

/** Feature order of the embedded re-ranker; saved with the model and checked on load. */
export const LTR_FEATURES = [
  'cos_max', // encoder cosine, title vs best alias
  'cos_mean', // mean over aliases
  'cos_pref', // title vs first (preferred) alias
  'cos_gap', // cos_max minus the best cos_max of the list: how far behind the leader
  'bm25', // log1p BM25 over the concatenated aliases (ESCO idf)
  'bm25_any',
  'graph_ess_w', // Σ sim of nearest occupations listing it essential / Σ sim
  'graph_opt_w',
  'graph_ess_hits', // fraction of nearest occupations listing it essential
  'graph_opt_hits',
  'graph_best_sim', // sim of the nearest occupation listing it
  'graph_any',
  'query_best_occ_sim', // query-level: how well the title matches any occupation
  'pop_ess', // log1p #occupations listing it essential (popularity prior)
  'pop_opt',
  'type_knowledge',
  'type_skill',
  'reuse_transversal',
  'reuse_cross_sector',
  'reuse_sector_specific',
  'reuse_occupation_specific',
  'in_esco',
] as const;
export type LtrFeatureName = (typeof LTR_FEATURES)[number];
export const FEATURE_COUNT = LTR_FEATURES.length;
const F = Object.fromEntries(LTR_FEATURES.map((name, i) => [name, i])) as Record<LtrFeatureName, number>;

export interface FeatureExtractionOptions {
  /** Occupations left out of the graph evidence and popularity (leave-one-occupation-out in training). */
  exclude?: ReadonlySet<number>;
  /** The title's vector when the caller already has it. */
  queryVector?: Float32Array;
}

/**
 * Computes LTR features for (title, candidate) pairs. Everything per skill or per occupation is
 * precomputed or cached (occupation variant vectors, alias vectors, alias token counts), so a query
 * costs one title encode, one pass over occupation vectors and a few dot products per candidate.
 */
export class LtrFeatureExtractor {
  readonly graph: EscoGraph;
  readonly matcher: EncoderOccupationMatcher;
  readonly encoder: Encoder;
  readonly bm25: Bm25Index;
  readonly topOccupations: number;
  private readonly aliasVectors = new Map<string, Float32Array>();

  constructor(graph: EscoGraph, matcher: EncoderOccupationMatcher, encoder: Encoder, options: { topOccupations: number; bm25?: Bm25Index }) {
    if (matcher.dimensions !== encoder.dimensions) {
      throw new JobskillError('DIMENSION_MISMATCH', `occupation vectors have ${matcher.dimensions} dims, encoder ${encoder.id} ${encoder.dimensions}`);
    }
    this.graph = graph;
    this.matcher = matcher;
    this.encoder = encoder;
    this.topOccupations = options.topOccupations;
    // idf from all ESCO skills, so BM25 is comparable whatever corpus the candidates come from.
    this.bm25 = options.bm25 ?? new Bm25Index(graph.skills.map((s) => ({ id: s.uri, texts: s.labels })));
  }

  static async create(graph: EscoGraph, encoder: Encoder, options: { topOccupations: number; threads?: number }): Promise<LtrFeatureExtractor> {
    const matcher = await EncoderOccupationMatcher.build(graph, encoder, options.threads === undefined ? {} : { threads: options.threads });
    return new LtrFeatureExtractor(graph, matcher, encoder, options);
  }

  /** Encodes (once) every alias not seen before. */
  async warmAliases(aliasLists: readonly (readonly string[])[], batchSize = 512): Promise<void> {
    const missing = new Set<string>();
    for (const aliases of aliasLists) for (const a of aliases) if (!this.aliasVectors.has(a)) missing.add(a);
    const texts = [...missing];
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = texts.slice(start, start + batchSize);
      const vectors = await this.encoder.encode(batch);
      batch.forEach((t, j) => this.aliasVectors.set(t, vectors[j]!));
    }
  }

  aliasVector(alias: string): Float32Array | undefined {
    return this.aliasVectors.get(alias);
  }

  async encodeQuery(query: string): Promise<Float32Array> {
    const [v] = await this.encoder.encode([query]);
    if (!v) throw new JobskillError('ENCODER_FAILED', `encoder ${this.encoder.id} returned no vector`);
    return v;
  }

  evidence(queryVector: Float32Array, exclude?: ReadonlySet<number>): GraphEvidence {
    return graphEvidence(this.graph, this.matcher.similarities(queryVector), { topOccupations: this.topOccupations }, exclude);
  }

  /** Row-major n × FEATURE_COUNT matrix, raw (not normalized). */
  async extract(query: string, candidates: readonly RerankCandidate[], options: FeatureExtractionOptions = {}): Promise<Float32Array> {
    const qv = options.queryVector ?? (await this.encodeQuery(query));
    await this.warmAliases(candidates.map((c) => c.aliases));
    const ev = this.evidence(qv, options.exclude);
    // Popularity without the excluded occupations, so training sees no trace of the query's own occupation.
    const excludedEss = new Map<number, number>();
    const excludedOpt = new Map<number, number>();
    for (const o of options.exclude ?? []) {
      const occ = this.graph.occupations[o];
      if (!occ) continue;
      for (const s of occ.essential) excludedEss.set(s, (excludedEss.get(s) ?? 0) + 1);
      for (const s of occ.optional) excludedOpt.set(s, (excludedOpt.get(s) ?? 0) + 1);
    }
    const queryTerms = termCounts(tokenize(query));
    const n = candidates.length;
    const out = new Float32Array(n * FEATURE_COUNT);
    const dims = qv.length;
    let leader = -Infinity;
    const total = ev.totalSimilarity > 0 ? ev.totalSimilarity : 1;
    candidates.forEach((c, i) => {
      const row = i * FEATURE_COUNT;
      let best = -1;
      let sum = 0;
      let pref = 0;
      c.aliases.forEach((a, j) => {
        const av = this.aliasVectors.get(a)!;
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += av[d]! * qv[d]!;
        if (dot > best) best = dot;
        sum += dot;
        if (j === 0) pref = dot;
      });
      if (c.aliases.length === 0) best = 0;
      out[row + F.cos_max] = best;
      out[row + F.cos_mean] = c.aliases.length > 0 ? sum / c.aliases.length : 0;
      out[row + F.cos_pref] = pref;
      leader = Math.max(leader, best);
      const bm = this.bm25ForCandidate(queryTerms, c);
      out[row + F.bm25] = Math.log1p(bm);
      out[row + F.bm25_any] = bm > 0 ? 1 : 0;
      out[row + F.query_best_occ_sim] = ev.bestSimilarity;
      const skill = c.escoUri === undefined ? undefined : this.graph.skillIndex.get(c.escoUri);
      if (skill === undefined) return;
      out[row + F.in_esco] = 1;
      const e = ev.skills.get(skill);
      if (e) {
        out[row + F.graph_ess_w] = e.essentialWeight / total;
        out[row + F.graph_opt_w] = e.optionalWeight / total;
        out[row + F.graph_ess_hits] = e.essentialHits / this.topOccupations;
        out[row + F.graph_opt_hits] = e.optionalHits / this.topOccupations;
        out[row + F.graph_best_sim] = e.bestOccupationSimilarity;
        out[row + F.graph_any] = 1;
      }
      out[row + F.pop_ess] = Math.log1p(this.graph.essentialCount[skill]! - (excludedEss.get(skill) ?? 0));
      out[row + F.pop_opt] = Math.log1p(this.graph.optionalCount[skill]! - (excludedOpt.get(skill) ?? 0));
      const info = this.graph.skills[skill]!;
      if (SKILL_TYPES[info.skillType] === 'knowledge') out[row + F.type_knowledge] = 1;
      if (SKILL_TYPES[info.skillType] === 'skill/competence') out[row + F.type_skill] = 1;
      const reuse = REUSE_LEVELS[info.reuseLevel];
      if (reuse === 'transversal') out[row + F.reuse_transversal] = 1;
      if (reuse === 'cross-sector') out[row + F.reuse_cross_sector] = 1;
      if (reuse === 'sector-specific') out[row + F.reuse_sector_specific] = 1;
      if (reuse === 'occupation-specific') out[row + F.reuse_occupation_specific] = 1;
    });
    for (let i = 0; i < n; i++) out[i * FEATURE_COUNT + F.cos_gap] = out[i * FEATURE_COUNT + F.cos_max]! - leader;
    return out;
  }

  private readonly docTerms = new Map<string, { terms: Map<string, number>; length: number }>();

  private bm25ForCandidate(queryTerms: Map<string, number>, c: RerankCandidate): number {
    const key = c.aliases.join('\u0000');
    let doc = this.docTerms.get(key);
    if (!doc) {
      const terms = termCounts(c.aliases.flatMap(tokenize));
      let length = 0;
      for (const tf of terms.values()) length += tf;
      doc = { terms, length };
      this.docTerms.set(key, doc);
    }
    return this.bm25.scoreTerms(queryTerms, doc.terms, doc.length);
  }
}

function termCounts(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
