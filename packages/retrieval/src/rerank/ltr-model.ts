import { z } from 'zod';
import { JobskillError, createRng } from '@jobskill/data';

/**
 * The scoring function of the embedded re-ranker: s(x) = v·x + w2·tanh(W1·x + b1) on z-normalized
 * features x. hidden = 0 is a plain linear model; the linear skip term keeps the MLP close to it.
 * Parameters live in one flat vector so the optimizer and the gradient check see a single array:
 * [v (F) | W1 (H×F, row-major) | b1 (H) | w2 (H)].
 */
export interface LtrShape {
  inputs: number;
  hidden: number;
}

export function parameterCount({ inputs, hidden }: LtrShape): number {
  return inputs + hidden * inputs + 2 * hidden;
}

/** Scores n rows of a row-major feature matrix (already normalized). */
export function scoreRows(shape: LtrShape, params: ArrayLike<number>, features: ArrayLike<number>, n: number, out = new Float64Array(n)): Float64Array {
  const { inputs: F, hidden: H } = shape;
  const w1 = F;
  const b1 = F + H * F;
  const w2 = b1 + H;
  for (let r = 0; r < n; r++) {
    const base = r * F;
    let s = 0;
    for (let f = 0; f < F; f++) s += params[f]! * features[base + f]!;
    for (let h = 0; h < H; h++) {
      let a = params[b1 + h]!;
      const row = w1 + h * F;
      for (let f = 0; f < F; f++) a += params[row + f]! * features[base + f]!;
      s += params[w2 + h]! * Math.tanh(a);
    }
    out[r] = s;
  }
  return out;
}

/** One training list: the candidates of one query with graded relevance (0 = not relevant). */
export interface LtrList {
  features: Float32Array; // n × F, normalized
  relevance: Float32Array; // n
}

/**
 * Listwise softmax cross-entropy (ListNet top-1): target = relevance / Σ relevance, prediction =
 * softmax(scores); mean over lists, plus (l2 / 2)·‖params‖². Writes the gradient into `grad`.
 */
export function listwiseLossAndGradient(shape: LtrShape, params: Float64Array, lists: readonly LtrList[], l2: number, grad: Float64Array): number {
  const { inputs: F, hidden: H } = shape;
  const w1 = F;
  const b1 = F + H * F;
  const w2 = b1 + H;
  grad.fill(0);
  let loss = 0;
  let used = 0;
  const act = new Float64Array(H);
  for (const list of lists) {
    const n = list.relevance.length;
    let relSum = 0;
    for (let i = 0; i < n; i++) relSum += list.relevance[i]!;
    if (relSum <= 0 || n === 0) continue;
    used++;
    const scores = scoreRows(shape, params, list.features, n);
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, scores[i]!);
    let z = 0;
    for (let i = 0; i < n; i++) z += Math.exp(scores[i]! - max);
    const logZ = max + Math.log(z);
    for (let i = 0; i < n; i++) {
      const t = list.relevance[i]! / relSum;
      if (t > 0) loss -= t * (scores[i]! - logZ);
      const dS = Math.exp(scores[i]! - logZ) - t; // ∂loss/∂s_i
      if (dS === 0) continue;
      const base = i * F;
      for (let f = 0; f < F; f++) grad[f]! += dS * list.features[base + f]!;
      for (let h = 0; h < H; h++) {
        let a = params[b1 + h]!;
        const row = w1 + h * F;
        for (let f = 0; f < F; f++) a += params[row + f]! * list.features[base + f]!;
        act[h] = Math.tanh(a);
        grad[w2 + h]! += dS * act[h]!;
        const dA = dS * params[w2 + h]! * (1 - act[h]! * act[h]!);
        grad[b1 + h]! += dA;
        for (let f = 0; f < F; f++) grad[row + f]! += dA * list.features[base + f]!;
      }
    }
  }
  const scale = used > 0 ? 1 / used : 0;
  let reg = 0;
  for (let p = 0; p < params.length; p++) {
    grad[p] = grad[p]! * scale + l2 * params[p]!;
    reg += params[p]! * params[p]!;
  }
  return loss * scale + 0.5 * l2 * reg;
}


export interface TrainOptions {
  hidden: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Called after each epoch (for early stopping on an ESCO dev split); return false to stop. */
  onEpoch?: (epoch: number, loss: number, params: Float64Array) => boolean | void;
}

/** Full-batch Adam on the listwise loss. Deterministic for a given seed. */
export function trainListwise(lists: readonly LtrList[], inputs: number, options: TrainOptions): { params: Float64Array; losses: number[] } {
  const shape = { inputs, hidden: options.hidden };
  const n = parameterCount(shape);
  const rand = createRng(options.seed);
  const params = new Float64Array(n);
  // Linear part starts at 0; hidden weights small and random so the units differ.
  for (let p = inputs; p < n; p++) params[p] = (rand() - 0.5) * 0.2;
  const grad = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const losses: number[] = [];
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const loss = listwiseLossAndGradient(shape, params, lists, options.l2, grad);
    if (!Number.isFinite(loss)) throw new JobskillError('TRAINING_DIVERGED', `learning-to-rank loss is ${loss} at epoch ${epoch}`);
    losses.push(loss);
    for (let p = 0; p < n; p++) {
      m[p] = beta1 * m[p]! + (1 - beta1) * grad[p]!;
      v[p] = beta2 * v[p]! + (1 - beta2) * grad[p]! * grad[p]!;
      const mHat = m[p]! / (1 - beta1 ** epoch);
      const vHat = v[p]! / (1 - beta2 ** epoch);
      params[p] = params[p]! - (options.learningRate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
    if (options.onEpoch?.(epoch, loss, params) === false) break;
  }
  return { params, losses };
}

/** The saved model file (model.json). */
export const LtrModelFileSchema = z.object({
  format: z.literal('jobskill-ltr'),
  version: z.literal(1),
  features: z.array(z.string()).min(1),
  normalization: z.object({ mean: z.array(z.number()), std: z.array(z.number().positive()) }),
  hidden: z.number().int().nonnegative(),
  params: z.array(z.number()),
  graph: z.object({ topOccupations: z.number().int().positive() }),
  encoder: z.object({ id: z.string(), hash: z.string() }),
});
export type LtrModelFile = z.infer<typeof LtrModelFileSchema>;
