import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultEvalReportPath, evalReport, readEvalReport, reportTable, writeEvalReport } from './eval-report.ts';
import { metricTable } from './report.ts';

describe('eval report', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eval-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes atomically and reads back the same tables; NaN and missing become null', async () => {
    const table = metricTable({ bm25: { map: 0.2, mrr: Number.NaN }, default: { map: 0.3 } }, { metrics: ['map', 'mrr'] });
    const report = evalReport('jobskill eval', [reportTable('toy (3 queries)', table, 'graded')], new Date('2026-12-01T00:00:00Z'));
    const file = join(dir, 'nested', 'eval-report.json');
    await writeEvalReport(file, report);
    expect(await readdir(join(dir, 'nested'))).toEqual(['eval-report.json']);
    const back = await readEvalReport(file);
    expect(back).toEqual({
      schemaVersion: 1,
      createdAt: '2026-12-01T00:00:00.000Z',
      command: 'jobskill eval',
      tables: [
        {
          title: 'toy (3 queries)',
          description: 'graded',
          rowHeader: 'metric',
          columns: ['bm25', 'default'],
          rows: [
            { label: 'map', values: [0.2, 0.3] },
            { label: 'mrr', values: [null, null] },
          ],
        },
      ],
    });
    expect(JSON.parse(await readFile(file, 'utf8')).tables[0].rows[1].values).toEqual([null, null]);
  });

  it('answers null for no report and a typed error naming the file for a broken one', async () => {
    expect(await readEvalReport(join(dir, 'none.json'))).toBeNull();
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"schemaVersion": 2}');
    await expect(readEvalReport(bad)).rejects.toMatchObject({ code: 'INVALID_EVAL_REPORT', message: expect.stringContaining(`${bad}: not an eval report: schemaVersion`) });
    await writeFile(bad, 'not json');
    await expect(readEvalReport(bad)).rejects.toMatchObject({ code: 'INVALID_EVAL_REPORT', message: expect.stringContaining('not JSON') });
  });

  it('defaults to $JOBSKILL_CACHE_DIR/eval-report.json, else the repo cache', () => {
    expect(defaultEvalReportPath({ JOBSKILL_CACHE_DIR: '/tmp/cache' })).toBe('/tmp/cache/eval-report.json');
    expect(defaultEvalReportPath({})).toMatch(/\/\.jobskill-cache\/eval-report\.json$/);
  });
});
