import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResumes } from '@jobskill/data';
import { defaultEncoderDir } from '@jobskill/encoders';
import { loadDefaultEncoder } from '../default-encoder.ts';
import { inputFromResume } from '../inputs.ts';
import { resumesParquet } from '../test-data.ts';
import { createRulesReferenceLabeler } from './rules-reference.ts';
import { createZeroShotLabeler } from './zero-shot.ts';

// The embedded encoder is built by the turbo `model` task, which `test` depends on.
const built = existsSync(join(defaultEncoderDir(), 'config.json'));

describe.skipIf(!built)('zero-shot with the embedded encoder (real onnxruntime session)', () => {
  it('agrees with rules-reference labels on ≥ 0.5 of resumes.parquet with no training labels', async () => {
    const encoder = await loadDefaultEncoder();
    try {
      const { records } = await loadResumes(resumesParquet);
      const inputs = records.filter((r) => r.hasSkills).map((r) => inputFromResume(r));
      const truth = (await createRulesReferenceLabeler().label(inputs)).map((r) => r.role);
      const results = await createZeroShotLabeler({ encoder }).label(inputs);
      const acc = results.filter((r, i) => r.role === truth[i]).length / results.length;
      expect(acc).toBeGreaterThanOrEqual(0.5);
      const cloud = (await createZeroShotLabeler({ encoder }).label([{ skills: ['AWS', 'Azure', 'Kubernetes'] }]))[0]!;
      expect(cloud.role).toBe('Cloud Engineer');
      expect(cloud.evidence.length).toBeGreaterThan(0);
    } finally {
      await encoder.dispose();
    }
  }, 120_000);
});
