import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.ts';
import {
  loadEsco,
  loadEscoOccupations,
  loadEscoRelations,
  loadEscoSkills,
  loadEscoSkillsHierarchy,
  loadIscoGroups,
  splitEscoLabels,
  type EscoData,
} from './esco.ts';
import { fixture, realDataDir, scratchDir } from './__fixtures__/paths.ts';

const SKILLS_HEADER =
  'conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,definition,inScheme,description\n';

async function expectDataError(promise: Promise<unknown>, expected: Partial<DataError>): Promise<DataError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  expect(error).toMatchObject(expected);
  return error as DataError;
}

describe('ESCO loaders on the real v1.1.1 export', () => {
  let esco: EscoData;
  beforeAll(async () => {
    esco = await loadEsco(join(realDataDir, 'esco_v1.1.1'));
  });

  it('loads every row of the five files (counts from PROVENANCE.md)', () => {
    expect(esco.skills).toHaveLength(13896);
    expect(esco.occupations).toHaveLength(3007);
    expect(esco.relations).toHaveLength(123855);
    expect(esco.hierarchy).toHaveLength(647);
    expect(esco.iscoGroups).toHaveLength(619);
    expect(esco.skipped).toEqual([]);
  });

  it('keeps relation types and skill types', () => {
    expect(esco.relations.filter((r) => r.relationType === 'essential')).toHaveLength(64946);
    expect(esco.relations.filter((r) => r.relationType === 'optional')).toHaveLength(58909);
    const types = new Map<string, number>();
    for (const skill of esco.skills) types.set(skill.skillType, (types.get(skill.skillType) ?? 0) + 1);
    expect(Object.fromEntries(types)).toEqual({ 'skill/competence': 10831, knowledge: 3059, '': 6 });
  });

  it('splits multi-line label fields into trimmed labels', () => {
    const skill = esco.skills.find(
      (s) => s.uri === 'http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab',
    );
    expect(skill?.preferredLabel).toBe('manage musical staff');
    expect(skill?.altLabels).toEqual([
      'manage staff of music',
      'coordinate duties of musical staff',
      'manage music staff',
      'direct musical staff',
      'manage musical staff',
    ]);
    const occupation = esco.occupations.find((o) => o.preferredLabel === 'technical director');
    expect(occupation).toMatchObject({ code: '2654.1.7', iscoGroup: '2654' });
    expect(occupation?.altLabels).toContain('head of technical department');
    expect(esco.skills.every((s) => s.altLabels.every((l) => l === l.trim() && l !== ''))).toBe(true);
  });

  it('builds hierarchy paths from rows whose empty trailing columns are left out', () => {
    const levels = esco.hierarchy.map((h) => h.levels.length);
    expect(Math.min(...levels)).toBe(1);
    expect(Math.max(...levels)).toBe(4);
    const workingEfficiently = esco.hierarchy.find((h) => h.levels.at(-1)?.preferredLabel === 'working efficiently');
    expect(workingEfficiently?.levels.map((l) => l.code)).toEqual(['T', 'T3', 'T3.1']);
    expect(esco.iscoGroups.find((g) => g.code === '0110')?.preferredLabel).toBe('Commissioned armed forces officers');
  });

  it('resolves relation URIs: every skill, all but 67 relations of occupations missing from occupations_en', () => {
    const skillUris = new Set(esco.skills.map((s) => s.uri));
    const occupationUris = new Set(esco.occupations.map((o) => o.uri));
    expect(esco.relations.every((r) => skillUris.has(r.skillUri))).toBe(true);
    expect(esco.relations.filter((r) => !occupationUris.has(r.occupationUri))).toHaveLength(67);
  });
});

describe('ESCO loaders on fixtures', () => {
  it('loads a directory that uses occupationSkillRelations_en.csv', async () => {
    const esco = await loadEsco(fixture('esco-mini'));
    expect(esco.skills.map((s) => s.skillType)).toEqual(['skill/competence', 'knowledge', '']);
    expect(esco.skills[0]?.altLabels).toEqual(['manage staff of music', 'direct musical staff', 'manage music staff']);
    expect(esco.skills[0]?.description).toBe('Assign and manage staff tasks, such as "scoring".');
    expect(esco.skills[1]?.hiddenLabels).toEqual(['py', 'python3']);
    expect(esco.relations.map((r) => r.relationType)).toEqual(['essential', 'optional']);
    expect(esco.hierarchy.map((h) => h.uri)).toEqual([
      'http://data.europa.eu/esco/skill/L',
      'http://data.europa.eu/esco/skill/L1',
    ]);
    expect(esco.occupations[0]).toMatchObject({ code: '2511.4', altLabels: ['data analyst', 'data science engineer'] });
  });

  it('splitEscoLabels handles CRLF, blanks and undefined', () => {
    expect(splitEscoLabels(' a \r\n\r\nb\n ')).toEqual(['a', 'b']);
    expect(splitEscoLabels(undefined)).toEqual([]);
  });
});

describe('ESCO loaders on bad input', () => {
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  beforeAll(async () => {
    scratch = await scratchDir();
  });
  afterAll(() => scratch.cleanup());

  it('names a missing file', async () => {
    await expectDataError(loadEscoSkills(join(scratch.dir, 'nope.csv')), { code: 'FILE_NOT_FOUND' });
    await expectDataError(loadEsco(scratch.dir), { code: 'FILE_NOT_FOUND', file: scratch.dir });
  });

  it('rejects an empty file', async () => {
    const file = await scratch.write('empty.csv', '');
    await expectDataError(loadEscoSkills(file), { code: 'EMPTY_FILE', file });
  });

  it('names a missing column', async () => {
    const file = await scratch.write('relations-missing.csv', 'occupationUri,skillType,skillUri\no,knowledge,s\n');
    await expectDataError(loadEscoRelations(file), { code: 'MISSING_COLUMN', field: 'relationType', line: 1 });
  });

  it('rejects an unknown relation type, naming line, row and field', async () => {
    const file = await scratch.write(
      'relations-bad.csv',
      'occupationUri,relationType,skillType,skillUri\no1,essential,knowledge,s1\no1,mandatory,knowledge,s2\n',
    );
    const error = await expectDataError(loadEscoRelations(file), {
      code: 'INVALID_VALUE',
      file,
      line: 3,
      row: 1,
      field: 'relationType',
    });
    expect(error.message).toContain('mandatory');
  });

  it('reports the start line of a multi-line record and the CSV column of an invalid field', async () => {
    const file = await scratch.write(
      'skills-bad.csv',
      `${SKILLS_HEADER}KSC,uri1,knowledge,,label,"a\nb\nc",,released,,,,,d\nKSC,,knowledge,,label,,,released,,,,,d\n`,
    );
    await expectDataError(loadEscoSkills(file), { code: 'INVALID_VALUE', line: 5, row: 1, field: 'conceptUri' });
  });

  it('rejects an unknown skill type', async () => {
    const file = await scratch.write(
      'skills-type.csv',
      `${SKILLS_HEADER}KSC,uri1,competence,,label,,,released,,,,,d\n`,
    );
    await expectDataError(loadEscoSkills(file), { code: 'INVALID_VALUE', line: 2, field: 'skillType' });
  });

  it('rejects a row with too many fields as malformed', async () => {
    const file = await scratch.write(
      'occupations-extra.csv',
      'conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,description,code\nO,u,1,l,,,d,c,EXTRA\n',
    );
    await expectDataError(loadEscoOccupations(file), { code: 'MALFORMED_ROW', line: 2, row: 0 });
  });

  it('treats an unclosed quote at the end and a short last record as a truncated file', async () => {
    const unclosed = await scratch.write('skills-cut.csv', `${SKILLS_HEADER}KSC,uri1,knowledge,,label,"a\nb`);
    await expectDataError(loadEscoSkills(unclosed), { code: 'TRUNCATED_FILE', file: unclosed });
    const short = await scratch.write(
      'isco-cut.csv',
      'conceptType,conceptUri,code,preferredLabel,status,altLabels,inScheme,description\nI,u1,0,Armed,released,,s,d\nI,u2,1,Mana',
    );
    await expectDataError(loadIscoGroups(short), { code: 'TRUNCATED_FILE', line: 3, row: 1 });
  });

  it('lenient mode skips bad rows and reports each one', async () => {
    const file = await scratch.write(
      'relations-lenient.csv',
      [
        'occupationUri,relationType,skillType,skillUri',
        'o1,essential,knowledge,s1',
        'o1,sometimes,knowledge,s2',
        'o2,optional,knowledge',
        'o3,optional,skill/competence,s3',
        ',essential,knowledge,s4',
      ].join('\n'),
    );
    const relations = await loadEscoRelations(file, { lenient: true });
    expect(relations.map((r) => r.skillUri)).toEqual(['s1', 's3']);
    expect(relations.skipped).toEqual([
      expect.objectContaining({ line: 3, row: 1, field: 'relationType', code: 'INVALID_VALUE' }),
      expect.objectContaining({ line: 4, row: 2, field: 'skillUri', code: 'MALFORMED_ROW' }),
      expect.objectContaining({ line: 6, row: 4, field: 'occupationUri', code: 'INVALID_VALUE' }),
    ]);
    await expectDataError(loadEscoRelations(file), { line: 3 });
  });

  it('lenient mode still fails on file-level problems', async () => {
    const file = await scratch.write('hier-missing.csv', 'Level 0 URI,Level 0 preferred term\nu,l\n');
    await expectDataError(loadEscoSkillsHierarchy(file, { lenient: true }), {
      code: 'MISSING_COLUMN',
      field: 'Level 0 code',
    });
  });
});
