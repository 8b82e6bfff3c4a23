import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CSV_RECORD_CHARS } from './csv.ts';
import { DataError } from './errors.ts';
import { loadLabeledTexts } from './labeled.ts';
import { loadResumes } from './resumes.ts';
import { fixture, realDataDir, scratchDir } from './__fixtures__/paths.ts';

async function expectDataError(promise: Promise<unknown>, expected: Partial<DataError>): Promise<DataError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  expect(error).toMatchObject(expected);
  return error as DataError;
}

const resumesParquet = join(realDataDir, 'resumes', 'resumes.parquet');

/** A parquet file in the reference schema (the physical types of the real one). */
function referenceParquet(rows: { skills: (string | null)[]; skillsType?: 'STRING' | 'INT64' }): Uint8Array {
  const n = rows.skills.length;
  const ids = Array.from({ length: n }, (_, i) => BigInt(i));
  const text = (prefix: string) => Array.from({ length: n }, (_, i) => `${prefix} ${i}`);
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'Unnamed: 0.1', data: ids, type: 'INT64' },
      { name: 'Unnamed: 0', data: ids, type: 'INT64' },
      { name: 'resume', data: text('Resume Text:\nresume'), type: 'STRING' },
      { name: 'name', data: text('name'), type: 'STRING' },
      { name: 'contact', data: text('contact'), type: 'STRING' },
      rows.skillsType === 'INT64'
        ? { name: 'skills', data: ids, type: 'INT64' }
        : { name: 'skills', data: rows.skills, type: 'STRING' },
      { name: 'companies', data: Array.from({ length: n }, () => null), type: 'STRING' },
      { name: 'total_years', data: Array.from({ length: n }, (_, i) => (i % 2 ? '3' : null)), type: 'STRING' },
    ],
  });
  return new Uint8Array(buffer);
}

describe('loadResumes on the real parquet', () => {
  it('loads 220 resumes, 37 without skills flagged, raw text kept beside the list', async () => {
    const { records, skipped } = await loadResumes(resumesParquet);
    expect(records).toHaveLength(220);
    expect(skipped).toEqual([]);
    const withoutSkills = records.filter((r) => !r.hasSkills);
    expect(withoutSkills).toHaveLength(37);
    expect(withoutSkills.every((r) => r.skillsRaw === null && r.skills.length === 0)).toBe(true);
    expect(records.filter((r) => r.companies === null)).toHaveLength(30);
    expect(records.filter((r) => r.totalYears === null)).toHaveLength(186);
    const first = records[0]!;
    expect(first).toMatchObject({ row: 0, id: '0', name: 'Abhishek Jha', companies: 'Accenture', totalYears: null });
    expect(first.resume?.startsWith('Resume Text:\n')).toBe(true);
    expect(first.skillsRaw?.startsWith('C (Less than 1 year), Database (Less than 1 year)')).toBe(true);
    expect(first.skills.slice(0, 5)).toEqual([
      'C',
      'Database',
      'Database Management',
      'Database Management System',
      'Java',
    ]);
    expect(records.map((r) => r.id)).toEqual(records.map((_, i) => String(i)));
    expect(records.flatMap((r) => r.skills).some((s) => /\(\s*less than/i.test(s))).toBe(false);
  });

  it('loads the flat JSONL with list-valued fields and a configured id column', async () => {
    const { records } = await loadResumes(join(realDataDir, 'resumes_dataturks_ner', 'resumes_flat.derived.jsonl'), {
      columns: { id: 'id' },
    });
    expect(records).toHaveLength(220);
    expect(records.filter((r) => !r.hasSkills)).toHaveLength(37);
    expect(records[0]).toMatchObject({ line: 1, name: 'Abhishek Jha' });
  });
});

describe('loadResumes on fixtures', () => {
  it('reads CSV with configurable columns (format from the extension)', async () => {
    const { records } = await loadResumes(fixture('resumes.csv'), {
      columns: { id: 'candidate_id', resume: 'cv_text', skills: 'skill_list' },
    });
    expect(records.map((r) => [r.id, r.line, r.hasSkills, r.skills])).toEqual([
      ['c-1', 2, true, ['Python', 'SQL', 'Docker']],
      ['c-2', 5, false, []],
      ['c-3', 6, true, ['Selenium (IDE, WebDriver)', 'java']],
    ]);
    expect(records[0]?.resume).toBe('Data engineer,\nfive years');
    expect(records[0]?.name).toBeNull();
  });

  it('reads JSONL with an explicit format override', async () => {
    const { records } = await loadResumes(fixture('resumes.jsonl.txt'), { format: 'jsonl' });
    expect(records.map((r) => r.skills)).toEqual([['Go', 'Kubernetes'], [], ['React', 'Node.js']]);
    expect(records.map((r) => r.totalYears)).toEqual(['5', null, null]);
  });

  it('reads a generated parquet in the reference schema', async () => {
    const scratch = await scratchDir();
    try {
      const file = await scratch.write('ok.parquet', referenceParquet({ skills: ['Java, SQL', null, ''] }));
      const { records } = await loadResumes(file);
      expect(records.map((r) => [r.id, r.hasSkills, r.skills, r.totalYears])).toEqual([
        ['0', true, ['Java', 'SQL'], null],
        ['1', false, [], '3'],
        ['2', false, [], null],
      ]);
    } finally {
      await scratch.cleanup();
    }
  });
});

describe('loadResumes and loadLabeledTexts on bad input', () => {
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  beforeAll(async () => {
    scratch = await scratchDir();
  });
  afterAll(() => scratch.cleanup());

  it('a truncated parquet is TRUNCATED_FILE', async () => {
    const whole = await readFile(resumesParquet);
    const cut = await scratch.write('cut.parquet', whole.subarray(0, Math.floor(whole.length / 2)));
    await expectDataError(loadResumes(cut), { code: 'TRUNCATED_FILE', file: cut });
    const generated = referenceParquet({ skills: ['a', 'b'] });
    const cutGenerated = await scratch.write('cut2.parquet', generated.subarray(0, generated.length - 3));
    await expectDataError(loadResumes(cutGenerated), { code: 'TRUNCATED_FILE' });
  });

  it('a parquet skills column of the wrong physical type is WRONG_TYPE naming the column', async () => {
    const file = await scratch.write('wrong.parquet', referenceParquet({ skills: [null, null], skillsType: 'INT64' }));
    const error = await expectDataError(loadResumes(file), { code: 'WRONG_TYPE', field: 'skills' });
    expect(error.message).toContain('INT64');
  });

  it('a parquet without the skills column is MISSING_COLUMN', async () => {
    const file = await scratch.write(
      'noskills.parquet',
      new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'resume', data: ['x'], type: 'STRING' }] })),
    );
    await expectDataError(loadResumes(file), { code: 'MISSING_COLUMN', field: 'skills' });
  });

  it('not a parquet file, empty file, unknown extension', async () => {
    const fake = await scratch.write('fake.parquet', 'skills\nJava\n');
    await expectDataError(loadResumes(fake), { code: 'UNSUPPORTED_FORMAT' });
    const empty = await scratch.write('empty.csv', '');
    await expectDataError(loadResumes(empty), { code: 'EMPTY_FILE' });
    const xlsx = await scratch.write('resumes.xlsx', 'x');
    await expectDataError(loadResumes(xlsx), { code: 'UNSUPPORTED_FORMAT' });
  });

  it('JSONL: bad line, wrong value type, truncated last line; lenient keeps the rest', async () => {
    const file = await scratch.write(
      'bad.jsonl',
      [
        '{"skills": "Java"}',
        '{"skills": "Go", oops}',
        '{"skills": {"a": 1}}',
        '[1, 2]',
        '{"skills": "Rust"}',
        '{"skills": "Py',
      ].join('\n'),
    );
    await expectDataError(loadResumes(file), { code: 'BAD_JSON', line: 2, row: 1 });
    const { records, skipped } = await loadResumes(file, { lenient: true });
    expect(records.map((r) => r.skills)).toEqual([['Java'], ['Rust']]);
    expect(skipped.map((s) => [s.line, s.code, s.field])).toEqual([
      [2, 'BAD_JSON', undefined],
      [3, 'WRONG_TYPE', 'skills'],
      [4, 'MALFORMED_ROW', undefined],
      [6, 'TRUNCATED_FILE', undefined],
    ]);
  });

  it('CSV: a configured column that does not exist is MISSING_COLUMN', async () => {
    await expectDataError(loadResumes(fixture('resumes.csv'), { columns: { skills: 'skills_text' } }), {
      code: 'MISSING_COLUMN',
      field: 'skills_text',
    });
  });

  it('labeled texts: CSV, JSONL and parquet; empty text/label and wrong types are reported', async () => {
    const csv = await loadLabeledTexts(fixture('labeled.csv'), { textCol: 'text', labelCol: 'role' });
    expect(csv.records).toEqual([
      { text: 'Java, Spring, SQL', label: 'Software Engineer', row: 0, line: 2 },
      { text: 'SIEM, malware analysis', label: 'SOC Analyst', row: 1, line: 3 },
    ]);
    await expectDataError(loadLabeledTexts(fixture('labeled.csv'), { textCol: 'text', labelCol: 'label' }), {
      code: 'MISSING_COLUMN',
      field: 'label',
    });

    const jsonl = await scratch.write(
      'labeled.jsonl',
      ['{"t": "a", "y": 1}', '{"t": "", "y": 2}', '{"t": "b"}', '{"t": ["x"], "y": 3}', '{"t": "c", "y": "z"}'].join(
        '\n',
      ),
    );
    await expectDataError(loadLabeledTexts(jsonl, { textCol: 't', labelCol: 'y' }), {
      code: 'INVALID_VALUE',
      line: 2,
      field: 't',
    });
    const lenient = await loadLabeledTexts(jsonl, { textCol: 't', labelCol: 'y', lenient: true });
    expect(lenient.records.map((r) => [r.text, r.label])).toEqual([
      ['a', '1'],
      ['c', 'z'],
    ]);
    expect(lenient.skipped.map((s) => [s.line, s.field, s.code])).toEqual([
      [2, 't', 'INVALID_VALUE'],
      [3, 'y', 'INVALID_VALUE'],
      [4, 't', 'WRONG_TYPE'],
    ]);

    const parquet = await scratch.write(
      'labeled.parquet',
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 'text', data: ['kubernetes, aws', 'scrum, jira'], type: 'STRING' },
            { name: 'label', data: [7, 9], type: 'INT32' },
          ],
        }),
      ),
    );
    const fromParquet = await loadLabeledTexts(parquet, { textCol: 'text', labelCol: 'label' });
    expect(fromParquet.records).toEqual([
      { text: 'kubernetes, aws', label: '7', row: 0 },
      { text: 'scrum, jira', label: '9', row: 1 },
    ]);
    await expectDataError(loadLabeledTexts(parquet, { textCol: 'label', labelCol: 'text' }), {
      code: 'WRONG_TYPE',
      field: 'label',
    });
  });
});

describe('loadResumes: a field too large to be a resume', () => {
  it('refuses a CSV record over the cap with its line, before materializing it (even lenient: the rows after it were never read)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jobskill-big-cell-')), 'resumes.csv');
    writeFileSync(file, `id,skills\nr1,Java\nr2,"${'x'.repeat(MAX_CSV_RECORD_CHARS + 10)}"\nr3,Python\n`);
    for (const lenient of [false, true]) {
      await expect(loadResumes(file, { lenient, columns: { id: 'id' } })).rejects.toMatchObject({
        code: 'INVALID_VALUE',
        file,
        line: 3,
        message: expect.stringMatching(/over the limit of 4000000 characters/),
      });
    }
  });
});
