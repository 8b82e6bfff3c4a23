import { describe, expect, it } from 'vitest';
import { loadResumes } from '@jobskill/data';
import { createRulesReferenceLabeler } from './rules-reference.ts';
import { inputFromResume } from '../inputs.ts';
import { resumesParquet } from '../test-data.ts';

const labeler = createRulesReferenceLabeler();
const roleOf = async (skillsText: string): Promise<string | null> => (await labeler.label([{ skillsText }]))[0]!.role;

describe('rules-reference: the reference rules, quirks included', () => {
  it("'soc' fires on 'associate' and 'social' (SOC Analyst before everything else)", async () => {
    expect(await roleOf('Associate Consultant, Java')).toBe('SOC Analyst');
    expect(await roleOf('Social media marketing')).toBe('SOC Analyst');
  });
  it("'java' fires on 'javascript': a JavaScript-only resume is a Software Engineer", async () => {
    expect(await roleOf('JavaScript, React, Vue')).toBe('Software Engineer');
    expect(await roleOf('React, Vue')).toBe('JavaScript Developer');
  });
  it("'api' fires on 'rapid'", async () => {
    expect(await roleOf('Rapid prototyping')).toBe('Full Stack Developer');
  });
  it("'.net' needs the dot: 'dotnet' and 'network' do not fire it, 'vb.net' does", async () => {
    expect(await roleOf('Network administration')).toBe('Other');
    expect(await roleOf('VB.NET')).toBe('.NET Developer');
    expect(await roleOf('ASP NET')).toBe('Other');
  });
  it("Agile Analyst only fires through 'scrum master'/'product owner'/'business analysis' ('agile'/'scrum' go to rule 10)", async () => {
    expect(await roleOf('Agile, Kanban')).toBe('Project Coordinator');
    expect(await roleOf('Scrum Master')).toBe('Project Coordinator'); // 'scrum' is a rule-10 keyword too
    expect(await roleOf('Product Owner, Business Analysis')).toBe('Agile Analyst');
  });
  it("Node.js Developer never sees node.js skills that also mention 'java' or 'developer'", async () => {
    expect(await roleOf('Node.js, Express.js')).toBe('Node.js Developer');
    expect(await roleOf('Node.js, Java')).toBe('Software Engineer');
    expect(await roleOf('Node.js developer')).toBe('Software Engineer');
  });
  it('first match wins, in the reference order; nothing → Other', async () => {
    expect(await roleOf('SQL, Security')).toBe('Cybersecurity Analyst');
    expect(await roleOf('C#, Python')).toBe('.NET Developer');
    expect(await roleOf('Typing, Tally')).toBe('Other');
    const [r] = await labeler.label([{ skillsText: 'Docker, Jenkins', id: 'x' }]);
    expect(r).toMatchObject({ id: 'x', role: 'Cloud Engineer', score: 1, evidence: ['docker'], labeler: 'rules-reference', noEvidence: false });
  });
  it('no keyword firing (gibberish) is the fallback with score 0 and noEvidence, not a confident Other', async () => {
    const [r] = await labeler.label([{ skillsText: 'xqzzv qwpkj, 🙂🙂' }]);
    expect(r).toMatchObject({ role: 'Other', score: 0, evidence: [], noEvidence: true });
    expect(Object.values(r!.scores).every((s) => s === 0)).toBe(true);
  });
  it('matches the raw skills text, not the parsed list (experience notes included)', async () => {
    // "(Less than 1 year)" is stripped by parseSkills, but the reference lowercased the raw field.
    expect((await labeler.label([{ skillsText: 'Typing (Less than 1 year)', skills: ['Typing'] }]))[0]!.role).toBe('Other');
    expect((await labeler.label([{ skills: ['Java', 'SQL'] }]))[0]!.role).toBe('Software Engineer');
  });
  it('empty or missing skills give an explicit no-evidence result', async () => {
    for (const input of [{}, { skillsText: null }, { skillsText: '   ' }, { skills: [] }]) {
      const [r] = await labeler.label([input]);
      expect(r).toMatchObject({ role: 'Other', score: 0, evidence: [], noEvidence: true });
    }
  });
});

describe('rules-reference on resumes/resumes.parquet', () => {
  it('reproduces the reference distribution on the substitute data (183 resumes with skills)', async () => {
    const { records } = await loadResumes(resumesParquet);
    const withSkills = records.filter((r) => r.hasSkills);
    expect(withSkills).toHaveLength(183);
    const results = await labeler.label(withSkills.map((r) => inputFromResume(r)));
    const counts: Record<string, number> = {};
    for (const r of results) counts[r.role!] = (counts[r.role!] ?? 0) + 1;
    expect(counts).toEqual({
      Other: 68,
      'Software Engineer': 63,
      '.NET Developer': 17,
      'Database Developer': 9,
      'SOC Analyst': 7,
      'Cybersecurity Analyst': 7,
      'Cloud Engineer': 5,
      'Project Coordinator': 4,
      'Full Stack Developer': 2,
      'DevOps Engineer': 1,
    });
    const without = await labeler.label(records.filter((r) => !r.hasSkills).map((r) => inputFromResume(r)));
    expect(without).toHaveLength(37);
    expect(without.every((r) => r.noEvidence && r.role === 'Other')).toBe(true);
  });
});
