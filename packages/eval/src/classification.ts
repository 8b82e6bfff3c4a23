import { z } from 'zod';
import { JobskillError, parseOptions, createRng, shuffleInPlace } from '@jobskill/data';

/**
 * Classification metrics with scikit-learn's semantics (precision_recall_fscore_support,
 * classification_report, confusion_matrix) and `zero_division=0`: any 0/0 is 0.
 * Labels are strings; unless given, the label set is the sorted union of y_true and y_pred
 * (sklearn's unique_labels), sorted by UTF-16 code units.
 */

export const AverageSchema = z.enum(['weighted', 'macro', 'micro']);
export type Average = z.infer<typeof AverageSchema>;

export const PrfOptionsSchema = z.object({
  average: AverageSchema.default('weighted'),
  /** Restrict/reorder the labels (sklearn `labels=`); default: sorted union of yTrue and yPred. */
  labels: z.array(z.string()).optional(),
});
export type PrfOptions = z.input<typeof PrfOptionsSchema>;

export interface ClassScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of true samples of this label. */
  support: number;
}

export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
  /** Samples counted: total support of the labels averaged over. */
  support: number;
}

function checkPair(yTrue: readonly string[], yPred: readonly string[]): void {
  if (yTrue.length !== yPred.length) {
    throw new JobskillError(
      'LENGTH_MISMATCH',
      `yTrue has ${yTrue.length} labels but yPred has ${yPred.length}; they must be the same length`,
    );
  }
  if (yTrue.length === 0) throw new JobskillError('EMPTY_INPUT', 'no samples: yTrue and yPred are empty');
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorted union of the labels in yTrue and yPred (sklearn's unique_labels). */
export function uniqueLabels(yTrue: readonly string[], yPred: readonly string[]): string[] {
  return [...new Set([...yTrue, ...yPred])].sort(byCodeUnit);
}

function resolveLabels(yTrue: readonly string[], yPred: readonly string[], labels?: readonly string[]): string[] {
  if (labels === undefined) return uniqueLabels(yTrue, yPred);
  if (labels.length === 0) throw new JobskillError('INVALID_OPTION', 'labels must not be empty');
  if (new Set(labels).size !== labels.length) throw new JobskillError('INVALID_OPTION', 'labels contain duplicates');
  return [...labels];
}

export function accuracy(yTrue: readonly string[], yPred: readonly string[]): number {
  checkPair(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

const divide = (num: number, den: number): number => (den === 0 ? 0 : num / den);

interface Counts {
  labels: string[];
  tp: number[];
  /** Predicted as the label (tp + fp). */
  predSum: number[];
  /** Truly the label (tp + fn) = support. */
  trueSum: number[];
}

function countPerLabel(yTrue: readonly string[], yPred: readonly string[], labels: string[]): Counts {
  const index = new Map(labels.map((l, i) => [l, i]));
  const tp = new Array<number>(labels.length).fill(0);
  const predSum = new Array<number>(labels.length).fill(0);
  const trueSum = new Array<number>(labels.length).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i] as string);
    const p = index.get(yPred[i] as string);
    if (t !== undefined) trueSum[t]! += 1;
    if (p !== undefined) predSum[p]! += 1;
    if (t !== undefined && t === p) tp[t]! += 1;
  }
  return { labels, tp, predSum, trueSum };
}

/** F1 from counts, as sklearn ≥1.3 does: 2·tp / (true + pred); equals 2PR/(P+R) whenever defined. */
function scoresFromCounts(tp: number, predSum: number, trueSum: number): Omit<ClassScores, 'label'> {
  return {
    precision: divide(tp, predSum),
    recall: divide(tp, trueSum),
    f1: divide(2 * tp, trueSum + predSum),
    support: trueSum,
  };
}

/** Per-label precision, recall, F1 and support (sklearn `average=None`). */
export function perClassScores(
  yTrue: readonly string[],
  yPred: readonly string[],
  options: { labels?: string[] } = {},
): ClassScores[] {
  checkPair(yTrue, yPred);
  const c = countPerLabel(yTrue, yPred, resolveLabels(yTrue, yPred, options.labels));
  return c.labels.map((label, i) => ({ label, ...scoresFromCounts(c.tp[i]!, c.predSum[i]!, c.trueSum[i]!) }));
}

/**
 * Averaged precision, recall and F1 (sklearn precision_recall_fscore_support, zero_division=0).
 * - macro: unweighted mean over labels (labels only predicted, never true, count with recall 0);
 * - weighted: mean weighted by support (0 if the total support is 0);
 * - micro: from the summed counts (equals accuracy when every label is included).
 */
export function precisionRecallF1(yTrue: readonly string[], yPred: readonly string[], options: PrfOptions = {}): AveragedScores {
  const opts = parseOptions(PrfOptionsSchema, options, { what: 'precisionRecallF1' });
  checkPair(yTrue, yPred);
  const c = countPerLabel(yTrue, yPred, resolveLabels(yTrue, yPred, opts.labels));
  const totalSupport = c.trueSum.reduce((a, b) => a + b, 0);
  if (opts.average === 'micro') {
    const tp = c.tp.reduce((a, b) => a + b, 0);
    const pred = c.predSum.reduce((a, b) => a + b, 0);
    return { ...scoresFromCounts(tp, pred, totalSupport), support: totalSupport };
  }
  const per = c.labels.map((_, i) => scoresFromCounts(c.tp[i]!, c.predSum[i]!, c.trueSum[i]!));
  const weights = opts.average === 'weighted' ? c.trueSum : c.labels.map(() => 1);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const avg = (pick: (s: Omit<ClassScores, 'label'>) => number): number =>
    divide(
      per.reduce((acc, s, i) => acc + pick(s) * weights[i]!, 0),
      weightSum,
    );
  return { precision: avg((s) => s.precision), recall: avg((s) => s.recall), f1: avg((s) => s.f1), support: totalSupport };
}

export interface ClassificationReport {
  perClass: ClassScores[];
  accuracy: number;
  macroAvg: AveragedScores;
  weightedAvg: AveragedScores;
  /** Number of samples. */
  total: number;
}

/** sklearn classification_report as data; format it with formatClassificationReport. */
export function classificationReport(
  yTrue: readonly string[],
  yPred: readonly string[],
  options: { labels?: string[] } = {},
): ClassificationReport {
  const labels = options.labels;
  return {
    perClass: perClassScores(yTrue, yPred, { ...(labels ? { labels } : {}) }),
    accuracy: accuracy(yTrue, yPred),
    macroAvg: precisionRecallF1(yTrue, yPred, { average: 'macro', ...(labels ? { labels } : {}) }),
    weightedAvg: precisionRecallF1(yTrue, yPred, { average: 'weighted', ...(labels ? { labels } : {}) }),
    total: yTrue.length,
  };
}

/** Text layout of sklearn's classification_report (right-aligned columns, `digits` decimals). */
export function formatClassificationReport(report: ClassificationReport, digits = 4): string {
  const headers = ['precision', 'recall', 'f1-score', 'support'];
  const names = [...report.perClass.map((c) => c.label), 'weighted avg'];
  const width = Math.max(...names.map((n) => n.length), digits + 2);
  const colW = Math.max(...headers.map((h) => h.length), digits + 2);
  const fmt = (v: number): string => v.toFixed(digits).padStart(colW);
  const row = (name: string, cells: string[]): string => `${name.padStart(width)} ${cells.map((c) => ` ${c}`).join('')}`;
  const lines = [row('', headers.map((h) => h.padStart(colW))), ''];
  for (const c of report.perClass) {
    lines.push(row(c.label, [fmt(c.precision), fmt(c.recall), fmt(c.f1), String(c.support).padStart(colW)]));
  }
  lines.push('');
  const blank = ''.padStart(colW);
  lines.push(row('accuracy', [blank, blank, fmt(report.accuracy), String(report.total).padStart(colW)]));
  for (const [name, a] of [
    ['macro avg', report.macroAvg],
    ['weighted avg', report.weightedAvg],
  ] as const) {
    lines.push(row(name, [fmt(a.precision), fmt(a.recall), fmt(a.f1), String(a.support).padStart(colW)]));
  }
  return lines.join('\n');
}

export interface ConfusionMatrix {
  /** Row and column order. */
  labels: string[];
  /** matrix[i][j] = samples whose true label is labels[i] and predicted label is labels[j] (sklearn layout). */
  matrix: number[][];
}

/**
 * Confusion matrix, rows = true, columns = predicted. With explicit `labels`, samples whose true or
 * predicted label is not listed are left out of the matrix, as sklearn does (selecting a subset is the
 * point of the option); by default every label appears, sorted.
 */
export function confusionMatrix(
  yTrue: readonly string[],
  yPred: readonly string[],
  options: { labels?: string[] } = {},
): ConfusionMatrix {
  checkPair(yTrue, yPred);
  const labels = resolveLabels(yTrue, yPred, options.labels);
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i] as string);
    const p = index.get(yPred[i] as string);
    if (t !== undefined && p !== undefined) matrix[t]![p]! += 1;
  }
  return { labels, matrix };
}

// ---------------------------------------------------------------------------------------------
// Splits

export const TrainTestSplitOptionsSchema = z.object({
  /** Fraction in (0, 1) of the samples, or an integer count ≥ 1, for the test side. */
  testSize: z.number().positive(),
  seed: z.number().int().default(42),
  /** Labels (one per sample) to stratify on: every class keeps its proportion on both sides. */
  stratify: z.array(z.string()).optional(),
});
export type TrainTestSplitOptions = z.input<typeof TrainTestSplitOptionsSchema>;

export interface Split {
  /** Indices into the samples, ascending. */
  train: number[];
  test: number[];
}

function testCount(n: number, testSize: number): number {
  // sklearn: a fraction rounds the test side up (ceil), an integer is taken as is.
  const count = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  if (!Number.isInteger(count) || count < 1 || count > n - 1) {
    throw new JobskillError(
      'INVALID_OPTION',
      `testSize ${testSize} gives ${count} test samples out of ${n}; need an integer count or a fraction leaving at least one sample on each side`,
    );
  }
  return count;
}

/** Indices of each class, classes in sorted order (for determinism independent of sample order). */
function groupByClass(labels: readonly string[]): [string, number[]][] {
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const g = groups.get(label);
    if (g) g.push(i);
    else groups.set(label, [i]);
  });
  return [...groups.entries()].sort((a, b) => byCodeUnit(a[0], b[0]));
}

/**
 * Seeded train/test split of `n` samples. Without `stratify`: shuffle, take the first `testSize`.
 * With `stratify`: each class gets round(share × test count) test samples, the rounding handed out by
 * largest remainder (ties: larger class first, then label order) so the total is exact; a class with
 * a single sample can end up on either side.
 */
export function trainTestSplit(n: number, options: TrainTestSplitOptions): Split {
  const opts = parseOptions(TrainTestSplitOptionsSchema, options, { what: 'trainTestSplit' });
  if (!Number.isInteger(n) || n < 2) throw new JobskillError('INVALID_OPTION', `need at least 2 samples to split, got ${n}`);
  const nTest = testCount(n, opts.testSize);
  const rng = createRng(opts.seed);
  const test: number[] = [];
  if (opts.stratify === undefined) {
    const order = shuffleInPlace(
      Array.from({ length: n }, (_, i) => i),
      rng,
    );
    test.push(...order.slice(0, nTest));
  } else {
    if (opts.stratify.length !== n) {
      throw new JobskillError('LENGTH_MISMATCH', `stratify has ${opts.stratify.length} labels for ${n} samples`);
    }
    const groups = groupByClass(opts.stratify);
    const exact = groups.map(([, idx]) => (idx.length * nTest) / n);
    const take = exact.map((e) => Math.floor(e));
    let left = nTest - take.reduce((a, b) => a + b, 0);
    const byRemainder = groups
      .map((g, i) => ({ i, rem: exact[i]! - take[i]!, size: g[1].length }))
      .sort((a, b) => b.rem - a.rem || b.size - a.size || a.i - b.i);
    for (const { i } of byRemainder) {
      if (left === 0) break;
      take[i]! += 1;
      left--;
    }
    groups.forEach(([, idx], i) => {
      test.push(...shuffleInPlace([...idx], rng).slice(0, take[i]));
    });
  }
  const inTest = new Set(test);
  const train = Array.from({ length: n }, (_, i) => i).filter((i) => !inTest.has(i));
  return { train, test: test.sort((a, b) => a - b) };
}

/**
 * Seeded stratified k-fold. Each class's indices are shuffled, then dealt round-robin over the folds,
 * the dealing position carrying on from one class to the next (classes in sorted order). So:
 * - a class's count differs by at most 1 between folds;
 * - fold sizes differ by at most 1;
 * - a class with fewer than k members lands in that many folds only (its other folds have none of it;
 *   sklearn warns in that case, we allow it silently as documented here).
 * Returns k splits; fold f's test side is fold f, its train side all the other indices.
 */
export function stratifiedKFold(labels: readonly string[], k: number, seed = 42): Split[] {
  if (!Number.isInteger(k) || k < 2) throw new JobskillError('INVALID_OPTION', `k must be an integer ≥ 2, got ${k}`);
  if (labels.length < k) {
    throw new JobskillError('INVALID_OPTION', `cannot make ${k} folds from ${labels.length} samples`);
  }
  const rng = createRng(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const [, idx] of groupByClass(labels)) {
    for (const i of shuffleInPlace([...idx], rng)) {
      folds[next]!.push(i);
      next = (next + 1) % k;
    }
  }
  return folds.map((fold, f) => ({
    test: [...fold].sort((a, b) => a - b),
    train: folds
      .filter((_, g) => g !== f)
      .flat()
      .sort((a, b) => a - b),
  }));
}
