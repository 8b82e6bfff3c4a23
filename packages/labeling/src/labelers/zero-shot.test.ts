import { describe, expect, it } from 'vitest';
import { loadResumes } from '@jobskill/data';
import { createHashingEncoder } from '../hashing-encoder.ts';
import { inputFromResume } from '../inputs.ts';
import { labelSetFromNames } from '../label-sets.ts';
import { resumesParquet } from '../test-data.ts';
import { createRulesReferenceLabeler } from './rules-reference.ts';
import { createZeroShotLabeler } from './zero-shot.ts';

const encoder = createHashingEncoder();

describe('zero-shot (encoder similarity, no training labels)', () => {
  it('picks the role whose prototypes the skills are nearest, with the nearest skills as evidence', async () => {
    const labeler = createZeroShotLabeler({ encoder });
    const [r] = await labeler.label([{ skills: ['AWS', 'Azure', 'Kubernetes', 'Typing'] }]);
    expect(r!.role).toBe('Cloud Engineer');
    expect(r!.evidence.sort()).toEqual(['AWS', 'Azure', 'Kubernetes']);
    expect(Object.values(r!.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });
  it('no skill near any role → the fallback; no skills → noEvidence', async () => {
    const labeler = createZeroShotLabeler({ encoder });
    const [far, none] = await labeler.label([{ skills: ['Hvac tech'] }, { skills: [] }]);
    expect(far).toMatchObject({ role: 'Other', noEvidence: false, evidence: [] });
    expect(none).toMatchObject({ role: 'Other', noEvidence: true, score: 0 });
  });
  it("'description' mode always answers a role and gives softmax probabilities", async () => {
    const labeler = createZeroShotLabeler({ encoder, mode: 'description', labelSet: labelSetFromNames(['python developer', 'nurse']) });
    const [a, b] = await labeler.label([{ text: 'Python, Django, Flask' }, { text: 'patient care, nurse, ICU' }]);
    expect(a!.role).toBe('python developer');
    expect(b!.role).toBe('nurse');
    expect(a!.scores['python developer']! + a!.scores.nurse!).toBeCloseTo(1);
  });
  it('rejects an encoder whose vectors do not match its dimensions', async () => {
    const bad = { id: 'bad', dimensions: 8, encode: async (t: string[]) => t.map(() => new Float32Array(4)), dispose: async () => {} };
    await expect(createZeroShotLabeler({ encoder: bad }).label([{ skills: ['x'] }])).rejects.toThrow(/wrong count or size/);
  });
  it('agrees with rules-reference labels on ≥ 0.5 of resumes.parquet (hashing encoder stand-in)', async () => {
    const { records } = await loadResumes(resumesParquet);
    const inputs = records.filter((r) => r.hasSkills).map((r) => inputFromResume(r));
    const truth = (await createRulesReferenceLabeler().label(inputs)).map((r) => r.role);
    const pred = (await createZeroShotLabeler({ encoder }).label(inputs)).map((r) => r.role);
    const acc = pred.filter((p, i) => p === truth[i]).length / pred.length;
    expect(acc).toBeGreaterThanOrEqual(0.5);
  });
});
