import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobskillError } from './errors.ts';
import { formatDataSummary, summarizeDataDir } from './summary.ts';
import { fixture, realDataDir, scratchDir } from './__fixtures__/paths.ts';

describe('summarizeDataDir on the real data directory', () => {
  it('counts rows per source, resumes with/without skills and every Task B directory', async () => {
    const summary = await summarizeDataDir(realDataDir);
    const rows = Object.fromEntries(summary.files.map((f) => [f.path, f.status === 'ok' ? f.rows : f.status]));
    expect(rows).toEqual({
      'resumes/resumes.parquet': 220,
      'resumes_dataturks_ner/resumes_flat.derived.jsonl': 220,
      'resumes_dataturks_ner/entity_recognition_in_resumes.jsonl': 220,
      'esco_v1.1.1/skills_en.csv': 13896,
      'esco_v1.1.1/occupations_en.csv': 3007,
      'esco_v1.1.1/occupationSkillRelations.csv': 123855,
      'esco_v1.1.1/skillsHierarchy_en.csv': 647,
      'esco_v1.1.1/ISCOGroups_en.csv': 619,
      'esco_v1.2.0_occupations/occupations_en.csv': 3039,
      'talentclef2025_taskB/training/jobid2terms.json': 3039,
    });
    expect(summary.files.find((f) => f.path.endsWith('occupationSkillRelations.csv'))?.details).toEqual({
      essential: 64946,
      optional: 58909,
    });
    expect(summary.resumes).toEqual([
      { path: 'resumes/resumes.parquet', total: 220, withSkills: 183, withoutSkills: 37 },
      { path: 'resumes_dataturks_ner/resumes_flat.derived.jsonl', total: 220, withSkills: 183, withoutSkills: 37 },
    ]);
    expect(summary.taskB).toEqual([
      {
        name: 'talentclef2025_taskB/validation',
        queries: 152,
        corpus: 1439,
        qrels: 13118,
        queriesWithQrels: 152,
        queriesWithoutQrels: 0,
        unknownQrelIds: 0,
        gradeLevels: { '1': 13118 },
        graded: false,
        relevantPerQuery: { min: 27, median: 81, max: 179, mean: 86.3 },
      },
      {
        name: 'talentclef2026_taskB_toy',
        queries: 10,
        corpus: 30,
        qrels: 56,
        queriesWithQrels: 10,
        queriesWithoutQrels: 0,
        unknownQrelIds: 0,
        gradeLevels: { '1': 25, '2': 31 },
        graded: true,
        relevantPerQuery: { min: 4, median: 5, max: 8, mean: 5.6 },
      },
    ]);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
    const text = formatDataSummary(summary);
    expect(text).toContain('talentclef2026_taskB_toy');
    expect(text).toMatch(/talentclef2026_taskB_toy\s+10\s+30\s+56\s+10\s+2:31 1:25\s+4 \/ 5 \/ 8/);
    expect(text).toMatch(/resumes\/resumes\.parquet\s+220\s+183\s+37/);
  });
});

describe('summarizeDataDir on a partial directory', () => {
  it('reports absent sources as missing, broken ones as errors, and finds any Task B layout', async () => {
    const scratch = await scratchDir();
    try {
      await cp(fixture('taskb-mini'), join(scratch.dir, 'my-split', 'dev'), { recursive: true });
      await mkdir(join(scratch.dir, 'broken'), { recursive: true });
      await writeFile(join(scratch.dir, 'broken', 'queries'), 'q_id\tjobtitle\nq1\tnurse\n');
      await writeFile(join(scratch.dir, 'broken', 'corpus_elements'), "c_id\tesco_uri\tskill_aliases\nc1\tu\t['a\n");
      await mkdir(join(scratch.dir, 'resumes'));
      await writeFile(join(scratch.dir, 'resumes', 'resumes.parquet'), 'PAR1 cut');

      const summary = await summarizeDataDir(scratch.dir);
      expect(summary.files.filter((f) => f.status === 'missing')).toHaveLength(summary.files.length - 1);
      expect(summary.files[0]).toMatchObject({
        path: 'resumes/resumes.parquet',
        status: 'error',
        error: { code: 'TRUNCATED_FILE' },
      });
      expect(summary.resumes).toEqual([]);
      expect(summary.taskB.map((t) => [t.name, t.error?.code ?? 'ok'])).toEqual([
        ['broken', 'BAD_LIST_LITERAL'],
        ['my-split/dev', 'ok'],
      ]);
      expect(summary.taskB[1]).toMatchObject({
        queries: 2,
        corpus: 3,
        qrels: 3,
        gradeLevels: { '0': 1, '1': 1, '2': 1 },
        graded: true,
        // q2's only judgement has grade 0: it counts as a query with qrels but 0 relevant.
        relevantPerQuery: { min: 0, median: 1, max: 2, mean: 1 },
      });
      const text = formatDataSummary(summary);
      expect(text).toContain('missing');
      expect(text).toContain('broken: ');
    } finally {
      await scratch.cleanup();
    }
  });

  it('throws a JobskillError for a data directory that does not exist', async () => {
    await expect(summarizeDataDir('/nonexistent/jobskill-data')).rejects.toBeInstanceOf(JobskillError);
  });
});
