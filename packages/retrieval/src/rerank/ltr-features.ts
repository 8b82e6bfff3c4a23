import { JobskillError } from '@jobskill/data';
import type { Encoder } from '@jobskill/encoders';
import { Bm25Index, tokenize } from '../lexical/bm25.ts';
import { EscoGraph, REUSE_LEVELS, SKILL_TYPES } from '../graph/esco-graph.ts';
import { EncoderOccupationMatcher, graphEvidence, type GraphEvidence } from '../graph/evidence.ts';
import type { PreparedCandidate, RerankCandidate } from './types.ts';

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
  // The retriever's own first-stage score (served: cosine of the PRF-expanded title with the skill's mean vector),
  // and its gap to the best candidate: what the re-ranker is blended with, so it can learn how far to trust it.
  'first_stage',
  'first_stage_gap',
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
 * What the hot loop needs of one candidate, computed once per distinct candidate (alias list + ESCO URI)
 * instead of once per query: its alias vectors, BM25 term counts and length normalization, the ESCO
 * skill index and the query-independent features (popularity, type, reuse level).
 */
interface CandidateEntry {
  /** Copies of the key, to check a cache hit against a caller that mutated its alias array. */
  readonly aliases: readonly string[];
  readonly escoUri: string | undefined;
  /**
   * The alias vectors back to back (alias j at j·dims), null until the aliases are encoded. One contiguous block per
   * candidate keeps the hot loop's reads sequential instead of scattered over ~100k separate arrays.
   */
  vectors: Float32Array | null;
  readonly terms: Map<string, number>;
  /** BM25 k1·(1 − b + b·|d|/avgdl), the document part of the term weight's denominator. */
  readonly bm25LengthNorm: number;
  /** ESCO skill index, −1 when the candidate is not an ESCO skill. */
  readonly skill: number;
  readonly popEss: number;
  readonly popOpt: number;
  /** The six type/reuse one-hot features, in LTR_FEATURES order (type_knowledge … reuse_occupation_specific). */
  readonly flags: Uint8Array;
}

const FLAG_FEATURES = [F.type_knowledge, F.type_skill, F.reuse_transversal, F.reuse_cross_sector, F.reuse_sector_specific, F.reuse_occupation_specific] as const;

/**
 * Computes LTR features for (title, candidate) pairs. Everything per skill or per occupation is
 * precomputed or cached (occupation variant vectors, per-candidate alias vectors, BM25 term counts and
 * static features), and the title's vector comes from the caller when it has one, so a query costs one HNSW search, a few
 * dot products per candidate and no per-candidate allocation.
 */
export class LtrFeatureExtractor {
  readonly graph: EscoGraph;
  readonly matcher: EncoderOccupationMatcher;
  readonly encoder: Encoder;
  readonly bm25: Bm25Index;
  readonly topOccupations: number;
  private readonly aliasVectors = new Map<string, Float32Array>();
  /** By doc id (checked against the candidate's content), then by content. */
  private readonly entriesByDoc = new Map<string, CandidateEntry>();
  private readonly entriesByKey = new Map<string, CandidateEntry>();

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

  static async create(graph: EscoGraph, encoder: Encoder, options: { topOccupations: number; threads?: number; matcher?: EncoderOccupationMatcher }): Promise<LtrFeatureExtractor> {
    const matcher = options.matcher ?? (await EncoderOccupationMatcher.build(graph, encoder, options.threads === undefined ? {} : { threads: options.threads }));
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

  /** Encodes the candidates' aliases and creates their cached entries (see LtrReranker.prepare). */
  async warmCandidates(candidates: readonly PreparedCandidate[]): Promise<void> {
    await this.warmAliases(candidates.map((c) => c.aliases));
    for (const c of candidates) {
      const e = this.entry({ ...c, firstStageScore: 0 });
      const block = (e.vectors ??= this.aliasBlock(e.aliases));
      // The cache keeps views into the block, so every alias vector is stored once (≈ 100 MB for all of ESCO).
      const dims = this.encoder.dimensions;
      e.aliases.forEach((a, j) => this.aliasVectors.set(a, block.subarray(j * dims, (j + 1) * dims)));
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
    const ev = this.evidence(qv, options.exclude);
    const n = candidates.length;
    const entries = new Array<CandidateEntry>(n);
    let cold: CandidateEntry[] | undefined;
    for (let i = 0; i < n; i++) {
      const e = this.entry(candidates[i]!);
      entries[i] = e;
      if (e.vectors === null) (cold ??= []).push(e);
    }
    if (cold) {
      await this.warmAliases(cold.map((e) => e.aliases));
      for (const e of cold) e.vectors = this.aliasBlock(e.aliases);
    }
    // Popularity without the excluded occupations, so training sees no trace of the query's own occupation.
    let excludedEss: Map<number, number> | undefined;
    let excludedOpt: Map<number, number> | undefined;
    if (options.exclude !== undefined) {
      excludedEss = new Map();
      excludedOpt = new Map();
      for (const o of options.exclude) {
        const occ = this.graph.occupations[o];
        if (!occ) continue;
        for (const s of occ.essential) excludedEss.set(s, (excludedEss.get(s) ?? 0) + 1);
        for (const s of occ.optional) excludedOpt.set(s, (excludedOpt.get(s) ?? 0) + 1);
      }
    }
    // BM25 query side once: terms in first-occurrence order (the summation order of Bm25Index.scoreTerms).
    const queryCounts = termCounts(tokenize(query));
    const qTerms: string[] = [];
    const qWeights: number[] = []; // idf · qtf
    for (const [term, qtf] of queryCounts) {
      qTerms.push(term);
      qWeights.push(this.bm25.idf(term) * qtf);
    }
    const k1p1 = this.bm25.k1 + 1;
    const out = new Float32Array(n * FEATURE_COUNT);
    const dims = qv.length;
    const dims4 = dims & ~3;
    let leader = -Infinity;
    let firstLeader = -Infinity;
    const total = ev.totalSimilarity > 0 ? ev.totalSimilarity : 1;
    const evSkills = ev.skills;
    const bestOcc = ev.bestSimilarity;
    const topOcc = this.topOccupations;
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      const row = i * FEATURE_COUNT;
      const block = e.vectors!;
      const count = e.aliases.length;
      let best = -1;
      let sum = 0;
      let pref = 0;
      for (let j = 0; j < count; j++) {
        const dot = dims4 === dims ? dot4(block, j * dims, qv, dims) : dot1(block, j * dims, qv, dims);
        if (dot > best) best = dot;
        sum += dot;
        if (j === 0) pref = dot;
      }
      if (count === 0) best = 0;
      out[row + F.cos_max] = best;
      out[row + F.cos_mean] = count > 0 ? sum / count : 0;
      out[row + F.cos_pref] = pref;
      leader = Math.max(leader, best);
      // Bm25Index.scoreTerms with the same operations in the same order (equal to the last bit).
      let bm = 0;
      for (let t = 0; t < qTerms.length; t++) {
        const tf = e.terms.get(qTerms[t]!);
        if (tf) bm += qWeights[t]! * ((tf * k1p1) / (tf + e.bm25LengthNorm));
      }
      out[row + F.bm25] = Math.log1p(bm);
      out[row + F.bm25_any] = bm > 0 ? 1 : 0;
      out[row + F.query_best_occ_sim] = bestOcc;
      const first = candidates[i]!.firstStageScore;
      out[row + F.first_stage] = first;
      if (first > firstLeader) firstLeader = first;
      const skill = e.skill;
      if (skill < 0) continue;
      out[row + F.in_esco] = 1;
      const se = evSkills.get(skill);
      if (se) {
        out[row + F.graph_ess_w] = se.essentialWeight / total;
        out[row + F.graph_opt_w] = se.optionalWeight / total;
        out[row + F.graph_ess_hits] = se.essentialHits / topOcc;
        out[row + F.graph_opt_hits] = se.optionalHits / topOcc;
        out[row + F.graph_best_sim] = se.bestOccupationSimilarity;
        out[row + F.graph_any] = 1;
      }
      if (excludedEss === undefined) {
        out[row + F.pop_ess] = e.popEss;
        out[row + F.pop_opt] = e.popOpt;
      } else {
        out[row + F.pop_ess] = Math.log1p(this.graph.essentialCount[skill]! - (excludedEss.get(skill) ?? 0));
        out[row + F.pop_opt] = Math.log1p(this.graph.optionalCount[skill]! - (excludedOpt!.get(skill) ?? 0));
      }
      const flags = e.flags;
      for (let k = 0; k < FLAG_FEATURES.length; k++) if (flags[k] === 1) out[row + FLAG_FEATURES[k]!] = 1;
    }
    for (let i = 0; i < n; i++) {
      out[i * FEATURE_COUNT + F.cos_gap] = out[i * FEATURE_COUNT + F.cos_max]! - leader;
      out[i * FEATURE_COUNT + F.first_stage_gap] = candidates[i]!.firstStageScore - firstLeader;
    }
    return out;
  }

  /** The (encoded) alias vectors of a candidate copied into one block. */
  private aliasBlock(aliases: readonly string[]): Float32Array {
    const dims = this.encoder.dimensions;
    const block = new Float32Array(aliases.length * dims);
    aliases.forEach((a, j) => block.set(this.aliasVectors.get(a)!, j * dims));
    return block;
  }

  /** The cached entry of a candidate (created on first sight; alias vectors are filled by extract). */
  private entry(c: RerankCandidate): CandidateEntry {
    // Fast path: the doc id's last entry, when its aliases and URI are still the same (pointer-equal strings).
    const byDoc = this.entriesByDoc.get(c.docId);
    if (byDoc !== undefined && sameEntry(byDoc, c)) return byDoc;
    const key = `${c.escoUri ?? ''}\u0001${c.aliases.join('\u0000')}`;
    let e = this.entriesByKey.get(key);
    if (e === undefined) {
      e = this.newEntry(c);
      this.entriesByKey.set(key, e);
    }
    this.entriesByDoc.set(c.docId, e);
    return e;
  }

  private newEntry(c: RerankCandidate): CandidateEntry {
    const terms = termCounts(c.aliases.flatMap(tokenize));
    let length = 0;
    for (const tf of terms.values()) length += tf;
    const { k1, b, avgDocLength } = this.bm25;
    const norm = avgDocLength > 0 ? length / avgDocLength : 1;
    const skill = c.escoUri === undefined ? -1 : (this.graph.skillIndex.get(c.escoUri) ?? -1);
    const flags = new Uint8Array(FLAG_FEATURES.length);
    let popEss = 0;
    let popOpt = 0;
    if (skill >= 0) {
      popEss = Math.log1p(this.graph.essentialCount[skill]!);
      popOpt = Math.log1p(this.graph.optionalCount[skill]!);
      const info = this.graph.skills[skill]!;
      const type = SKILL_TYPES[info.skillType];
      const reuse = REUSE_LEVELS[info.reuseLevel];
      flags[0] = type === 'knowledge' ? 1 : 0;
      flags[1] = type === 'skill/competence' ? 1 : 0;
      flags[2] = reuse === 'transversal' ? 1 : 0;
      flags[3] = reuse === 'cross-sector' ? 1 : 0;
      flags[4] = reuse === 'sector-specific' ? 1 : 0;
      flags[5] = reuse === 'occupation-specific' ? 1 : 0;
    }
    const aliases = [...c.aliases];
    const cached = aliases.every((a) => this.aliasVectors.has(a));
    return {
      aliases,
      escoUri: c.escoUri,
      vectors: cached ? this.aliasBlock(aliases) : null,
      terms,
      bm25LengthNorm: k1 * (1 - b + b * norm),
      skill,
      popEss,
      popOpt,
      flags,
    };
  }
}

/**
 * Dot product in double precision with four partial sums (≈3× faster than one dependent chain). The
 * result differs from a sequential sum by ~1e-16, below the float32 rounding of the feature matrix.
 */
function dot4(a: Float32Array, offset: number, b: Float32Array, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let d = 0; d < dims; d += 4) {
    s0 += a[offset + d]! * b[d]!;
    s1 += a[offset + d + 1]! * b[d + 1]!;
    s2 += a[offset + d + 2]! * b[d + 2]!;
    s3 += a[offset + d + 3]! * b[d + 3]!;
  }
  return s0 + s1 + (s2 + s3);
}

function dot1(a: Float32Array, offset: number, b: Float32Array, dims: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) s += a[offset + d]! * b[d]!;
  return s;
}

function sameEntry(e: CandidateEntry, c: RerankCandidate): boolean {
  if (e.escoUri !== c.escoUri || e.aliases.length !== c.aliases.length) return false;
  for (let j = 0; j < e.aliases.length; j++) if (e.aliases[j] !== c.aliases[j]) return false;
  return true;
}

function termCounts(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
