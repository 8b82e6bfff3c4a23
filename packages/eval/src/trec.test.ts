import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirPath, DataError, JobskillError } from '@jobskill/data';
import { formatTrecRun, parseQrels, parseTrecRun, readQrels, readTrecRun, writeTrecRun } from './trec.ts';
import type { Run } from './retrieval-metrics.ts';

const here = dirname(fileURLToPath(import.meta.url));
// A relative $JOBSKILL_DATA_DIR (e.g. ../shared/data in CI) is taken relative to the repo root.
const dataDir = dataDirPath();
const toyDir = resolve(dataDir, 'talentclef2026_taskB_toy');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'jobskill-trec-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function dataError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
}

describe('readTrecRun / readQrels on the TalentCLEF 2026 toy files', () => {
  it('reads the official sample run (6 tab-separated columns)', async () => {
    const run = await readTrecRun(join(toyDir, 'sample_run.txt'));
    expect(run.size).toBe(10);
    expect([...run.values()].every((e) => e.length === 10)).toBe(true);
    expect(run.get('toy_qb_jt_1')![0]).toEqual({ docId: 'toy_cb_sk_12', score: 0.89 });
  });
  it('reads the graded qrels', async () => {
    const qrels = await readQrels(join(toyDir, 'qrels.tsv'));
    const grades = [...qrels.values()].flatMap((d) => [...d.values()]);
    expect(grades.filter((g) => g === 2)).toHaveLength(31);
    expect(grades.filter((g) => g === 1)).toHaveLength(25);
    expect(qrels.get('toy_qb_jt_1')!.get('toy_cb_sk_1')).toBe(2);
  });
});

describe('parseTrecRun', () => {
  it('accepts 5 columns, any whitespace, blank lines; orders by score then doc id, ignoring the rank column', () => {
    const run = parseTrecRun('q1 Q0 b 1 0.5\n\n q1\tQ0  a 2 0.5 tag\r\nq1 Q0 c 3 0.9 tag\n');
    expect(run.get('q1')!.map((e) => e.docId)).toEqual(['c', 'a', 'b']);
  });
  it('names file, line and field of a bad line', () => {
    const e1 = dataError(() => parseTrecRun('q1 Q0 a 1 0.5 t\nq1 Q0 b 2\n', 'run.txt'));
    expect([e1.file, e1.line, e1.code]).toEqual(['run.txt', 2, 'MALFORMED_ROW']);
    expect(e1.message).toMatch(/^run\.txt, line 2: expected 5 or 6 columns/);
    const e2 = dataError(() => parseTrecRun('q1 Q0 a 1 high t', 'run.txt'));
    expect([e2.line, e2.field, e2.code]).toEqual([1, 'score', 'WRONG_TYPE']);
    const e3 = dataError(() => parseTrecRun('q1 Q0 a first 0.1 t', 'run.txt'));
    expect(e3.field).toBe('rank');
    const e4 = dataError(() => parseTrecRun('q1 Q0 a 1 0.1 t\n\nq1 Q0 a 2 0.05 t', 'run.txt'));
    expect([e4.line, e4.field]).toEqual([3, 'doc_id']);
    expect(dataError(() => parseTrecRun('q1 Q0 a 1 NaN t')).field).toBe('score');
  });
});

describe('parseQrels', () => {
  it('names file, line and field of a bad line', () => {
    const e1 = dataError(() => parseQrels('q1 0 a 1\nq1 0 b 1.5\n', 'qrels.tsv'));
    expect([e1.file, e1.line, e1.field]).toEqual(['qrels.tsv', 2, 'rel']);
    const e2 = dataError(() => parseQrels('q_id iter doc_id rel\n', 'qrels.tsv'));
    expect([e2.line, e2.field]).toEqual([1, 'rel']);
    expect(dataError(() => parseQrels('q1 0 a\n')).code).toBe('MALFORMED_ROW');
    expect(dataError(() => parseQrels('q1 0 a 1\nq1 0 a 2\n')).field).toBe('doc_id');
  });
});

describe('file errors', () => {
  it('missing and empty files are typed errors', async () => {
    await expect(readTrecRun(join(tmp, 'nope.txt'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await writeFile(join(tmp, 'empty.txt'), '\n  \n');
    await expect(readQrels(join(tmp, 'empty.txt'))).rejects.toMatchObject({ code: 'EMPTY_FILE', file: join(tmp, 'empty.txt') });
  });
});

describe('formatTrecRun / writeTrecRun', () => {
  const run: Run = new Map([
    ['q2', [{ docId: 'y', score: 0.25 }, { docId: 'x', score: 0.25 }, { docId: 'z', score: 1e-7 }]],
    ['q1', [{ docId: 'a', score: 1 / 3 }]],
  ]);

  it('writes ranks in evaluation order (ties by doc id), queries in insertion order', () => {
    expect(formatTrecRun(run, 'sys')).toBe(
      ['q2\tQ0\tx\t1\t0.25\tsys', 'q2\tQ0\ty\t2\t0.25\tsys', 'q2\tQ0\tz\t3\t1e-7\tsys', `q1\tQ0\ta\t1\t${1 / 3}\tsys`, ''].join('\n'),
    );
  });

  it('round-trips exactly through a file, written atomically', async () => {
    const file = join(tmp, 'out', 'run.txt');
    await writeTrecRun(file, run, 'sys');
    const back = await readTrecRun(file);
    expect(back.get('q2')).toEqual([
      { docId: 'x', score: 0.25 },
      { docId: 'y', score: 0.25 },
      { docId: 'z', score: 1e-7 },
    ]);
    expect(back.get('q1')![0]!.score).toBe(1 / 3);
    expect(await readdir(join(tmp, 'out'))).toEqual(['run.txt']); // no temp file left behind
    expect(await readFile(file, 'utf8')).toBe(formatTrecRun(run, 'sys'));
  });

  it('refuses tokens with whitespace, duplicate docs and non-finite scores', () => {
    expect(() => formatTrecRun(run, 'my system')).toThrow(JobskillError);
    expect(() => formatTrecRun(new Map([['q 1', [{ docId: 'a', score: 1 }]]]), 't')).toThrow(/query id/);
    expect(() => formatTrecRun(new Map([['q', [{ docId: 'a', score: 1 }, { docId: 'a', score: 2 }]]]), 't')).toThrow(/twice/);
    expect(() => formatTrecRun(new Map([['q', [{ docId: 'a', score: Infinity }]]]), 't')).toThrow(/not finite/);
  });
});
