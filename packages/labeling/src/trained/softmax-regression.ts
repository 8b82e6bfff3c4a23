import type { SparseVector } from './tfidf.ts';
import { minimizeLbfgs } from './lbfgs.ts';

/**
 * Multinomial logistic regression over sparse rows. Parameters are one flat vector: the weights
 * feature-major (W[j·K + k]) then the K biases.
 */
export interface SoftmaxProblem {
  rows: readonly SparseVector[];
  /** Class index of each row. */
  targets: Int32Array;
  /** Per-row weight (class weighting). */
  sampleWeights: Float64Array;
  classes: number;
  dimensions: number;
  /** L2 penalty on the weights (not the biases): l2/2 · ‖W‖². */
  l2: number;
}

/** Logits of one row. */
export function logitsOf(params: Float64Array, x: SparseVector, classes: number, dimensions: number, out = new Float64Array(classes)): Float64Array {
  const biasOffset = dimensions * classes;
  for (let k = 0; k < classes; k++) out[k] = params[biasOffset + k]!;
  for (let n = 0; n < x.indices.length; n++) {
    const base = x.indices[n]! * classes;
    const v = x.values[n]!;
    for (let k = 0; k < classes; k++) out[k]! += v * params[base + k]!;
  }
  return out;
}

/** In-place softmax; returns log of the normalizer. */
export function softmaxInPlace(z: Float64Array): number {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp(z[k]! - max);
    sum += z[k]!;
  }
  for (let k = 0; k < z.length; k++) z[k]! /= sum;
  return max + Math.log(sum);
}

/**
 * Weighted mean cross-entropy + L2, and its gradient:
 *   L = Σᵢ wᵢ·(−log pᵢ[yᵢ]) / Σᵢ wᵢ + l2/2·‖W‖²
 *   ∂L/∂W[j,k] = Σᵢ wᵢ·(pᵢ[k] − 1[yᵢ=k])·xᵢⱼ / Σᵢ wᵢ + l2·W[j,k];  ∂L/∂b[k] likewise without x and l2.
 */
export function softmaxLoss(problem: SoftmaxProblem, params: Float64Array, grad: Float64Array): number {
  const { rows, targets, sampleWeights, classes: K, dimensions: D, l2 } = problem;
  grad.fill(0);
  let totalWeight = 0;
  for (const w of sampleWeights) totalWeight += w;
  let loss = 0;
  const p = new Float64Array(K);
  const biasOffset = D * K;
  for (let i = 0; i < rows.length; i++) {
    const x = rows[i]!;
    logitsOf(params, x, K, D, p);
    const y = targets[i]!;
    const logit = p[y]!;
    const logZ = softmaxInPlace(p);
    const w = sampleWeights[i]! / totalWeight;
    loss += w * (logZ - logit);
    p[y]! -= 1;
    for (let k = 0; k < K; k++) grad[biasOffset + k]! += w * p[k]!;
    for (let n = 0; n < x.indices.length; n++) {
      const base = x.indices[n]! * K;
      const v = w * x.values[n]!;
      for (let k = 0; k < K; k++) grad[base + k]! += v * p[k]!;
    }
  }
  let sq = 0;
  for (let j = 0; j < biasOffset; j++) {
    sq += params[j]! * params[j]!;
    grad[j]! += l2 * params[j]!;
  }
  return loss + 0.5 * l2 * sq;
}

export function fitSoftmaxRegression(
  problem: SoftmaxProblem,
  options: { maxIterations: number; gradientTolerance?: number },
): { params: Float64Array; iterations: number; converged: boolean; loss: number } {
  const x0 = new Float64Array(problem.dimensions * problem.classes + problem.classes);
  const result = minimizeLbfgs((x, g) => softmaxLoss(problem, x, g), x0, {
    maxIterations: options.maxIterations,
    gradientTolerance: options.gradientTolerance ?? 1e-5,
    memory: 10,
  });
  return { params: result.x, iterations: result.iterations, converged: result.converged, loss: result.value };
}

/** sklearn's class_weight='balanced': n / (K · count of the class), per row. */
export function balancedSampleWeights(targets: Int32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (const t of targets) counts[t]! += 1;
  const present = counts.filter((c) => c > 0).length;
  return Float64Array.from(targets, (t) => targets.length / (present * counts[t]!));
}
