import { describe, expect, it } from 'vitest';
import { createRng } from '@jobskill/data';
import { balancedSampleWeights, fitSoftmaxRegression, logitsOf, softmaxInPlace, softmaxLoss, type SoftmaxProblem } from './softmax-regression.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { fitTemperature } from './model.ts';

function randomProblem(seed: number): { problem: SoftmaxProblem; params: Float64Array } {
  const rng = createRng(seed);
  const K = 4;
  const D = 7;
  const rows = Array.from({ length: 12 }, () => {
    const idx = [...new Set(Array.from({ length: 4 }, () => Math.floor(rng() * D)))].sort((a, b) => a - b);
    return { indices: Int32Array.from(idx), values: Float64Array.from(idx, () => rng() * 2 - 1) };
  });
  const targets = Int32Array.from(rows, (_, i) => i % K);
  const problem: SoftmaxProblem = { rows, targets, sampleWeights: Float64Array.from(rows, () => 0.5 + rng()), classes: K, dimensions: D, l2: 0.3 };
  return { problem, params: Float64Array.from({ length: D * K + K }, () => rng() - 0.5) };
}

describe('softmax regression', () => {
  it('analytic gradient matches central finite differences (weights, biases, L2, sample weights)', () => {
    for (const seed of [1, 2, 3]) {
      const { problem, params } = randomProblem(seed);
      const grad = new Float64Array(params.length);
      softmaxLoss(problem, params, grad);
      const scratch = new Float64Array(params.length);
      const h = 1e-6;
      for (let j = 0; j < params.length; j++) {
        const plus = Float64Array.from(params);
        const minus = Float64Array.from(params);
        plus[j]! += h;
        minus[j]! -= h;
        const numeric = (softmaxLoss(problem, plus, scratch) - softmaxLoss(problem, minus, scratch)) / (2 * h);
        expect(Math.abs(numeric - grad[j]!)).toBeLessThan(1e-7);
      }
    }
  });

  it('fits only the classes that occur; an absent class gets zero weights and is never predicted', () => {
    const { problem } = randomProblem(5);
    // Class 3 of 4 occurs in no row: relabel its rows to class 0.
    const targets = Int32Array.from(problem.targets, (t) => (t === 3 ? 0 : t));
    const withAbsent: SoftmaxProblem = { ...problem, targets };
    const fit = fitSoftmaxRegression(withAbsent, { maxIterations: 200 });
    const K = problem.classes;
    const D = problem.dimensions;
    for (let j = 0; j < D; j++) expect(fit.params[j * K + 3]).toBe(0);
    const three: SoftmaxProblem = { ...problem, targets, classes: 3 };
    const reduced = fitSoftmaxRegression(three, { maxIterations: 200 });
    expect(fit.loss).toBeCloseTo(reduced.loss, 10);
    for (const x of problem.rows) {
      const p = logitsOf(fit.params, x, K, D);
      softmaxInPlace(p);
      expect(p[3]).toBeLessThan(1e-15);
      const q = logitsOf(reduced.params, x, 3, D);
      softmaxInPlace(q);
      for (let k = 0; k < 3; k++) expect(p[k]).toBeCloseTo(q[k]!, 12);
    }
  });

  it('loss at zero parameters is log K (uniform prediction)', () => {
    const { problem } = randomProblem(4);
    const zero = new Float64Array(problem.dimensions * problem.classes + problem.classes);
    expect(softmaxLoss(problem, zero, new Float64Array(zero.length))).toBeCloseTo(Math.log(problem.classes), 12);
  });

  it('L-BFGS finds the minimum of a convex quadratic and the fit reaches a zero gradient', () => {
    const target = Float64Array.from([3, -2, 0.5]);
    const scale = [1, 10, 100];
    const r = minimizeLbfgs(
      (x, g) => {
        let v = 0;
        for (let i = 0; i < 3; i++) {
          v += 0.5 * scale[i]! * (x[i]! - target[i]!) ** 2;
          g[i] = scale[i]! * (x[i]! - target[i]!);
        }
        return v;
      },
      new Float64Array(3),
      { maxIterations: 100, gradientTolerance: 1e-9, memory: 5 },
    );
    expect(r.converged).toBe(true);
    [...r.x].forEach((v, i) => expect(v).toBeCloseTo(target[i]!, 4));

    const { problem } = randomProblem(5);
    const fit = fitSoftmaxRegression(problem, { maxIterations: 500, gradientTolerance: 1e-8 });
    const g = new Float64Array(fit.params.length);
    softmaxLoss(problem, fit.params, g);
    expect(Math.max(...g.map(Math.abs))).toBeLessThan(1e-6);
  });

  it("balanced weights follow sklearn's n / (K · count)", () => {
    expect([...balancedSampleWeights(Int32Array.from([0, 0, 0, 1]), 2)]).toEqual([4 / 6, 4 / 6, 4 / 6, 2]);
  });

  it('temperature scaling softens overconfident logits and sharpens underconfident ones', () => {
    // Half right at ~certain confidence: the NLL-optimal temperature is > 1.
    const over = Array.from({ length: 20 }, (_, i) => Float64Array.from(i % 2 === 0 ? [10, 0] : [0, 10]));
    expect(fitTemperature(over, Int32Array.from(over, () => 0))).toBeGreaterThan(5);
    // Always right with small margins: T < 1.
    const under = Array.from({ length: 20 }, () => Float64Array.from([0.5, 0]));
    expect(fitTemperature(under, Int32Array.from(under, () => 0))).toBeLessThan(0.1);
  });
});
