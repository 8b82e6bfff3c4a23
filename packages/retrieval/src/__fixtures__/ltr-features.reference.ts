/**
 * Test-only: the straightforward feature extraction the optimized `LtrFeatureExtractor.extract` must
 * reproduce (the implementation before the hot path was optimized: per-alias vector lookups, a fresh
 * graph evidence and BM25 via `scoreText` per call). Tests and bench/rerank.ts compare the two.
 */
import { REUSE_LEVELS, SKILL_TYPES } from '../graph/esco-graph.ts';
import { graphEvidence } from '../graph/evidence.ts';
import { FEATURE_COUNT, LTR_FEATURES, type FeatureExtractionOptions, type LtrFeatureExtractor, type LtrFeatureName } from '../rerank/ltr-features.ts';
import type { RerankCandidate } from '../rerank/types.ts';

const F = Object.fromEntries(LTR_FEATURES.map((name, i) => [name, i])) as Record<LtrFeatureName, number>;

export async function referenceExtract(
  x: LtrFeatureExtractor,
  query: string,
  candidates: readonly RerankCandidate[],
  options: FeatureExtractionOptions = {},
): Promise<Float32Array> {
  const qv = options.queryVector ?? (await x.encodeQuery(query));
  await x.warmAliases(candidates.map((c) => c.aliases));
  const ev = graphEvidence(x.graph, x.matcher.similarities(qv), { topOccupations: x.topOccupations }, options.exclude);
  const excludedEss = new Map<number, number>();
  const excludedOpt = new Map<number, number>();
  for (const o of options.exclude ?? []) {
    const occ = x.graph.occupations[o];
    if (!occ) continue;
    for (const s of occ.essential) excludedEss.set(s, (excludedEss.get(s) ?? 0) + 1);
    for (const s of occ.optional) excludedOpt.set(s, (excludedOpt.get(s) ?? 0) + 1);
  }
  const n = candidates.length;
  const out = new Float32Array(n * FEATURE_COUNT);
  let leader = -Infinity;
  const total = ev.totalSimilarity > 0 ? ev.totalSimilarity : 1;
  candidates.forEach((c, i) => {
    const row = i * FEATURE_COUNT;
    let best = -1;
    let sum = 0;
    let pref = 0;
    c.aliases.forEach((a, j) => {
      const av = x.aliasVector(a)!;
      let dot = 0;
      for (let d = 0; d < qv.length; d++) dot += av[d]! * qv[d]!;
      if (dot > best) best = dot;
      sum += dot;
      if (j === 0) pref = dot;
    });
    if (c.aliases.length === 0) best = 0;
    out[row + F.cos_max] = best;
    out[row + F.cos_mean] = c.aliases.length > 0 ? sum / c.aliases.length : 0;
    out[row + F.cos_pref] = pref;
    leader = Math.max(leader, best);
    const bm = x.bm25.scoreText(query, c.aliases);
    out[row + F.bm25] = Math.log1p(bm);
    out[row + F.bm25_any] = bm > 0 ? 1 : 0;
    out[row + F.query_best_occ_sim] = ev.bestSimilarity;
    out[row + F.first_stage] = c.firstStageScore;
    const skill = c.escoUri === undefined ? undefined : x.graph.skillIndex.get(c.escoUri);
    if (skill === undefined) return;
    out[row + F.in_esco] = 1;
    const e = ev.skills.get(skill);
    if (e) {
      out[row + F.graph_ess_w] = e.essentialWeight / total;
      out[row + F.graph_opt_w] = e.optionalWeight / total;
      out[row + F.graph_ess_hits] = e.essentialHits / x.topOccupations;
      out[row + F.graph_opt_hits] = e.optionalHits / x.topOccupations;
      out[row + F.graph_best_sim] = e.bestOccupationSimilarity;
      out[row + F.graph_any] = 1;
    }
    out[row + F.pop_ess] = Math.log1p(x.graph.essentialCount[skill]! - (excludedEss.get(skill) ?? 0));
    out[row + F.pop_opt] = Math.log1p(x.graph.optionalCount[skill]! - (excludedOpt.get(skill) ?? 0));
    const info = x.graph.skills[skill]!;
    if (SKILL_TYPES[info.skillType] === 'knowledge') out[row + F.type_knowledge] = 1;
    if (SKILL_TYPES[info.skillType] === 'skill/competence') out[row + F.type_skill] = 1;
    const reuse = REUSE_LEVELS[info.reuseLevel];
    if (reuse === 'transversal') out[row + F.reuse_transversal] = 1;
    if (reuse === 'cross-sector') out[row + F.reuse_cross_sector] = 1;
    if (reuse === 'sector-specific') out[row + F.reuse_sector_specific] = 1;
    if (reuse === 'occupation-specific') out[row + F.reuse_occupation_specific] = 1;
  });
  const firstLeader = Math.max(...candidates.map((c) => c.firstStageScore));
  for (let i = 0; i < n; i++) {
    out[i * FEATURE_COUNT + F.cos_gap] = out[i * FEATURE_COUNT + F.cos_max]! - leader;
    out[i * FEATURE_COUNT + F.first_stage_gap] = candidates[i]!.firstStageScore - firstLeader;
  }
  return out;
}

/** The reference scores: reference features → z-normalization → MLP, as `LtrReranker.rerank` did. */
export function referenceScores(features: Float32Array, n: number, model: { normalization: { mean: number[]; std: number[] }; hidden: number }, params: ArrayLike<number>): number[] {
  const Fn = LTR_FEATURES.length;
  const x = Float32Array.from(features);
  for (let i = 0; i < x.length; i++) x[i] = (x[i]! - model.normalization.mean[i % Fn]!) / model.normalization.std[i % Fn]!;
  const H = model.hidden;
  const out: number[] = [];
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let f = 0; f < Fn; f++) s += params[f]! * x[r * Fn + f]!;
    for (let h = 0; h < H; h++) {
      let a = params[Fn + H * Fn + h]!;
      for (let f = 0; f < Fn; f++) a += params[Fn + h * Fn + f]! * x[r * Fn + f]!;
      s += params[Fn + H * Fn + H + h]! * Math.tanh(a);
    }
    out.push(s);
  }
  return out;
}
