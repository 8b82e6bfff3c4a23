import { describe, expect, it } from 'vitest';
import { createRulesLabeler } from './rules.ts';

const labeler = createRulesLabeler();
const one = async (skills: string[]) => (await labeler.label([{ skills }]))[0]!;

describe('rules: whole-token keywords weighed across roles', () => {
  it('matches whole tokens and phrases only (none of the substring quirks)', async () => {
    expect((await one(['Associate', 'Social work'])).role).toBe('Other');
    expect((await one(['JavaScript', 'React'])).role).toBe('JavaScript Developer');
    expect((await one(['Rapid prototyping'])).role).toBe('Other');
    expect((await one(['C++'])).evidence).toEqual(['C++']);
    expect((await one(['Objective C#'])).role).toBe('.NET Developer'); // 'c' does not fire inside 'c#'
  });
  it('weighs evidence across all roles instead of taking the first match', async () => {
    const r = await one(['SQL Server', 'PL/SQL', 'MySQL', 'Java']);
    expect(r.role).toBe('Database Developer');
    expect(r.evidence).toEqual(['SQL Server', 'PL/SQL', 'MySQL']);
    expect(r.score).toBeCloseTo(3 / 4);
    expect(r.scores['Software Engineer']).toBeCloseTo(1 / 4);
    expect(Object.keys(r.scores)).toHaveLength(14);
  });
  it('the longest keyword wins at a position (asp.net over .net, java script over java)', async () => {
    expect((await one(['Java Script'])).role).toBe('JavaScript Developer');
    const r = await one(['ASP.NET MVC']);
    expect(r.role).toBe('.NET Developer');
  });
  it('reports ties explicitly and breaks them by label-set order', async () => {
    const r = await one(['Splunk', 'Penetration testing']);
    expect(r.ties).toEqual(['SOC Analyst', 'Cybersecurity Analyst']);
    expect(r.role).toBe('SOC Analyst');
    expect(r.score).toBeCloseTo(0.5);
    expect((await one(['Java', 'Python'])).ties).toBeUndefined();
  });
  it('skills with no keyword → fallback with empty evidence; no skills → noEvidence', async () => {
    // Nothing matched is no evidence: score 0 says so (not "Other" with 1.0).
    expect(await one(['Typing', 'Tally'])).toMatchObject({ role: 'Other', score: 0, evidence: [], noEvidence: true });
    const [empty] = await labeler.label([{ id: 'e', skills: [], skillsText: '' }]);
    expect(empty).toMatchObject({ id: 'e', role: 'Other', score: 0, noEvidence: true, labeler: 'rules' });
  });
  it('parses raw skills text when no list is given', async () => {
    const [r] = await labeler.label([{ skillsText: 'Docker (2 years), Kubernetes, AWS' }]);
    expect(r!.role).toBe('Cloud Engineer');
    expect(r!.evidence).toEqual(['Docker', 'Kubernetes', 'AWS']);
  });
  it('uses any label set with keywords', async () => {
    const custom = createRulesLabeler({
      labelSet: {
        name: 'tiny',
        roles: [{ label: 'Nurse', keywords: [{ term: 'patient care' }] }, { label: 'Teacher', keywords: [{ term: 'teaching' }] }],
      },
    });
    const [a, b] = await custom.label([{ skills: ['Patient care'] }, { skills: ['Cooking'] }]);
    expect(a!.role).toBe('Nurse');
    expect(b!.role).toBeNull(); // no fallback in this label set
  });
});
