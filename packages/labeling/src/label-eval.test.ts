import { describe, expect, it } from 'vitest';
import { DataError } from '@jobskill/data';
import { createHashingEncoder } from '@jobskill/encoders';
import { dedupeLabeledTexts, formatLabelEval, labelEval, perClassScores } from './label-eval.ts';
import { fixture } from './test-data.ts';

describe('perClassScores', () => {
  it("is @jobskill/eval's per-label scores, an abstention (null) counting as a miss of its true label", () => {
    const scores = perClassScores(['x', 'y'], ['x', 'x', 'y', 'y'], ['x', null, 'x', 'y']);
    expect(scores).toEqual([
      { label: 'x', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
      { label: 'y', precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
    ]);
  });
});

describe('dedupeLabeledTexts', () => {
  it('removes repeated texts, keeps the majority label and reports conflicts', () => {
    const { examples, report } = dedupeLabeledTexts([
      { text: 'a', label: 'x' },
      { text: 'a ', label: 'y' },
      { text: 'a', label: 'y' },
      { text: 'b', label: 'x' },
      { text: 'c', label: 'z' },
      { text: 'c', label: 'w' },
    ]);
    expect(examples).toEqual([{ text: 'a', label: 'y' }, { text: 'b', label: 'x' }, { text: 'c', label: 'z' }]);
    expect(report).toEqual({ rows: 6, duplicatesRemoved: 3, conflictingTexts: 2, conflictingRowsOverruled: 2 });
  });
});

describe('labelEval (jobskill label eval)', () => {
  it('deduplicates, cross-validates trained and runs zero-shot with the dataset label names', async () => {
    const result = await labelEval({ file: fixture('labeled-skills.csv'), textCol: 'skills', labelCol: 'job', folds: 3, encoder: createHashingEncoder() });
    expect(result.dedup).toMatchObject({ rows: 36, conflictingTexts: 1, conflictingRowsOverruled: 1 });
    expect(result.examples).toBe(36 - result.dedup.duplicatesRemoved);
    expect(result.dedup.duplicatesRemoved).toBeGreaterThanOrEqual(5);
    expect(result.labels.map((l) => l.label)).toEqual(['care', 'sales', 'tech']);
    const trained = result.labelers.find((l) => l.labeler === 'trained')!;
    const zeroShot = result.labelers.find((l) => l.labeler === 'zero-shot')!;
    expect(trained.accuracy).toBeGreaterThan(0.8);
    expect(trained.foldAccuracies).toHaveLength(3);
    expect(zeroShot.accuracy).toBeGreaterThan(1 / 3); // better than chance from the label names alone
    for (const l of result.labelers) for (const k of ['accuracy', 'f1Macro', 'f1Weighted'] as const) expect(l[k]).toBeGreaterThanOrEqual(0);
    const text = formatLabelEval(result);
    expect(text).toContain(`${result.dedup.duplicatesRemoved} duplicate texts removed before splitting`);
    expect(text).toContain('1 texts had conflicting labels');
  });

  it('bad input: a missing column is a DataError naming file and field; one label is refused', async () => {
    const error = await labelEval({ file: fixture('labeled-skills.csv'), textCol: 'text', labelCol: 'job' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).field).toBe('text');
    await expect(labelEval({ file: fixture('resumes-small.csv'), textCol: 'resume', labelCol: 'skills' })).rejects.toThrow();
  });
});
