import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirPath, JobskillError } from '@jobskill/data';
import { readTrecRun } from '@jobskill/eval';
import { writeTinyEncoder } from '@jobskill/encoders/testing';
import { createEncoder } from '@jobskill/encoders';
import { defaultEncoderDir } from '@jobskill/encoders';
import { defaultRerankerDir } from '../rerank/ltr-reranker.ts';
import { DEFAULT_TASKB_DIRS, runTaskBEval, type TaskBEvalReport, type TaskBProgress } from './run-taskb-eval.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const dataDir = dataDirPath();
const validation = join(dataDir, 'talentclef2025_taskB/validation');
const modelsBuilt = existsSync(join(defaultEncoderDir(), 'config.json')) && existsSync(join(defaultRerankerDir(), 'model.json'));
const SYSTEMS = ['bm25', 'encoder-exact', 'encoder-ann', 'encoder+prf', 'encoder+graph', 'encoder+ltr', 'encoder+jobads', 'default'];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobskill-run-taskb-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The first 25 validation queries with the whole validation corpus and their qrels (written to a temp dir). */
async function validationSubset(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const queries = readFileSync(join(validation, 'queries'), 'utf8').trimEnd().split('\n').slice(0, 26);
  const ids = new Set(queries.slice(1).map((l) => l.split('\t')[0]));
  const qrels = readFileSync(join(validation, 'qrels.tsv'), 'utf8').trimEnd().split('\n').filter((l) => ids.has(l.split('\t')[0]));
  await writeFile(join(dir, 'queries'), `${queries.join('\n')}\n`);
  await writeFile(join(dir, 'corpus_elements'), await readFile(join(validation, 'corpus_elements')));
  await writeFile(join(dir, 'qrels.tsv'), `${qrels.join('\n')}\n`);
}

describe.runIf(modelsBuilt && existsSync(validation))('runTaskBEval with the embedded models (real data)', () => {
  let report: TaskBEvalReport;
  const progress: TaskBProgress[] = [];
  const notes: string[] = [];
  beforeAll(async () => {
    await validationSubset(join(root, 'validation-subset'));
    report = await runTaskBEval({
      dataDir,
      dirs: ['talentclef2026_taskB_toy', join(root, 'validation-subset')],
      runDir: join(root, 'runs'),
      onProgress: (e) => progress.push(e),
      onNote: (l) => notes.push(l),
    });
  }, 600_000);

  it('evaluates every system on every directory, in table order (relative dirs inside the data dir)', () => {
    expect(report.skipped).toEqual([]);
    expect(notes).toEqual([]);
    expect(report.evaluations.map((e) => e.name)).toEqual(['talentclef2026_taskB_toy', 'validation-subset']);
    expect(report.evaluations[0]!.dir).toBe(join(dataDir, 'talentclef2026_taskB_toy'));
    for (const e of report.evaluations) expect(Object.keys(e.systems)).toEqual(SYSTEMS);
    // BM25 needs no model: its figure is fixed by the data and the metric code (as `pnpm jobskill eval`).
    expect(report.evaluations[0]!.systems.bm25!.binary.map).toBeCloseTo(0.3462, 4);
    const subset = report.evaluations[1]!.systems;
    expect(subset['encoder-exact']!.binary.map).toBeGreaterThan(subset.bm25!.binary.map!);
    expect(Math.abs(subset['encoder-ann']!.binary.map! - subset['encoder-exact']!.binary.map!)).toBeLessThan(0.01);
  });

  it('reports progress per directory and system', () => {
    expect(progress.filter((p) => p.dir === join(root, 'validation-subset')).map((p) => [p.system, p.done, p.total])).toEqual([
      [undefined, 0, SYSTEMS.length],
      ...SYSTEMS.map((s, i) => [s, i + 1, SYSTEMS.length]),
    ]);
  });

  it('writes complete TREC runs; graph evidence changes the encoder ranking where the corpus is ESCO', async () => {
    const dir = join(root, 'runs', 'validation-subset');
    const exact = await readTrecRun(join(dir, 'encoder+prf.trec'));
    const graph = await readTrecRun(join(dir, 'encoder+graph.trec'));
    const served = await readTrecRun(join(dir, 'default.trec'));
    expect(exact.size).toBe(25);
    for (const run of [exact, graph, served]) for (const list of run.values()) expect(list).toHaveLength(1439);
    const top = (run: typeof exact) => [...run.values()].map((l) => l.slice(0, 10).map((h) => h.docId).join());
    const changed = top(graph).filter((t, i) => t !== top(exact)[i]).length;
    expect(changed).toBeGreaterThan(12); // most top-10s move with the graph votes
    // Job-ad evidence (the TechWolf training vacancies' skills) moves the served ranking away from encoder + PRF.
    const jobAdsChanged = top(served).filter((t, i) => t !== top(exact)[i]).length;
    expect(jobAdsChanged).toBeGreaterThan(12);
    // The toy corpus has made-up ESCO URIs: no graph votes and no job-ad skill in it, so encoder+graph and default
    // keep the encoder's figures.
    const toy = report.evaluations[0]!.systems;
    expect(toy['encoder+graph']!.binary.map).toBeCloseTo(toy['encoder+prf']!.binary.map!, 10);
    expect(toy.default!.binary.map).toBeCloseTo(toy['encoder+prf']!.binary.map!, 10);
  });
});

describe('runTaskBEval without the embedded re-ranker', () => {
  it('an encoder the re-ranker was not trained with drops `encoder+ltr` with a note; the other systems run', { timeout: 600_000 }, async () => {
    await writeTinyEncoder(join(root, 'tiny'));
    const encoder = await createEncoder({ model: join(root, 'tiny') });
    const notes: string[] = [];
    try {
      const report = await runTaskBEval({ dataDir, dirs: [resolve(here, '../__fixtures__/taskb-tiny')], encoder, onNote: (l) => notes.push(l) });
      expect(Object.keys(report.evaluations[0]!.systems)).toEqual(SYSTEMS.filter((s) => s !== 'encoder+ltr'));
      expect(report.skipped.map((s) => s.system)).toEqual(['encoder+ltr']);
      expect(notes[0]).toMatch(/^system "encoder\+ltr" skipped: /);
      expect(existsSync(join(root, 'runs', 'taskb-tiny'))).toBe(false); // runDir defaults to none
    } finally {
      await encoder.dispose();
    }
  });

  it('a missing data directory is refused before any model loads', async () => {
    const error = await runTaskBEval({ dataDir: join(root, 'nope') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobskillError);
    expect((error as JobskillError).code).toBe('DATA_DIR_NOT_FOUND');
    expect(DEFAULT_TASKB_DIRS).toEqual(['talentclef2025_taskB/validation', 'talentclef2026_taskB_toy']);
  });
});
