/**
 * The learned combination of the combined method: a logistic regression over per-(text, skill) features, fitted on
 * the dev set built from training data (`scripts/fit-fusion.ts`, see README), so its output reads as a probability
 * that the skill is meant by the text.
 */
export const FUSION_FEATURES = Object.freeze(['lexical', 'dense', 'evidence', 'prior'] as const);
export type FusionFeature = (typeof FUSION_FEATURES)[number];

export interface LogisticFusion {
  weights: Readonly<Record<FusionFeature, number>>;
  bias: number;
}

/**
 * - lexical: score of the best lexical hit by alias kind (0 without a hit);
 * - dense: best phrase score `(1 − w)·cos(phrase) + w·cos(segment)`, clipped at 0;
 * - evidence: sum of the cosines of the text's word pieces that have the skill in their top list;
 * - prior: log(1 + vacancies listing the skill) / log(1 + the most listed skill's count), TechWolf training vacancies.
 */
export type FusionInput = Readonly<Record<FusionFeature, number>>;

export function logisticScore(model: LogisticFusion, x: FusionInput): number {
  let z = model.bias;
  for (const f of FUSION_FEATURES) z += model.weights[f] * x[f];
  return 1 / (1 + Math.exp(-z));
}

/**
 * Fits the weights by Newton's method (IRLS) with an L2 penalty `l2` on the weights (not the bias). Few features
 * and ~10⁵ rows: a handful of iterations, deterministic.
 */
export function fitLogisticFusion(rows: readonly { x: FusionInput; y: 0 | 1 }[], options: { l2?: number; iterations?: number } = {}): LogisticFusion {
  const l2 = options.l2 ?? 1e-2;
  const k = FUSION_FEATURES.length + 1;
  const beta = new Float64Array(k);
  const vec = (x: FusionInput): number[] => [...FUSION_FEATURES.map((f) => x[f]), 1];
  const data = rows.map((r) => ({ v: vec(r.x), y: r.y }));
  for (let it = 0; it < (options.iterations ?? 25); it++) {
    const grad = new Float64Array(k);
    const hess = Array.from({ length: k }, () => new Float64Array(k));
    for (const { v, y } of data) {
      let z = 0;
      for (let i = 0; i < k; i++) z += beta[i]! * v[i]!;
      const p = 1 / (1 + Math.exp(-z));
      const wgt = p * (1 - p);
      for (let i = 0; i < k; i++) {
        grad[i]! += (p - y) * v[i]!;
        for (let j = 0; j < k; j++) hess[i]![j]! += wgt * v[i]! * v[j]!;
      }
    }
    for (let i = 0; i < k - 1; i++) {
      grad[i]! += l2 * beta[i]!;
      hess[i]![i]! += l2;
    }
    const step = solve(hess, grad);
    let change = 0;
    for (let i = 0; i < k; i++) {
      beta[i]! -= step[i]!;
      change = Math.max(change, Math.abs(step[i]!));
    }
    if (change < 1e-8) break;
  }
  const weights = Object.fromEntries(FUSION_FEATURES.map((f, i) => [f, round(beta[i]!)])) as Record<FusionFeature, number>;
  return { weights, bias: round(beta[k - 1]!) };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Solves A x = b (Gaussian elimination with partial pivoting; A is small and positive definite here). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const p = m[c]![c]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / p;
      for (let j = c; j <= n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return Float64Array.from(m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!)));
}

/** The prior feature per skill (corpus order): log(1 + count) / log(1 + max count); 0 for skills no vacancy lists. */
export function skillPriorFromCounts(uris: readonly string[], counts: ReadonlyMap<string, number>): Float32Array {
  let max = 0;
  for (const c of counts.values()) max = Math.max(max, c);
  const out = new Float32Array(uris.length);
  if (max === 0) return out;
  uris.forEach((uri, i) => (out[i] = Math.log1p(counts.get(uri) ?? 0) / Math.log1p(max)));
  return out;
}

/** Fitted by `pnpm --filter @jobskill/extraction fit-fusion` on the dev set (training data only); see README. */
export const DEFAULT_LOGISTIC_FUSION: LogisticFusion = Object.freeze({
  weights: Object.freeze({ lexical: 3.666, dense: 7.0214, evidence: 0.845, prior: 3.9837 }),
  bias: -12.512,
});
