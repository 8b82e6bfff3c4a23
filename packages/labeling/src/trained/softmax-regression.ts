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

/** Logit gap below the weakest fitted class given to classes with no training row (probability ≈ e^-50 of it). */
const ABSENT_CLASS_MARGIN = 50;

/**
 * Fits the classes that occur in the training rows only (a label list often names more): parameters of an absent
 * class would only drift toward −∞ and slow convergence. Absent classes get zero weights and a bias
 * ABSENT_CLASS_MARGIN below the lowest fitted bias, so they are never predicted.
 */
export function fitSoftmaxRegression(
  problem: SoftmaxProblem,
  options: { maxIterations: number; gradientTolerance?: number },
): { params: Float64Array; iterations: number; converged: boolean; loss: number } {
  const K = problem.classes;
  const D = problem.dimensions;
  const occurs = new Uint8Array(K);
  problem.targets.forEach((t, i) => {
    if (problem.sampleWeights[i]! > 0) occurs[t] = 1;
  });
  const present = [...occurs.keys()].filter((k) => occurs[k] === 1);
  if (present.length === K || present.length === 0) return fitAllClasses(problem, options);
  const P = present.length;
  const remap = new Int32Array(K).fill(-1);
  present.forEach((k, i) => (remap[k] = i));
  const reduced = fitAllClasses({ ...problem, classes: P, targets: Int32Array.from(problem.targets, (t) => remap[t]!) }, options);
  const params = new Float64Array(D * K + K);
  for (let j = 0; j < D; j++) for (let i = 0; i < P; i++) params[j * K + present[i]!] = reduced.params[j * P + i]!;
  let lowest = Infinity;
  for (let i = 0; i < P; i++) {
    const bias = reduced.params[D * P + i]!;
    params[D * K + present[i]!] = bias;
    lowest = Math.min(lowest, bias);
  }
  for (let k = 0; k < K; k++) if (remap[k] === -1) params[D * K + k] = lowest - ABSENT_CLASS_MARGIN;
  return { ...reduced, params };
}

function fitAllClasses(
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
