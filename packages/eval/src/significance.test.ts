import { describe, expect, it } from 'vitest';
import { compareToBaseline, pairedRandomizationTest, pairedTTest, pairedTest } from './significance.ts';

// Student's sleep data (Cushny & Peebles 1905), as in R's `t.test(extra ~ group, data = sleep, paired = TRUE)`:
// t = -4.0621, df = 9, p-value = 0.002833.
const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('paired t-test', () => {
  it("matches R's textbook sleep example", () => {
    const r = pairedTTest(drug1, drug2);
    expect(r.t).toBeCloseTo(-4.0621, 4);
    expect(r.df).toBe(9);
    expect(r.pValue).toBeCloseTo(0.002833, 6);
    expect(r.meanDifference).toBeCloseTo(-1.58, 10);
  });

  it('hand-computed case: d = 1..5 → t = 3/√(2.5/5) = 4.2426, df 4, p = 0.013236', () => {
    const r = pairedTTest([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]);
    expect(r.t).toBeCloseTo(3 / Math.sqrt(0.5), 10);
    expect(r.pValue).toBeCloseTo(0.013236, 5);
  });

  it('identical systems → p 1; a constant shift → p 0; fewer than 2 pairs is an error', () => {
    expect(pairedTTest([0.1, 0.5, 0.9], [0.1, 0.5, 0.9]).pValue).toBe(1);
    expect(pairedTTest([0.2, 0.6], [0.1, 0.5]).pValue).toBe(0);
    expect(() => pairedTTest([1], [0])).toThrow(/at least 2/);
  });
});

describe('paired randomization test', () => {
  it('exact enumeration, by hand: d = (1, 2, 3) → |Σ| ≥ 6 in 2 of 8 sign assignments → p = 0.25', () => {
    const r = pairedRandomizationTest([1, 2, 3], [0, 0, 0]);
    expect(r).toMatchObject({ test: 'randomization', n: 3, pValue: 0.25, permutations: 'exact', meanDifference: 2 });
    // d = (1, 1, 1, 1): only all-plus / all-minus reach 4 → 2/16.
    expect(pairedRandomizationTest([1, 1, 1, 1], [0, 0, 0, 0]).pValue).toBe(0.125);
    // Ties in |Σ| count as "at least as extreme": d = (1, 1) → sums 2, 0, 0, −2 → p = 0.5.
    expect(pairedRandomizationTest([0.3, 0.3], [0.2, 0.2]).pValue).toBe(0.5);
  });

  it('sampled flips (n above exactUpTo) agree with the exact p on the sleep data, and are seeded', () => {
    const exact = pairedRandomizationTest(drug1, drug2);
    expect(exact.permutations).toBe('exact');
    // 10 pairs, 1024 assignments: the sleep data's exact two-sided p is small (well under 0.01).
    expect(exact.pValue).toBeLessThan(0.01);
    const sampled = pairedRandomizationTest(drug1, drug2, { exactUpTo: 0, permutations: 200_000, seed: 7 });
    expect(sampled.permutations).toBe(200_000);
    expect(Math.abs(sampled.pValue - exact.pValue)).toBeLessThan(0.002);
    expect(pairedRandomizationTest(drug1, drug2, { exactUpTo: 0, seed: 7 }).pValue).toBe(pairedRandomizationTest(drug1, drug2, { exactUpTo: 0, seed: 7 }).pValue);
  });

  it('identical systems → p 1', () => {
    expect(pairedRandomizationTest([0.1, 0.4, 0.2], [0.1, 0.4, 0.2]).pValue).toBe(1);
  });
});

describe('compareToBaseline', () => {
  it('pairs by query id and tests every system against the baseline', () => {
    const perQuery = {
      bm25: { q1: 0, q2: 0, q3: 0 },
      enc: { q3: 3, q1: 1, q2: 2 },
    };
    const result = compareToBaseline(perQuery, 'bm25', { test: 'randomization' });
    expect(Object.keys(result)).toEqual(['enc']);
    expect(result.enc!.pValue).toBe(0.25);
    expect(pairedTest([1, 2, 3], [0, 0, 0], { test: 't-test' }).test).toBe('t-test');
    expect(() => compareToBaseline(perQuery, 'nope')).toThrow(/baseline "nope"/);
    expect(() => compareToBaseline({ a: { q1: 1 }, b: {} }, 'a')).toThrow(/no score for 1/);
  });
});
