import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncoder, defaultEncoderDir, type Encoder } from '@jobskill/encoders';
import { FIXTURE_ESCO } from './__fixtures__/esco.ts';
import { OccupationSearch } from './occupation-search.ts';
import { ResumeMatcher, type SkillExtractor } from './match.ts';

/** Test-only extractor through the SkillExtractor interface: finds the fixture's ESCO labels verbatim. */
function labelExtractor(): SkillExtractor {
  return {
    name: 'fixture-labels',
    async extract(text) {
      const lower = text.toLowerCase();
      const skills = FIXTURE_ESCO.skills.flatMap((s) => {
        for (const label of [s.preferredLabel, ...s.altLabels]) {
          const start = lower.indexOf(label.toLowerCase());
          if (start >= 0) {
            const mention = { uri: s.uri, label: s.preferredLabel, score: 1, start, end: start + label.length, surface: text.slice(start, start + label.length), method: 'lexical' as const };
            return [{ uri: s.uri, label: s.preferredLabel, score: 1, mentions: [mention] }];
          }
        }
        return [];
      });
      return { skills, mentions: skills.flatMap((s) => s.mentions), abstained: skills.length === 0 };
    },
  };
}

describe.skipIf(!existsSync(defaultEncoderDir()))('occupation search and match (embedded encoder, real onnxruntime)', () => {
  let encoder: Encoder;
  let search: OccupationSearch;
  beforeAll(async () => {
    encoder = await createEncoder({ model: defaultEncoderDir() });
    search = await OccupationSearch.build(FIXTURE_ESCO, encoder);
  }, 120_000);
  afterAll(async () => encoder?.dispose());

  it('grounds titles to the right occupation, by encoder and by BM25', async () => {
    expect((await search.search('Senior Java Developer (m/f/d)', { k: 1 }))[0]!.uri).toBe('occ:dev');
    expect((await search.search('registered nurse', { k: 3 }))[0]).toMatchObject({ uri: 'occ:nurse', code: '2221.1' });
    expect(search.searchBm25('bread baker', { k: 1 })[0]!.uri).toBe('occ:baker');
    await expect(search.search('   ')).rejects.toMatchObject({ code: 'INVALID_TITLE' });
  });

  it('scores importance-weighted coverage with resume-span evidence, missing core skills first', async () => {
    const matcher = new ResumeMatcher(search, labelExtractor());
    const resume = 'Backend engineer. Skills: Java, Git and a bit of baking.';
    const result = await matcher.match({ resume, title: 'java developer' }, { occupations: 1 });
    expect(result.occupations[0]!.uri).toBe('occ:dev');
    // job = java (core 1), sql (core 1), git (contextual 0.5) → covered 1.5 / 2.5
    expect(result.score).toBeCloseTo(1.5 / 2.5, 5);
    expect(result.covered.map((c) => [c.uri, c.importance])).toEqual([['skill:java', 'core'], ['skill:git', 'contextual']]);
    const java = result.covered[0]!.evidence!;
    expect(resume.slice(java.start, java.end)).toBe('Java');
    expect(result.missing).toEqual([{ uri: 'skill:sql', label: 'SQL', importance: 'core' }]);
  });

  it('skill lists resolve by ESCO label and report names that are no label; ranking puts the nurse first for a nurse job', async () => {
    const matcher = new ResumeMatcher(search);
    const r = await matcher.match({ title: 'nurse', skills: ['patient care', 'juggling'] }, { occupations: 1 });
    expect(r.unresolvedSkills).toEqual(['juggling']);
    expect(r.covered.map((c) => c.uri)).toEqual(['skill:care']);
    const ranked = await matcher.rank('staff nurse', [
      { id: 'dev', skills: ['SQL', 'Java'] },
      { id: 'nurse', skills: ['administer medication', 'patient care'] },
    ]);
    expect(ranked.ranking.map((x) => x.id)).toEqual(['nurse', 'dev']);
    expect(ranked.ranking[0]!.score).toBeGreaterThan(0.5);
    await expect(matcher.match({ title: 'nurse', resume: 'text' })).rejects.toMatchObject({ code: 'EXTRACTOR_UNAVAILABLE' });
  });
});
