import { z } from 'zod';
import usearch from 'usearch';
import { JobskillError } from '@jobskill/data';
import { tokenize } from '../lexical/bm25.ts';
import type { Encoder } from '@jobskill/encoders';
import type { EscoGraph } from './esco-graph.ts';

export interface MatcherOptions {
  /** Up to this many variants are searched exactly (default 2000); above, through HNSW. */
  exactLimit?: number;
  /** Nearest variants fetched from HNSW per query (default 200). */
  searchVariants?: number;
  /** Threads for building the HNSW graph (default 1: deterministic). */
  threads?: number;
}

/**
 * Title → occupation similarity by the encoder: cosine between the title and every title variant
 * of an occupation (preferred/alt labels + jobid2terms), the occupation scored by its best variant.
 * Variant vectors are encoded once. Above `exactLimit` variants a USearch HNSW index finds the
 * nearest `searchVariants` variants (≈0.1 ms instead of a pass over ~33k × dims floats); occupations
 * without a variant among them get −1, which only matters beyond the few dozen nearest.
 */
export class EncoderOccupationMatcher {
  readonly encoderId: string;
  readonly dimensions: number;
  /** Row-major, one L2-normalized row per variant. */
  readonly vectors: Float32Array;
  /** Occupation index of each variant row. */
  readonly variantOccupation: Int32Array;
  readonly occupationCount: number;
  readonly searchVariants: number;
  private readonly index: InstanceType<typeof usearch.Index> | undefined;

  constructor(
    encoderId: string,
    dimensions: number,
    vectors: Float32Array,
    variantOccupation: Int32Array,
    occupationCount: number,
    options: MatcherOptions = {},
  ) {
    if (vectors.length !== variantOccupation.length * dimensions) {
      throw new JobskillError('BAD_VECTORS', `occupation vectors: ${vectors.length} floats for ${variantOccupation.length} variants × ${dimensions} dims`);
    }
    this.encoderId = encoderId;
    this.dimensions = dimensions;
    this.vectors = vectors;
    this.variantOccupation = variantOccupation;
    this.occupationCount = occupationCount;
    this.searchVariants = options.searchVariants ?? 200;
    if (variantOccupation.length > (options.exactLimit ?? 2000)) {
      // Fixed connectivity/expansion; single-threaded adds (the default) keep the graph deterministic for training.
      const index = new usearch.Index({ dimensions, metric: usearch.MetricKind.Cos, quantization: usearch.ScalarKind.F32, connectivity: 16, expansion_add: 128, expansion_search: 256, multi: false });
      index.add(BigUint64Array.from({ length: variantOccupation.length }, (_, i) => BigInt(i)), vectors, options.threads ?? 1);
      this.index = index;
    }
  }

  static async build(graph: EscoGraph, encoder: Encoder, options: MatcherOptions & { batchSize?: number } = {}): Promise<EncoderOccupationMatcher> {
    const batchSize = options.batchSize ?? 512;
    const texts: string[] = [];
    const owner: number[] = [];
    graph.occupations.forEach((o, oi) => {
      for (const v of o.variants) {
        texts.push(v);
        owner.push(oi);
      }
    });
    const dims = encoder.dimensions;
    const vectors = new Float32Array(texts.length * dims);
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = await encoder.encode(texts.slice(start, start + batchSize));
      batch.forEach((v, j) => vectors.set(v, (start + j) * dims));
    }
    return new EncoderOccupationMatcher(encoder.id, dims, vectors, Int32Array.from(owner), graph.occupations.length, options);
  }

  /** Per occupation: the best cosine over its variants (−1 when none is near, or it has no variant). */
  similarities(query: Float32Array): Float32Array {
    const dims = this.dimensions;
    if (query.length !== dims) {
      throw new JobskillError('DIMENSION_MISMATCH', `query vector has ${query.length} dims, occupation vectors ${dims}`);
    }
    const sims = new Float32Array(this.occupationCount).fill(-1);
    if (this.index) {
      const found = this.index.search(query, Math.min(this.searchVariants, this.variantOccupation.length), 1);
      for (let j = 0; j < found.keys.length; j++) {
        const o = this.variantOccupation[Number(found.keys[j]!)]!;
        const sim = 1 - found.distances[j]!;
        if (sim > sims[o]!) sims[o] = sim;
      }
      return sims;
    }
    const vecs = this.vectors;
    const rows = this.variantOccupation.length;
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      const base = r * dims;
      for (let d = 0; d < dims; d++) dot += vecs[base + d]! * query[d]!;
      const o = this.variantOccupation[r]!;
      if (dot > sims[o]!) sims[o] = dot;
    }
    return sims;
  }
}

/** Title → occupation similarity by token Jaccard against each variant (the encoder-free baseline). */
export class TokenOccupationMatcher {
  private readonly variantTokens: { occupation: number; tokens: Set<string> }[] = [];
  private readonly occupationCount: number;

  constructor(graph: EscoGraph) {
    this.occupationCount = graph.occupations.length;
    graph.occupations.forEach((o, oi) => {
      for (const v of o.variants) this.variantTokens.push({ occupation: oi, tokens: new Set(tokenize(v)) });
    });
  }

  similarities(query: string): Float32Array {
    const q = new Set(tokenize(query));
    const sims = new Float32Array(this.occupationCount);
    if (q.size === 0) return sims;
    for (const { occupation, tokens } of this.variantTokens) {
      let inter = 0;
      for (const t of q) if (tokens.has(t)) inter++;
      if (inter === 0) continue;
      const jaccard = inter / (q.size + tokens.size - inter);
      if (jaccard > sims[occupation]!) sims[occupation] = jaccard;
    }
    return sims;
  }
}

export const GraphEvidenceOptionsSchema = z.object({
  /** How many nearest occupations contribute their skills. */
  topOccupations: z.number().int().positive().default(20),
});
export type GraphEvidenceOptions = z.input<typeof GraphEvidenceOptionsSchema>;

export interface SkillEvidence {
  /** Σ similarity of the nearest occupations that list the skill as essential / optional. */
  essentialWeight: number;
  optionalWeight: number;
  /** How many of the nearest occupations list it as essential / optional. */
  essentialHits: number;
  optionalHits: number;
  /** Similarity of the nearest occupation that lists the skill (any relation). */
  bestOccupationSimilarity: number;
}

export interface GraphEvidence {
  /** The nearest occupations used, best first. */
  occupations: { index: number; similarity: number }[];
  /** Similarity of the nearest occupation (0 when none). */
  bestSimilarity: number;
  /** Sum of the used occupations' similarities (for normalizing weights). */
  totalSimilarity: number;
  /** Only skills with evidence are present. */
  skills: Map<number, SkillEvidence>;
}

/**
 * Nearest occupations → their essential/optional skills, weighted by similarity.
 * `exclude` drops occupations (leave-one-occupation-out in training, so a query never sees its own
 * occupation and the feature looks the same as for an unseen title).
 */
export function graphEvidence(
  graph: EscoGraph,
  occupationSimilarities: Float32Array,
  options: GraphEvidenceOptions = {},
  exclude?: ReadonlySet<number>,
): GraphEvidence {
  // Hot path (once per title): skip the zod parse when the option is already a valid integer.
  const k = options.topOccupations;
  const topOccupations = typeof k === 'number' && Number.isInteger(k) && k > 0 ? k : GraphEvidenceOptionsSchema.parse(options).topOccupations;
  const top = topK(occupationSimilarities, topOccupations, exclude);
  const skills = new Map<number, SkillEvidence>();
  let total = 0;
  for (const { index, similarity } of top) {
    const w = Math.max(0, similarity);
    total += w;
    const occ = graph.occupations[index]!;
    for (const s of occ.essential) {
      const ev = skills.get(s);
      if (ev) {
        ev.essentialWeight += w;
        ev.essentialHits++;
      } else {
        skills.set(s, { essentialWeight: w, optionalWeight: 0, essentialHits: 1, optionalHits: 0, bestOccupationSimilarity: similarity });
      }
    }
    for (const s of occ.optional) {
      const ev = skills.get(s);
      if (ev) {
        ev.optionalWeight += w;
        ev.optionalHits++;
      } else {
        skills.set(s, { essentialWeight: 0, optionalWeight: w, essentialHits: 0, optionalHits: 1, bestOccupationSimilarity: similarity });
      }
    }
  }
  return { occupations: top, bestSimilarity: top[0]?.similarity ?? 0, totalSimilarity: total, skills };
}

/**
 * Graph-alone score of a skill: similarity-weighted votes of the nearest occupations
 * (essential and optional alike, since both count as relevant), popularity breaking ties.
 */
export function graphScore(graph: EscoGraph, evidence: GraphEvidence, skill: number | undefined): number {
  if (skill === undefined) return 0;
  const ev = evidence.skills.get(skill);
  const popularity = Math.log1p(graph.essentialCount[skill]! + graph.optionalCount[skill]!);
  return (ev ? ev.essentialWeight + ev.optionalWeight : 0) + 1e-4 * popularity;
}

function topK(values: Float32Array, k: number, exclude?: ReadonlySet<number>): { index: number; similarity: number }[] {
  // Insertion into a small sorted list: k ≪ n, one pass.
  const out: { index: number; similarity: number }[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (out.length === k && v <= out[k - 1]!.similarity) continue;
    if (exclude?.has(i)) continue;
    let pos = out.length;
    while (pos > 0 && out[pos - 1]!.similarity < v) pos--;
    out.splice(pos, 0, { index: i, similarity: v });
    if (out.length > k) out.pop();
  }
  return out;
}
