import { describe, expect, it } from 'vitest';
import { JobskillError } from '@jobskill/data';
import {
  accuracy,
  classificationReport,
  confusionMatrix,
  formatClassificationReport,
  perClassScores,
  precisionRecallF1,
  stratifiedKFold,
  trainTestSplit,
} from './classification.ts';

describe('precision / recall / F1 (scikit-learn semantics, zero_division=0)', () => {
  // scikit-learn's precision_recall_fscore_support docstring example; its documented outputs:
  // macro (0.222, 0.333, 0.267), micro (0.333, 0.333, 0.333), weighted (0.222, 0.333, 0.267).
  // Per class: cat tp 2 pred 3 true 2 → P 2/3 R 1 F 0.8; dog tp 0 pred 1 true 2; pig tp 0 pred 2 true 2.
  const yTrue = ['cat', 'dog', 'pig', 'cat', 'dog', 'pig'];
  const yPred = ['cat', 'pig', 'dog', 'cat', 'cat', 'dog'];

  it('macro, micro, weighted match the sklearn docstring example', () => {
    const macro = precisionRecallF1(yTrue, yPred, { average: 'macro' });
    expect(macro.precision).toBeCloseTo(2 / 9, 12);
    expect(macro.recall).toBeCloseTo(1 / 3, 12);
    expect(macro.f1).toBeCloseTo(0.8 / 3, 12);
    const micro = precisionRecallF1(yTrue, yPred, { average: 'micro' });
    expect([micro.precision, micro.recall, micro.f1].map((v) => v.toFixed(12))).toEqual(Array(3).fill((1 / 3).toFixed(12)));
    const weighted = precisionRecallF1(yTrue, yPred, { average: 'weighted' });
    expect(weighted.precision).toBeCloseTo(2 / 9, 12);
    expect(weighted.recall).toBeCloseTo(1 / 3, 12);
    expect(weighted.f1).toBeCloseTo(0.8 / 3, 12);
    expect(precisionRecallF1(yTrue, yPred)).toEqual(weighted); // weighted is the default
  });

  it('zero division gives 0 and a class only in yTrue still weighs in', () => {
    // a: tp 2, pred 3, true 2 → P 2/3, R 1, F1 = 2·2/(2+3) = 0.8; b: never predicted → P 0 (0/0), R 0, F1 0.
    const t = ['a', 'a', 'b'];
    const p = ['a', 'a', 'a'];
    const per = perClassScores(t, p);
    expect(per.map((c) => c.label)).toEqual(['a', 'b']);
    expect(per[1]).toEqual({ label: 'b', precision: 0, recall: 0, f1: 0, support: 1 });
    const macro = precisionRecallF1(t, p, { average: 'macro' });
    expect(macro.precision).toBeCloseTo(1 / 3, 12);
    expect(macro.recall).toBeCloseTo(0.5, 12);
    expect(macro.f1).toBeCloseTo(0.4, 12);
    const weighted = precisionRecallF1(t, p, { average: 'weighted' });
    expect(weighted.precision).toBeCloseTo(4 / 9, 12);
    expect(weighted.recall).toBeCloseTo(2 / 3, 12);
    expect(weighted.f1).toBeCloseTo(1.6 / 3, 12);
  });

  it('labels are the union of yTrue and yPred: a label only predicted counts in macro, not in weighted', () => {
    // a: P R F 1; b (true only): 0 0 0 support 1; c (predicted only): P 0/1, R 0/0, F 0, support 0.
    const t = ['a', 'b'];
    const p = ['a', 'c'];
    expect(perClassScores(t, p).map((c) => c.label)).toEqual(['a', 'b', 'c']);
    const macro = precisionRecallF1(t, p, { average: 'macro' });
    expect([macro.precision, macro.recall, macro.f1]).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const weighted = precisionRecallF1(t, p, { average: 'weighted' });
    expect([weighted.precision, weighted.recall, weighted.f1]).toEqual([0.5, 0.5, 0.5]);
    expect(precisionRecallF1(t, p, { average: 'micro' }).f1).toBe(accuracy(t, p));
  });

  it('explicit labels restrict the averaging', () => {
    const t = ['a', 'a', 'b'];
    const p = ['a', 'a', 'a'];
    const onlyA = precisionRecallF1(t, p, { average: 'macro', labels: ['a'] });
    expect(onlyA.precision).toBeCloseTo(2 / 3, 12);
    expect(onlyA.support).toBe(2);
  });

  it('rejects mismatched or empty inputs with a typed error', () => {
    expect(() => accuracy(['a'], ['a', 'b'])).toThrow(JobskillError);
    expect(() => accuracy([], [])).toThrow(/no samples/);
    expect(() => precisionRecallF1(['a'], ['a'], { average: 'samples' as 'macro' })).toThrow();
  });
});

describe('classificationReport', () => {
  it('formats like sklearn classification_report (docstring example, digits=2)', () => {
    const yTrue = ['class 0', 'class 1', 'class 2', 'class 2', 'class 2'];
    const yPred = ['class 0', 'class 0', 'class 2', 'class 2', 'class 1'];
    const report = classificationReport(yTrue, yPred);
    expect(report.accuracy).toBeCloseTo(0.6, 12);
    expect(report.weightedAvg.f1).toBeCloseTo((2 / 3 + 0 + 0.8 * 3) / 5, 12);
    // Copied from sklearn's documented output.
    const expected = [
      '              precision    recall  f1-score   support',
      '',
      '     class 0       0.50      1.00      0.67         1',
      '     class 1       0.00      0.00      0.00         1',
      '     class 2       1.00      0.67      0.80         3',
      '',
      '    accuracy                           0.60         5',
      '   macro avg       0.50      0.56      0.49         5',
      'weighted avg       0.70      0.60      0.61         5',
    ].join('\n');
    expect(formatClassificationReport(report, 2)).toBe(expected);
  });
});

describe('confusionMatrix', () => {
  it('rows = true, columns = predicted, sorted labels (sklearn docstring example)', () => {
    const cm = confusionMatrix(['2', '0', '2', '2', '0', '1'], ['0', '0', '2', '2', '0', '2']);
    expect(cm.labels).toEqual(['0', '1', '2']);
    expect(cm.matrix).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });
  it('follows a given label order and leaves out samples outside it', () => {
    const t = ['cat', 'ant', 'cat', 'cat', 'ant', 'bird'];
    const p = ['ant', 'ant', 'cat', 'cat', 'ant', 'cat'];
    expect(confusionMatrix(t, p, { labels: ['cat', 'ant', 'bird'] }).matrix).toEqual([
      [2, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    expect(confusionMatrix(t, p, { labels: ['ant', 'cat'] }).matrix).toEqual([
      [2, 0],
      [1, 2],
    ]);
  });
});

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('trainTestSplit', () => {
  it('is a seeded partition with sklearn sizes (fraction rounds the test side up)', () => {
    const s = trainTestSplit(155, { testSize: 0.2, seed: 42 });
    expect(s.test).toHaveLength(31); // ceil(0.2 × 155) = 31, as the reference's 31 held-out resumes
    expect(s.train).toHaveLength(124);
    expect([...s.train, ...s.test].sort((a, b) => a - b)).toEqual(range(155));
    expect(trainTestSplit(155, { testSize: 0.2, seed: 42 })).toEqual(s);
    expect(trainTestSplit(155, { testSize: 0.2, seed: 7 }).test).not.toEqual(s.test);
    expect(trainTestSplit(10, { testSize: 3, seed: 1 }).test).toHaveLength(3);
  });

  it('stratified: every class keeps its share on the test side (largest remainder)', () => {
    // 60 a, 30 b, 9 c, 1 d; test 20% = 20 → exact shares 12, 6, 1.8, 0.2 → 12, 6, 2, 0.
    const labels = [...Array(60).fill('a'), ...Array(30).fill('b'), ...Array(9).fill('c'), 'd'];
    const s = trainTestSplit(100, { testSize: 0.2, seed: 3, stratify: labels });
    const count = (idx: number[], l: string) => idx.filter((i) => labels[i] === l).length;
    expect(s.test).toHaveLength(20);
    expect(['a', 'b', 'c', 'd'].map((l) => count(s.test, l))).toEqual([12, 6, 2, 0]);
    expect(['a', 'b', 'c', 'd'].map((l) => count(s.train, l))).toEqual([48, 24, 7, 1]);
  });

  it('rejects impossible sizes', () => {
    expect(() => trainTestSplit(10, { testSize: 10 })).toThrow(/testSize/);
    expect(() => trainTestSplit(10, { testSize: 2.5 })).toThrow(/testSize/);
    expect(() => trainTestSplit(1, { testSize: 0.5 })).toThrow(/at least 2/);
    expect(() => trainTestSplit(3, { testSize: 0.5, stratify: ['a'] })).toThrow(/stratify/);
  });
});

describe('stratifiedKFold', () => {
  const labels = [...Array(23).fill('x'), ...Array(11).fill('y'), ...Array(2).fill('rare'), 'single'];

  it('partitions the samples, spreading each class evenly', () => {
    const folds = stratifiedKFold(labels, 5, 11);
    expect(folds).toHaveLength(5);
    expect(folds.flatMap((f) => f.test).sort((a, b) => a - b)).toEqual(range(labels.length));
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(labels.length);
      expect(f.train.some((i) => f.test.includes(i))).toBe(false);
    }
    for (const cls of ['x', 'y']) {
      const perFold = folds.map((f) => f.test.filter((i) => labels[i] === cls).length);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    // Classes smaller than k occupy that many folds, one member each.
    const rare = folds.map((f) => f.test.filter((i) => labels[i] === 'rare').length);
    expect(rare.filter((n) => n === 1)).toHaveLength(2);
    expect(rare.filter((n) => n > 1)).toHaveLength(0);
  });

  it('is deterministic per seed', () => {
    expect(stratifiedKFold(labels, 5, 11)).toEqual(stratifiedKFold(labels, 5, 11));
    expect(stratifiedKFold(labels, 5, 12)).not.toEqual(stratifiedKFold(labels, 5, 11));
  });

  it('rejects bad k', () => {
    expect(() => stratifiedKFold(labels, 1)).toThrow(/k must be/);
    expect(() => stratifiedKFold(['a', 'b'], 3)).toThrow(/3 folds/);
  });
});
