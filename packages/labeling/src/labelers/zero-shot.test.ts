import { describe, expect, it } from 'vitest';
import { loadResumes } from '@jobskill/data';
import { createHashingEncoder } from '@jobskill/encoders';
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
    expect(far).toMatchObject({ role: 'Other', score: 0, noEvidence: true, evidence: [] });
    expect(none).toMatchObject({ role: 'Other', noEvidence: true, score: 0 });
  });
  it("'description' mode always answers a role and gives softmax probabilities", async () => {
    const labeler = createZeroShotLabeler({ encoder, mode: 'description', labelSet: labelSetFromNames(['python developer', 'nurse']) });
    const [a, b] = await labeler.label([{ text: 'Python, Django, Flask' }, { text: 'patient care, nurse, ICU' }]);
    expect(a!.role).toBe('python developer');
    expect(b!.role).toBe('nurse');
    expect(a!.scores['python developer']! + a!.scores.nurse!).toBeCloseTo(1);
  });
  it("'description' mode weighs the input's title (the candidate's own title) apart from its skills", async () => {
    const labelSet = labelSetFromNames(['python developer', 'nurse']);
    const input = { skills: ['patient care', 'nurse', 'python'], title: 'python developer' };
    const [withTitle] = await createZeroShotLabeler({ encoder, mode: 'description', labelSet }).label([input]);
    const [skillsOnly] = await createZeroShotLabeler({ encoder, mode: 'description', labelSet, titleWeight: 0 }).label([input]);
    const [noTitle] = await createZeroShotLabeler({ encoder, mode: 'description', labelSet }).label([{ skills: input.skills }]);
    expect(skillsOnly!.role).toBe('nurse');
    expect(noTitle).toEqual(skillsOnly);
    expect(withTitle!.role).toBe('python developer');
    expect(withTitle!.evidence).not.toContain('python developer'); // the title is not one of the skills
  });
  it('rejects an encoder whose vectors do not match its dimensions', async () => {
    const bad = { id: 'bad', dimensions: 8, encode: async (t: string[]) => t.map(() => new Float32Array(4)), dispose: async () => {} };
    await expect(createZeroShotLabeler({ encoder: bad }).label([{ skills: ['x'] }])).rejects.toThrow(/wrong count or size/);
  });
  it('agrees with rules-reference labels on ≥ 0.5 of resumes.parquet (hashing encoder stand-in)', async () => {
    const { records } = await loadResumes(resumesParquet);
    const inputs = records.filter((r) => r.hasSkills).map((r) => inputFromResume(r));
    const truth = (await createRulesReferenceLabeler().label(inputs)).map((r) => r.role);
    // The stand-in's similarity scale is its own: a fixed threshold (the real encoder's 'auto' check is in
    // zero-shot-embedded.test.ts).
    const pred = (await createZeroShotLabeler({ encoder, matchThreshold: 0.5 }).label(inputs)).map((r) => r.role);
    const acc = pred.filter((p, i) => p === truth[i]).length / pred.length;
    expect(acc).toBeGreaterThanOrEqual(0.5);
  });
  it("'auto' threshold = the chosen quantile of cross-role prototype cosines (label-free calibration)", async () => {
    const labelSet = labelSetFromNames(['python developer', 'data analyst', 'nurse']);
    // Prototypes are the role names here (no defining skills): three cross-role pairs.
    const names = labelSet.roles.map((r) => r.label);
    const v = await encoder.encode(names);
    const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, k) => s + x * b[k]!, 0);
    const cross = [cos(v[0]!, v[1]!), cos(v[0]!, v[2]!), cos(v[1]!, v[2]!)].sort((a, b) => a - b);
    const inputs = [{ skills: ['python', 'pandas', 'data analysis'] }, { skills: ['patient care', 'python developer'] }, { skills: ['developer'] }];
    for (const [quantile, index] of [[1, 2], [0.5, 1], [0, 0]] as const) {
      const auto = await createZeroShotLabeler({ encoder, labelSet, autoThresholdQuantile: quantile }).label(inputs);
      const fixed = await createZeroShotLabeler({ encoder, labelSet, matchThreshold: cross[index]! }).label(inputs);
      expect(auto).toEqual(fixed);
    }
    // A stricter quantile never gives more evidence.
    const loose = await createZeroShotLabeler({ encoder, labelSet, autoThresholdQuantile: 0 }).label(inputs);
    const strict = await createZeroShotLabeler({ encoder, labelSet, autoThresholdQuantile: 1 }).label(inputs);
    strict.forEach((r, i) => expect(r.evidence.length).toBeLessThanOrEqual(loose[i]!.evidence.length));
  });
});
