/// <reference path="./types/jstat.d.ts" />
import jStat from 'jstat';
import { JobskillError, parseOptions, createRng } from '@jobskill/data';
import { z } from 'zod';

/**
 * Paired significance tests between two systems' per-query scores, as ranx `compare` runs them: Fisher's
 * randomization test (ranx's default, "fisher") and the paired Student's t-test ("student"). Two-sided.
 */

export const PAIRED_TESTS = Object.freeze(['randomization', 't-test'] as const);
export type PairedTestName = (typeof PAIRED_TESTS)[number];

export const PairedTestOptionsSchema = z.object({
  test: z.enum(PAIRED_TESTS).default('randomization'),
  /** Random sign flips of the randomization test when exact enumeration (2^n) would exceed `exactUpTo` queries. */
  permutations: z.number().int().min(100).max(10_000_000).default(10_000),
  /** Up to this many paired queries the randomization test enumerates all 2^n sign assignments (exact p). */
  exactUpTo: z.number().int().min(0).max(20).default(16),
  seed: z.number().int().default(42),
});
export type PairedTestOptions = z.input<typeof PairedTestOptionsSchema>;

export interface PairedTestResult {
  test: PairedTestName;
  /** Paired queries. */
  n: number;
  /** mean(a) − mean(b). */
  meanDifference: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Randomization: 'exact' (all 2^n sign flips) or the number of random flips. */
  permutations?: number | 'exact';
  /** t-test: the statistic and its degrees of freedom. */
  t?: number;
  df?: number;
}

/** Differences of equal sums are compared with this slack, so float rounding cannot flip a tie. */
const TIE_EPSILON = 1e-12;

function differences(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new JobskillError('LENGTH_MISMATCH', `paired test: ${a.length} scores against ${b.length}`);
  if (a.length === 0) throw new JobskillError('EMPTY_INPUT', 'paired test: no paired scores');
  return a.map((x, i) => {
    const d = x - b[i]!;
    if (!Number.isFinite(d)) throw new JobskillError('INVALID_INPUT', `paired test: score ${i} is not finite`);
    return d;
  });
}

/**
 * Fisher's paired randomization test: under H0 each query's two scores are exchangeable, so the sign of each
 * difference is a coin flip. p = share of sign assignments whose |Σd| is at least the observed |Σd| — exact over
 * all 2^n assignments for small n, else (count + 1) / (permutations + 1) over seeded random flips (never 0).
 */
export function pairedRandomizationTest(a: readonly number[], b: readonly number[], options: PairedTestOptions = {}): PairedTestResult {
  const opts = parseOptions(PairedTestOptionsSchema, options, { what: 'pairedRandomizationTest' });
  const d = differences(a, b);
  const n = d.length;
  const observed = Math.abs(d.reduce((s, x) => s + x, 0));
  const threshold = observed - TIE_EPSILON * Math.max(1, observed);
  const meanDifference = d.reduce((s, x) => s + x, 0) / n;
  if (n <= opts.exactUpTo) {
    let atLeast = 0;
    const total = 2 ** n;
    for (let mask = 0; mask < total; mask++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += mask & (1 << i) ? -d[i]! : d[i]!;
      if (Math.abs(sum) >= threshold) atLeast++;
    }
    return { test: 'randomization', n, meanDifference, pValue: atLeast / total, permutations: 'exact' };
  }
  const rng = createRng(opts.seed);
  let atLeast = 0;
  for (let p = 0; p < opts.permutations; p++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rng() < 0.5 ? -d[i]! : d[i]!;
    if (Math.abs(sum) >= threshold) atLeast++;
  }
  return { test: 'randomization', n, meanDifference, pValue: (atLeast + 1) / (opts.permutations + 1), permutations: opts.permutations };
}

/** Paired Student's t-test: t = mean(d) / (sd(d)/√n), df = n − 1, two-sided p from the t distribution (jstat). */
export function pairedTTest(a: readonly number[], b: readonly number[]): PairedTestResult {
  const d = differences(a, b);
  const n = d.length;
  if (n < 2) throw new JobskillError('TOO_FEW_EXAMPLES', `paired t-test needs at least 2 paired scores, got ${n}`);
  const mean = d.reduce((s, x) => s + x, 0) / n;
  const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  const df = n - 1;
  if (variance <= TIE_EPSILON * TIE_EPSILON) {
    // Every query moved by the same amount: no spread to test against; identical systems are not different.
    const same = Math.abs(mean) <= TIE_EPSILON;
    return { test: 't-test', n, meanDifference: mean, pValue: same ? 1 : 0, t: same ? 0 : Math.sign(mean) * Infinity, df };
  }
  const t = mean / Math.sqrt(variance / n);
  const pValue = Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df));
  return { test: 't-test', n, meanDifference: mean, pValue, t, df };
}

export function pairedTest(a: readonly number[], b: readonly number[], options: PairedTestOptions = {}): PairedTestResult {
  const opts = parseOptions(PairedTestOptionsSchema, options, { what: 'pairedTest' });
  return opts.test === 't-test' ? pairedTTest(a, b) : pairedRandomizationTest(a, b, opts);
}

/**
 * Tests every system against `baseline` on one metric's per-query scores (qId → score, as `evaluateRunPerQuery`
 * gives them), paired by query id over the baseline's queries. Returns system → result (the baseline itself omitted).
 */
export function compareToBaseline(
  perQuery: Record<string, Record<string, number>>,
  baseline: string,
  options: PairedTestOptions = {},
): Record<string, PairedTestResult> {
  const base = perQuery[baseline];
  if (base === undefined) {
    throw new JobskillError('INVALID_OPTION', `baseline "${baseline}" is not one of the systems: ${Object.keys(perQuery).join(', ')}`);
  }
  const qIds = Object.keys(base);
  const out: Record<string, PairedTestResult> = {};
  for (const [system, scores] of Object.entries(perQuery)) {
    if (system === baseline) continue;
    const missing = qIds.filter((q) => scores[q] === undefined);
    if (missing.length > 0) {
      throw new JobskillError('LENGTH_MISMATCH', `system "${system}" has no score for ${missing.length} of the baseline's queries (e.g. "${missing[0]}")`);
    }
    out[system] = pairedTest(
      qIds.map((q) => scores[q]!),
      qIds.map((q) => base[q]!),
      options,
    );
  }
  return out;
}
