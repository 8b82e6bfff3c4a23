import { describe, expect, it } from 'vitest';
import { Prng } from '@jobskill/data';
import { fitLogisticFusion } from './fit-fusion.ts';
import { logisticScore, skillPriorFromCounts, type FusionInput } from './fusion.ts';

describe('fitLogisticFusion', () => {
  it('recovers the weights of a known logistic model', () => {
    const rng = new Prng(3);
    const truth = { weights: { lexical: 2, dense: 6, evidence: 0, prior: -1 }, bias: -4 };
    const rows: { x: FusionInput; y: 0 | 1 }[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = { lexical: rng.next() < 0.2 ? 1 : 0, dense: rng.next(), evidence: rng.next() * 2, prior: rng.next() };
      rows.push({ x, y: rng.next() < logisticScore(truth, x) ? 1 : 0 });
    }
    const fitted = fitLogisticFusion(rows, { l2: 0 });
    expect(fitted.weights.lexical).toBeCloseTo(2, 0);
    expect(fitted.weights.dense).toBeCloseTo(6, 0);
    expect(Math.abs(fitted.weights.evidence)).toBeLessThan(0.3);
    expect(fitted.weights.prior).toBeCloseTo(-1, 0);
    expect(fitted.bias).toBeCloseTo(-4, 0);
  });

  it('scores the job-ad prior on a log scale, 0 for unlisted skills', () => {
    const prior = skillPriorFromCounts(['a', 'b', 'c'], new Map([['a', 99], ['b', 9]]));
    expect(prior[0]).toBeCloseTo(1);
    expect(prior[1]).toBeCloseTo(Math.log(10) / Math.log(100));
    expect(prior[2]).toBe(0);
  });
});
