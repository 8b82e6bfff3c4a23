import { describe, expect, it } from 'vitest';
import { JobskillError } from '@jobskill/data';
import { LABELER_NAMES, createLabeler, labelers } from './registry.ts';
import { LABEL_SETS, REFERENCE_ROLE_NAMES, labelSetFromNames, resolveLabelSet } from './label-sets.ts';
import { createHashingEncoder } from '@jobskill/encoders';

describe('labeler registry', () => {
  it('is frozen and lists the six labelers', () => {
    expect(Object.isFrozen(labelers)).toBe(true);
    expect([...LABELER_NAMES]).toEqual(['rules-reference', 'rules', 'zero-shot', 'zero-shot-nli', 'generative', 'trained']);
  });
  it('an unknown labeler fails with the list of valid names', async () => {
    const error = await createLabeler('magic').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobskillError);
    expect((error as JobskillError).code).toBe('UNKNOWN_LABELER');
    expect((error as Error).message).toContain('rules-reference, rules, zero-shot, zero-shot-nli, generative, trained');
    await expect(createLabeler('toString')).rejects.toThrow(/unknown labeler/);
  });
  it('an unknown label set fails with the list of valid names', async () => {
    await expect(createLabeler('rules', { labelSet: 'nope' })).rejects.toThrow('unknown label set "nope"; valid label sets: reference');
    expect(() => resolveLabelSet('constructor')).toThrow(/unknown label set/);
  });
  it('invalid label sets are refused with the reason', () => {
    expect(() => resolveLabelSet({ name: 'x', roles: [{ label: 'A' }, { label: 'A' }] })).toThrow(/duplicate role "A"/);
    expect(() => labelSetFromNames(['A', 'B'], { fallback: 'C' })).toThrow(/fallback "C" is not one of the roles/);
  });
  it('hub-model labelers need a model (trained falls back to the default classifier: default-classifier.test.ts)', async () => {
    await expect(createLabeler('zero-shot-nli')).rejects.toThrow(/needs a model/);
    await expect(createLabeler('generative', {} as never)).rejects.toThrow(/needs a model/);
  });
  it('creates labelers by name; the default label set is the 14 reference roles in order', async () => {
    const rules = await createLabeler('rules');
    expect(rules.labels).toEqual(REFERENCE_ROLE_NAMES);
    expect(REFERENCE_ROLE_NAMES[0]).toBe('SOC Analyst');
    expect(REFERENCE_ROLE_NAMES[13]).toBe('Other');
    expect(Object.isFrozen(LABEL_SETS.reference!.roles[0]!.substringKeywords)).toBe(true);
    const zs = await createLabeler('zero-shot', { encoder: createHashingEncoder() });
    expect((await zs.label([{ skills: ['SQL', 'PL/SQL'] }]))[0]!.role).toBe('Database Developer');
  });
});
