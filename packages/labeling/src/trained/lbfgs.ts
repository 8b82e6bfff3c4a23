/** Objective for minimize: value and gradient at x (the gradient written into `grad`). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  /** Stop when the gradient's max-abs entry falls below this. */
  gradientTolerance: number;
  /** History size. */
  memory: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/**
 * Limited-memory BFGS (Nocedal & Wright, alg. 7.4/7.5) with a backtracking Armijo line search. Enough
 * for the smooth convex objective of L2-regularized softmax regression; deterministic.
 */
export function minimizeLbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = options.memory;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let value = f(x, g);
  // Ring buffers of the last m steps (s) and gradient changes (y), preallocated: no garbage per iteration.
  const s = Array.from({ length: m }, () => new Float64Array(n));
  const y = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  let stored = 0;
  let head = 0; // slot the next pair goes to
  const direction = new Float64Array(n);
  for (let iter = 0; iter < options.maxIterations; iter++) {
    if (maxAbs(g) < options.gradientTolerance) return { x, value, iterations: iter, converged: true };
    // Two-loop recursion: direction = -H·g, newest pair first.
    for (let i = 0; i < n; i++) direction[i] = -g[i]!;
    for (let c = 0; c < stored; c++) {
      const k = (head - 1 - c + m) % m;
      alpha[k] = rho[k]! * dot(s[k]!, direction);
      const yk = y[k]!;
      const a = alpha[k]!;
      for (let i = 0; i < n; i++) direction[i]! -= a * yk[i]!;
    }
    let gamma = 1 / Math.max(1, Math.sqrt(dot(g, g)));
    if (stored > 0) {
      const k = (head - 1 + m) % m;
      gamma = dot(s[k]!, y[k]!) / dot(y[k]!, y[k]!);
    }
    for (let i = 0; i < n; i++) direction[i]! *= gamma;
    for (let c = stored - 1; c >= 0; c--) {
      const k = (head - 1 - c + m) % m;
      const beta = rho[k]! * dot(y[k]!, direction);
      const sk = s[k]!;
      const d = alpha[k]! - beta;
      for (let i = 0; i < n; i++) direction[i]! += d * sk[i]!;
    }
    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): forget the history, take steepest descent.
      stored = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i]! * gamma;
      slope = dot(g, direction);
    }
    let step = 1;
    let valueNew = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * direction[i]!;
      valueNew = f(xNew, gNew);
      if (valueNew <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(valueNew < value)) return { x, value, iterations: iter, converged: true };
    const sk = s[head]!;
    const yk = y[head]!;
    for (let i = 0; i < n; i++) {
      sk[i] = xNew[i]! - x[i]!;
      yk[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      stored = Math.min(stored + 1, m);
    }
    const converged = Math.abs(value - valueNew) <= 1e-10 * Math.max(1, Math.abs(value));
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    value = valueNew;
    if (converged) return { x, value, iterations: iter + 1, converged: true };
  }
  return { x, value, iterations: options.maxIterations, converged: false };
}
