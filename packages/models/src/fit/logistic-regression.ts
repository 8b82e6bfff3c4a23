import { Matrix, solve } from 'ml-matrix';
import { JobskillError } from '@jobskill/data';

export interface LogisticRegressionFit {
  bias: number;
  weights: number[];
  iterations: number;
}

/** The L2-penalized negative log-likelihood the fit minimizes (the bias is not penalized); for checks and reports. */
export function logisticLoss(rows: readonly { x: readonly number[]; y: number }[], bias: number, weights: readonly number[], l2: number): number {
  let loss = 0;
  for (const { x, y } of rows) {
    let z = bias;
    for (let j = 0; j < weights.length; j++) z += weights[j]! * x[j]!;
    // log(1 + e^z) − y·z, written to stay finite for large |z|.
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
  }
  for (const w of weights) loss += (l2 / 2) * w * w;
  return loss;
}

/**
 * Binary logistic regression by Newton's method (IRLS): few features, many rows, a handful of deterministic
 * iterations. `l2` penalizes the weights, not the bias (with separable data, unpenalized weights grow until every
 * probability is 0 or 1). Used for the small calibrations and fusions fitted at build time.
 */
export function fitLogisticRegression(
  rows: readonly { x: readonly number[]; y: number }[],
  options: { l2?: number; maxIterations?: number; tolerance?: number } = {},
): LogisticRegressionFit {
  const first = rows[0];
  if (first === undefined) throw new JobskillError('TOO_FEW_EXAMPLES', 'logistic regression needs at least one row');
  const d = first.x.length;
  const l2 = options.l2 ?? 0;
  const beta = new Float64Array(d + 1); // [weights..., bias]
  let iterations = 0;
  for (; iterations < (options.maxIterations ?? 50); ) {
    iterations++;
    const grad = new Float64Array(d + 1);
    const h = Array.from({ length: d + 1 }, () => new Float64Array(d + 1));
    for (const { x, y } of rows) {
      let z = beta[d]!;
      for (let j = 0; j < d; j++) z += beta[j]! * x[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const w = p * (1 - p);
      for (let a = 0; a <= d; a++) {
        const xa = a === d ? 1 : x[a]!;
        grad[a]! += (p - y) * xa;
        const row = h[a]!;
        for (let b = 0; b <= d; b++) row[b]! += w * xa * (b === d ? 1 : x[b]!);
      }
    }
    for (let a = 0; a < d; a++) {
      grad[a]! += l2 * beta[a]!;
      h[a]![a]! += l2;
    }
    // solve() falls back to a least-squares solution when the Hessian is singular (a constant feature).
    const step = solve(new Matrix(h), Matrix.columnVector(Array.from(grad)), true).to1DArray();
    let change = 0;
    for (let a = 0; a <= d; a++) {
      beta[a]! -= step[a]!;
      change = Math.max(change, Math.abs(step[a]!));
    }
    if (change < (options.tolerance ?? 1e-9)) break;
  }
  return { bias: beta[d]!, weights: Array.from(beta.subarray(0, d)), iterations };
}
