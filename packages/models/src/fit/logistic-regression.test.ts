import { describe, expect, it } from 'vitest';
import { createRng } from '@jobskill/data';
import { fitLogisticRegression, logisticLoss } from './logistic-regression.ts';

// A fixed pseudo-random design (seeded, no Math.random: the test must be deterministic).
function rows(n: number, weights: number[], bias: number) {
  const next = createRng(12345);
  return Array.from({ length: n }, () => {
    const x = weights.map(() => next() * 2 - 1);
    const p = 1 / (1 + Math.exp(-(bias + x.reduce((a, v, j) => a + v * weights[j]!, 0))));
    return { x, y: next() < p ? 1 : 0 };
  });
}

describe('fitLogisticRegression', () => {
  it('recovers known weights from data they generated', () => {
    const fit = fitLogisticRegression(rows(20_000, [2, -1, 0.5], -0.3));
    expect(fit.weights[0]).toBeCloseTo(2, 0);
    expect(fit.weights[1]).toBeCloseTo(-1, 0);
    expect(fit.weights[2]).toBeCloseTo(0.5, 0);
    expect(fit.bias).toBeCloseTo(-0.3, 0);
  });

  it('stops at a minimum of the penalized loss: its numerical gradient is ~0 there', () => {
    const data = rows(500, [1.5, -2], 0.4);
    const l2 = 0.5;
    const fit = fitLogisticRegression(data, { l2 });
    const h = 1e-5;
    const params = [...fit.weights, fit.bias];
    const loss = (p: number[]) => logisticLoss(data, p[p.length - 1]!, p.slice(0, -1), l2);
    for (let i = 0; i < params.length; i++) {
      const up = params.slice();
      const down = params.slice();
      up[i]! += h;
      down[i]! -= h;
      expect(Math.abs((loss(up) - loss(down)) / (2 * h))).toBeLessThan(1e-4);
    }
    // And it is lower than at nearby points.
    expect(loss(params)).toBeLessThan(loss(params.map((v) => v + 0.01)));
  });

  it('the L2 penalty shrinks the weights, not the bias; separable data stays finite with a penalty', () => {
    const separable = [-2, -1, 1, 2].map((v) => ({ x: [v], y: v > 0 ? 1 : 0 }));
    const fit = fitLogisticRegression(separable, { l2: 1 });
    expect(Number.isFinite(fit.weights[0]!)).toBe(true);
    expect(fit.weights[0]!).toBeGreaterThan(0);
    expect(Math.abs(fit.bias)).toBeLessThan(1e-6);
    expect(() => fitLogisticRegression([])).toThrow(/at least one row/);
  });
});
