import { describe, expect, it } from 'vitest';
import { dataDir } from './test-data.ts';
import { formatLabelingEval, runLabelingEval, scoreLabels } from './evaluate.ts';
import { createHashingEncoder } from '@jobskill/encoders';

describe('scoreLabels', () => {
  it('counts a missing role as wrong and computes sklearn-style averages', () => {
    const s = scoreLabels(['a', 'a', 'b', 'b'], ['a', null, 'b', 'a']);
    expect(s.accuracy).toBe(0.5);
    // a: P 1/2 R 1/2 F1 1/2; b: P 1 R 1/2 F1 2/3; weighted = mean (supports 2, 2).
    expect(s.f1Weighted).toBeCloseTo((0.5 + 2 / 3) / 2, 12);
    expect(s.f1Macro).toBeCloseTo((0.5 + 2 / 3 + 0) / 3, 12); // '(none)' counts as a predicted-only label
  });
});

describe('runLabelingEval on resumes.parquet (the reference protocol)', () => {
  it('scores every offline labeler against rule labels on a seeded split and in 5-fold CV; trained meets its targets', async () => {
    const result = await runLabelingEval({ dataDir, encoder: createHashingEncoder() });
    expect(result.withSkills).toBe(183);
    expect(result.splitSizes).toEqual({ train: 146, test: 37 });
    expect(result.truthDistribution).toMatchObject({ Other: 68, 'Software Engineer': 63, '.NET Developer': 17 });
    const row = (name: string) => result.rows.find((r) => r.labeler === name)!;
    expect(row('rules-reference').cv!.accuracy).toBe(1);
    expect(row('trained').cv!.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(row('trained').cv!.f1Weighted).toBeGreaterThanOrEqual(0.93);
    expect(row('trained').cv!.foldAccuracies).toHaveLength(5);
    // With the hashing stand-in (its own similarity scale, 'auto' threshold) well above chance; the
    // embedded encoder's ≥ 0.5 is checked in labelers/zero-shot-embedded.test.ts.
    expect(row('zero-shot').cv!.accuracy).toBeGreaterThanOrEqual(0.4);
    expect(row('zero-shot').note).toContain('hashing-512');
    expect(row('rules').split!.n).toBe(37);
    for (const name of ['zero-shot-nli', 'generative']) expect(row(name)).toMatchObject({ note: 'needs a hub model (offline)', split: null, cv: null });
    const text = formatLabelingEval(result);
    expect(text).toContain('reference roberta-base fine-tuned');
    expect(text).toMatch(/reference roberta-base fine-tuned\s+0\.677\s+–\s+–\s+0\.547/);
    expect(text).toMatch(/reference bart-large-mnli zero-shot\s+0\.097\s+0\.572\s+0\.097\s+0\.111/);
  }, 180_000);
});
