import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.ts';
import { loadQrels } from './qrels.ts';
import { isTaskBDir, loadJobIdToTerms, loadTaskBCorpus, loadTaskBDir, loadTaskBQueries } from './taskb.ts';
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

const validationDir = join(realDataDir, 'talentclef2025_taskB', 'validation');
const toyDir = join(realDataDir, 'talentclef2026_taskB_toy');

describe('TalentCLEF Task B on the real files', () => {
  it('loads the 2025 validation half kept here (binary qrels)', async () => {
    const data = await loadTaskBDir(validationDir);
    expect(data.name).toBe('validation');
    expect(data.queries).toHaveLength(152);
    expect(data.corpus).toHaveLength(1439);
    expect(data.qrels).toHaveLength(13118);
    expect(data.skipped).toEqual([]);
    expect(new Set(data.qrels!.map((q) => q.grade))).toEqual(new Set([1]));
    // Only odd-numbered query ids are kept here; the rest are held out.
    expect(data.queries.every((q) => Number(q.qId.split('_').at(-1)) % 2 === 1)).toBe(true);
    expect(data.queries[0]).toEqual({ qId: 'dev_qb_jt_1', jobTitle: 'corporate governance analyst' });
    const corpusIds = new Set(data.corpus.map((c) => c.cId));
    const queryIds = new Set(data.queries.map((q) => q.qId));
    expect(data.qrels!.every((q) => corpusIds.has(q.docId) && queryIds.has(q.qId))).toBe(true);
    expect(new Set(data.corpus.map((c) => c.escoUri)).size).toBe(1439);
  });

  it('reads the 35 pandas-quoted alias lists with apostrophes', async () => {
    const corpus = await loadTaskBCorpus(join(validationDir, 'corpus_elements'));
    expect(corpus.filter((c) => c.aliases.some((a) => a.includes("'")))).toHaveLength(35);
    expect(corpus.find((c) => c.cId === 'dev_cb_sk_20')?.aliases).toEqual([
      'customer insight',
      'customer insights',
      "customer's insight",
      'customers insight',
      'customer understanding',
    ]);
    expect(corpus[0]?.aliases).toEqual([
      'pricing plans',
      'price strategies',
      'pricing tactics',
      'pricing strategies',
      'pricing strategy',
    ]);
    expect(corpus.every((c) => c.aliases.length > 0)).toBe(true);
  });

  it('loads the 2026 toy set with graded qrels', async () => {
    const data = await loadTaskBDir(toyDir);
    expect([data.queries.length, data.corpus.length, data.qrels?.length]).toEqual([10, 30, 56]);
    expect(data.qrels!.filter((q) => q.grade === 2)).toHaveLength(31);
    expect(data.qrels!.filter((q) => q.grade === 1)).toHaveLength(25);
    expect(data.qrels![0]).toEqual({ qId: 'toy_qb_jt_1', docId: 'toy_cb_sk_1', grade: 2 });
  });

  it('loads jobid2terms.json (3039 occupations, 33412 terms)', async () => {
    const terms = await loadJobIdToTerms(join(realDataDir, 'talentclef2025_taskB', 'training', 'jobid2terms.json'));
    expect(terms.size).toBe(3039);
    expect([...terms.values()].reduce((sum, list) => sum + list.length, 0)).toBe(33412);
    expect(terms.get('http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34')).toContain(
      'technical director',
    );
  });
});

describe('Task B on fixtures', () => {
  it('loads a mini directory: quoted aliases, escapes, empty list, mixed-whitespace qrels, grade 0', async () => {
    const data = await loadTaskBDir(fixture('taskb-mini'));
    expect(data.queries.map((q) => q.jobTitle)).toEqual(['data scientist', 'nurse']);
    expect(data.corpus.map((c) => c.aliases)).toEqual([
      ['python', 'Python programming'],
      ['care', "patient's care", 'tab\\tescape'],
      [],
    ]);
    expect(data.qrels).toEqual([
      { qId: 'q1', docId: 'c1', grade: 2 },
      { qId: 'q1', docId: 'c3', grade: 1 },
      { qId: 'q2', docId: 'c2', grade: 0 },
    ]);
  });

  it('returns qrels null when the directory has none', async () => {
    const scratch = await scratchDir();
    try {
      await scratch.write('queries', 'q_id\tjobtitle\nq1\tnurse\n');
      await scratch.write('corpus_elements', "c_id\tesco_uri\tskill_aliases\nc1\tu1\t['care']\n");
      expect(isTaskBDir(scratch.dir)).toBe(true);
      const data = await loadTaskBDir(scratch.dir);
      expect(data.qrels).toBeNull();
      expect(data.corpus).toEqual([{ cId: 'c1', escoUri: 'u1', aliases: ['care'] }]);
    } finally {
      await scratch.cleanup();
    }
  });
});

describe('Task B on bad input', () => {
  let scratch: Awaited<ReturnType<typeof scratchDir>>;
  beforeAll(async () => {
    scratch = await scratchDir();
  });
  afterAll(() => scratch.cleanup());

  const corpusHeader = 'c_id\tesco_uri\tskill_aliases\n';

  it('names file, line and field of a broken list literal', async () => {
    const file = await scratch.write('corpus-broken', `${corpusHeader}c1\tu1\t['a', 'b']\nc2\tu2\t['a', 'b\n`);
    const error = await expectDataError(loadTaskBCorpus(file), {
      code: 'BAD_LIST_LITERAL',
      file,
      line: 3,
      row: 1,
      field: 'skill_aliases',
    });
    expect(error.message).toContain('unterminated string');
  });

  it('rejects JSON-only syntax in alias lists', async () => {
    const file = await scratch.write('corpus-json', `${corpusHeader}c1\tu1\t[a, b]\n`);
    await expectDataError(loadTaskBCorpus(file), { code: 'BAD_LIST_LITERAL', line: 2 });
  });

  it('rejects a wrong header, an empty file and a missing directory file', async () => {
    const wrong = await scratch.write('queries-wrong', 'id\ttitle\nq1\tnurse\n');
    await expectDataError(loadTaskBQueries(wrong), { code: 'MISSING_COLUMN', field: 'q_id' });
    const empty = await scratch.write('queries-empty', '\n\n');
    await expectDataError(loadTaskBQueries(empty), { code: 'EMPTY_FILE', file: empty });
    await expectDataError(loadTaskBDir(join(scratch.dir, 'nowhere')), { code: 'FILE_NOT_FOUND' });
  });

  it('treats a last line with too few columns as a truncated file', async () => {
    const file = await scratch.write('corpus-cut', `${corpusHeader}c1\tu1\t['a']\nc2\thttp://data.eu`);
    await expectDataError(loadTaskBCorpus(file), { code: 'TRUNCATED_FILE', line: 3, row: 1 });
  });

  it('rejects duplicate ids and empty titles', async () => {
    const dup = await scratch.write('queries-dup', 'q_id\tjobtitle\nq1\tnurse\nq1\tdoctor\n');
    await expectDataError(loadTaskBQueries(dup), { code: 'INVALID_VALUE', line: 3, field: 'q_id' });
    const blank = await scratch.write('queries-blank', 'q_id\tjobtitle\nq1\t  \n');
    await expectDataError(loadTaskBQueries(blank), { code: 'INVALID_VALUE', line: 2, field: 'jobtitle' });
  });

  it('qrels: non-integer grade, wrong field count, truncated last line, duplicates', async () => {
    const grade = await scratch.write('qrels-grade', 'q1 0 c1 1\nq1 0 c2 high\n');
    await expectDataError(loadQrels(grade), { code: 'WRONG_TYPE', line: 2, row: 1, field: 'relevance' });
    const extra = await scratch.write('qrels-extra', 'q1 0 c1 1 x\nq1 0 c2 1\n');
    await expectDataError(loadQrels(extra), { code: 'MALFORMED_ROW', line: 1 });
    const cut = await scratch.write('qrels-cut', 'q1 0 c1 1\nq1 0 c2');
    await expectDataError(loadQrels(cut), { code: 'TRUNCATED_FILE', line: 2, field: 'relevance' });
    const dup = await scratch.write('qrels-dup', 'q1 0 c1 1\nq1 0 c1 2\n');
    await expectDataError(loadQrels(dup), { code: 'INVALID_VALUE', line: 2, field: 'doc_id' });
  });

  it('lenient mode keeps the good rows and describes the skipped ones', async () => {
    const file = await scratch.write(
      'corpus-lenient',
      `${corpusHeader}c1\tu1\t['a']\nc2\tu2\t['b\nc3\tu3\t['c']\nc4\tu4\nc5\tu5\t["it's"]\n`,
    );
    const corpus = await loadTaskBCorpus(file, { lenient: true });
    expect(corpus.map((c) => c.cId)).toEqual(['c1', 'c3', 'c5']);
    expect(corpus.skipped).toEqual([
      expect.objectContaining({ line: 3, row: 1, field: 'skill_aliases', code: 'BAD_LIST_LITERAL' }),
      expect.objectContaining({ line: 5, row: 3, field: 'skill_aliases', code: 'MALFORMED_ROW' }),
    ]);
    const dir = join(scratch.dir, 'lenient-dir');
    await scratch.write('lenient-dir-placeholder', '');
    const { mkdir, copyFile } = await import('node:fs/promises');
    await mkdir(dir);
    await copyFile(file, join(dir, 'corpus_elements'));
    await copyFile(await scratch.write('q', 'q_id\tjobtitle\nq1\tnurse\n'), join(dir, 'queries'));
    await copyFile(await scratch.write('r', 'q1 0 c1 1\nq1 0 c3 x\n'), join(dir, 'qrels.tsv'));
    const data = await loadTaskBDir(dir, { lenient: true });
    expect(data.skipped.map((s) => s.code)).toEqual(['BAD_LIST_LITERAL', 'MALFORMED_ROW', 'WRONG_TYPE']);
    expect(data.qrels).toHaveLength(1);
  });

  it('jobid2terms: bad JSON names the line, a wrong shape names the key', async () => {
    const bad = await scratch.write('j-bad.json', '{\n  "u1": ["a"],\n  "u2": ["b",]\n}');
    await expectDataError(loadJobIdToTerms(bad), { code: 'BAD_JSON', file: bad, line: 3 });
    const shape = await scratch.write('j-shape.json', '{"u1": ["a"], "u2": "b"}');
    await expectDataError(loadJobIdToTerms(shape), { code: 'WRONG_TYPE', field: 'u2' });
  });
});
