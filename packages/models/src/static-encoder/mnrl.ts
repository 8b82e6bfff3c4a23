/**
 * Hand-written numerics of the static encoder: mean pooling of token rows, L2 normalization, the scaled
 * similarity matrix and multiple-negatives ranking loss (softmax cross-entropy with in-batch negatives),
 * with its analytic backward pass down to sparse per-row gradients of the embedding table.
 * Generic over Float32Array / Float64Array so the finite-difference test can run in double precision.
 */

export type FloatArray = Float32Array | Float64Array;

export interface MnrlOptions {
  /** Multiplier of the cosine similarities before the softmax (sentence-transformers default 20). */
  scale: number;
  /** Also the loss from each positive to its anchor over all anchors (MultipleNegativesSymmetricRankingLoss). */
  symmetric: boolean;
}

export interface MnrlBatch {
  /** Token ids of each anchor text (after the tokenizer, special tokens included). */
  anchors: readonly (readonly number[])[];
  /** Token ids of each positive text; positives[i] pairs with anchors[i]. */
  positives: readonly (readonly number[])[];
  /** Per-pair loss weights (default 1). */
  weights?: readonly number[] | undefined;
  /**
   * masked[i * B + j] = 1 drops positive j as a negative of anchor i (a known other positive of that anchor,
   * so it must not be pushed away). The diagonal is never masked.
   */
  masked?: Uint8Array | undefined;
}

export interface MnrlResult {
  loss: number;
  /** Gradient of the loss per touched table row. */
  grads: Map<number, Float64Array>;
}

// Unrolled by 4: V8 does not vectorize, and this halves loop overhead in the B²·dim hot loops.
function dot(x: Float64Array, xo: number, y: Float64Array, yo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += x[xo + k]! * y[yo + k]!;
    s1 += x[xo + k + 1]! * y[yo + k + 1]!;
    s2 += x[xo + k + 2]! * y[yo + k + 2]!;
    s3 += x[xo + k + 3]! * y[yo + k + 3]!;
  }
  for (; k < n; k++) s0 += x[xo + k]! * y[yo + k]!;
  return s0 + s1 + s2 + s3;
}

/** out[oo..] += a · x[xo..] */
function axpy(out: Float64Array, oo: number, a: number, x: Float64Array, xo: number, n: number): void {
  let k = 0;
  for (; k + 3 < n; k += 4) {
    out[oo + k]! += a * x[xo + k]!;
    out[oo + k + 1]! += a * x[xo + k + 1]!;
    out[oo + k + 2]! += a * x[xo + k + 2]!;
    out[oo + k + 3]! += a * x[xo + k + 3]!;
  }
  for (; k < n; k++) out[oo + k]! += a * x[xo + k]!;
}

/** Mean of the rows `ids` of `table`, L2-normalized; returns the norm before normalization too. */
export function meanPoolNormalize(
  table: FloatArray,
  dim: number,
  ids: readonly number[],
  out: Float64Array,
  offset: number,
): number {
  out.fill(0, offset, offset + dim);
  if (ids.length === 0) return 0;
  for (const id of ids) {
    const base = id * dim;
    for (let k = 0; k < dim; k++) out[offset + k]! += table[base + k]!;
  }
  const inv = 1 / ids.length;
  let sq = 0;
  for (let k = 0; k < dim; k++) {
    const v = out[offset + k]! * inv;
    out[offset + k] = v;
    sq += v * v;
  }
  const norm = Math.sqrt(sq);
  // A zero mean (cannot happen with random init) would have no direction; leave it zero, like a masked row.
  if (norm > 0) for (let k = 0; k < dim; k++) out[offset + k]! /= norm;
  return norm;
}

/** Embeds token-id sequences into L2-normalized vectors (what the exported ONNX model + pooling computes). */
export function embedSequences(table: FloatArray, dim: number, seqs: readonly (readonly number[])[]): Float64Array {
  const out = new Float64Array(seqs.length * dim);
  for (let i = 0; i < seqs.length; i++) meanPoolNormalize(table, dim, seqs[i]!, out, i * dim);
  return out;
}

/** Loss and sparse table gradient of one batch. */
export function mnrlLossAndGradients(
  table: FloatArray,
  dim: number,
  batch: MnrlBatch,
  options: MnrlOptions,
): MnrlResult {
  const B = batch.anchors.length;
  if (batch.positives.length !== B) throw new Error('anchors and positives differ in length');
  const { scale, symmetric } = options;
  const masked = batch.masked;
  const ua = new Float64Array(B * dim);
  const ub = new Float64Array(B * dim);
  const normA = new Float64Array(B);
  const normB = new Float64Array(B);
  for (let i = 0; i < B; i++) {
    normA[i] = meanPoolNormalize(table, dim, batch.anchors[i]!, ua, i * dim);
    normB[i] = meanPoolNormalize(table, dim, batch.positives[i]!, ub, i * dim);
  }
  let weightSum = 0;
  const w = new Float64Array(B);
  for (let i = 0; i < B; i++) {
    w[i] = batch.weights?.[i] ?? 1;
    weightSum += w[i]!;
  }

  // S[i][j] = scale · ua_i · ub_j
  const S = new Float64Array(B * B);
  for (let i = 0; i < B; i++) {
    for (let j = 0; j < B; j++) S[i * B + j] = scale * dot(ua, i * dim, ub, j * dim, dim);
  }
  const isMasked = (i: number, j: number): boolean => i !== j && masked !== undefined && masked[i * B + j] === 1;

  // G = dLoss/dS
  const G = new Float64Array(B * B);
  const directionWeight = symmetric ? 0.5 : 1;
  let loss = 0;
  // anchor i → its positive among all positives (row softmax)
  for (let i = 0; i < B; i++) {
    let max = -Infinity;
    for (let j = 0; j < B; j++) if (!isMasked(i, j)) max = Math.max(max, S[i * B + j]!);
    let sum = 0;
    for (let j = 0; j < B; j++) if (!isMasked(i, j)) sum += Math.exp(S[i * B + j]! - max);
    const logZ = max + Math.log(sum);
    const c = (directionWeight * w[i]!) / weightSum;
    loss += c * (logZ - S[i * B + i]!);
    for (let j = 0; j < B; j++) {
      if (isMasked(i, j)) continue;
      G[i * B + j]! += c * Math.exp(S[i * B + j]! - logZ);
    }
    G[i * B + i]! -= c;
  }
  if (symmetric) {
    // positive j → its anchor among all anchors (column softmax)
    for (let j = 0; j < B; j++) {
      let max = -Infinity;
      for (let i = 0; i < B; i++) if (!isMasked(i, j)) max = Math.max(max, S[i * B + j]!);
      let sum = 0;
      for (let i = 0; i < B; i++) if (!isMasked(i, j)) sum += Math.exp(S[i * B + j]! - max);
      const logZ = max + Math.log(sum);
      const c = (directionWeight * w[j]!) / weightSum;
      loss += c * (logZ - S[j * B + j]!);
      for (let i = 0; i < B; i++) {
        if (isMasked(i, j)) continue;
        G[i * B + j]! += c * Math.exp(S[i * B + j]! - logZ);
      }
      G[j * B + j]! -= c;
    }
  }

  // dL/dua_i = scale Σ_j G_ij ub_j ; dL/dub_j = scale Σ_i G_ij ua_i
  const dua = new Float64Array(B * dim);
  const dub = new Float64Array(B * dim);
  for (let i = 0; i < B; i++) {
    for (let j = 0; j < B; j++) {
      const g = scale * G[i * B + j]!;
      if (g === 0) continue;
      axpy(dua, i * dim, g, ub, j * dim, dim);
      axpy(dub, j * dim, g, ua, i * dim, dim);
    }
  }

  const grads = new Map<number, Float64Array>();
  const scatter = (u: Float64Array, du: Float64Array, norms: Float64Array, seqs: readonly (readonly number[])[]) => {
    const de = new Float64Array(dim);
    for (let i = 0; i < B; i++) {
      const ids = seqs[i]!;
      const norm = norms[i]!;
      if (ids.length === 0 || norm === 0) continue;
      const o = i * dim;
      // through u = e/|e|: de = (du − u(u·du)) / |e|; through the mean: each token gets de / n
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += u[o + k]! * du[o + k]!;
      const c = 1 / (norm * ids.length);
      for (let k = 0; k < dim; k++) de[k] = (du[o + k]! - u[o + k]! * dot) * c;
      for (const id of ids) {
        let g = grads.get(id);
        if (g === undefined) {
          g = new Float64Array(dim);
          grads.set(id, g);
        }
        for (let k = 0; k < dim; k++) g[k]! += de[k]!;
      }
    }
  };
  scatter(ua, dua, normA, batch.anchors);
  scatter(ub, dub, normB, batch.positives);
  return { loss, grads };
}

/** Lazy (sparse) Adam: moments and updates only for the rows a batch touched; bias correction by global step. */
export class SparseAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private step = 0;

  constructor(
    private readonly table: Float32Array,
    private readonly dim: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = new Float32Array(table.length);
    this.v = new Float32Array(table.length);
  }

  apply(grads: Map<number, Float64Array>, learningRate: number): void {
    this.step++;
    const { beta1, beta2, epsilon, dim, m, v, table } = this;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    const stepSize = (learningRate * Math.sqrt(c2)) / c1;
    for (const [row, g] of grads) {
      const base = row * dim;
      for (let k = 0; k < dim; k++) {
        const idx = base + k;
        const gk = g[k]!;
        const mk = beta1 * m[idx]! + (1 - beta1) * gk;
        const vk = beta2 * v[idx]! + (1 - beta2) * gk * gk;
        m[idx] = mk;
        v[idx] = vk;
        table[idx]! -= (stepSize * mk) / (Math.sqrt(vk) + epsilon);
      }
    }
  }
}
