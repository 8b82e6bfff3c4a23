// Rows/s of the batch path on this machine: 1 and 2 `jobskill worker` processes on a private redis-server, for
// each task, beside the same work in one process without a queue. Worker start-up (model loading) is timed apart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEscoOccupations, loadResumes, loadTextRows, resolveDataDir } from '@jobskill/data';
import { createLabeler, inputFromResume } from '@jobskill/labeling';
import { openDefaultSkillSearch } from '@jobskill/retrieval';
import { batchStatus, submitBatch } from '../src/index.ts';
import { redisAvailable, startRedis } from '../src/testing.ts';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const cliMain = join(repoRoot, 'apps/cli/src/main.ts');
const dataDir = resolveDataDir();
if (!redisAvailable()) {
  console.log('batch bench: skipped (no /usr/bin/redis-server; apt-get install redis-server)');
  process.exit(0);
}

function startWorker(url: string): Promise<{ child: ChildProcess; seconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--conditions=@jobskill/source', '--import', 'tsx', cliMain, '--data-dir', dataDir, 'worker', '--queue', url], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', () => {});
  return new Promise((resolveReady, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker ready')) resolveReady({ child, seconds: (performance.now() - started) / 1000 });
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}

async function runBatch(url: string, task: string, input: string, taskOptions: Record<string, unknown>, workers: number, chunkSize: number) {
  const out = mkdtempSync(join(tmpdir(), 'jobskill-batch-bench-'));
  const { manifest } = await submitBatch({ queue: url, task, in: input, out, chunkSize, taskOptions: { ...taskOptions, idCol: 'id' } });
  // The clock starts once every worker has loaded its models: start-up is reported apart.
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(url)));
  const started = performance.now();
  while (!(await batchStatus({ queue: url, batchId: manifest.batchId })).done) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  for (const { child } of children) child.kill('SIGTERM');
  rmSync(out, { recursive: true, force: true });
  return { rowsPerSecond: manifest.rows / seconds, startup: Math.max(...children.map((c) => c.seconds)) };
}

const dir = mkdtempSync(join(tmpdir(), 'jobskill-batch-bench-in-'));
const redis = await startRedis();
try {
  const resumes = await loadResumes(join(dataDir, 'resumes/resumes.parquet'));
  const rows = Array.from({ length: 40_000 }, (_, i) => resumes.records[i % resumes.records.length]!);
  const labelInput = join(dir, 'resumes.jsonl');
  writeFileSync(labelInput, rows.map((r, i) => JSON.stringify({ id: `r${i}`, skills: r.skillsRaw ?? '' })).join('\n'));
  const occupations = await loadEscoOccupations(join(dataDir, 'esco_v1.1.1/occupations_en.csv'));
  const titles = occupations.flatMap((o) => [o.preferredLabel, ...o.altLabels]).slice(0, 3000);
  const skillsInput = join(dir, 'titles.csv');
  writeFileSync(skillsInput, `id,title\n${titles.map((t, i) => `t${i},"${t.replaceAll('"', '""')}"`).join('\n')}\n`);

  const table: string[] = ['| task | rows | one process, no queue (rows/s) | 1 worker (rows/s) | 2 workers (rows/s) | worker start (s) |', '|---|---|---|---|---|---|'];
  {
    const labeler = await createLabeler('rules');
    const inputs = rows.map((r) => inputFromResume(r));
    const started = performance.now();
    for (let i = 0; i < inputs.length; i += 256) await labeler.label(inputs.slice(i, i + 256));
    const single = inputs.length / ((performance.now() - started) / 1000);
    const one = await runBatch(redis.url, 'label', labelInput, { labeler: 'rules' }, 1, 500);
    // Another chunk size: another batch id (the same submission is the same batch, already done).
    const two = await runBatch(redis.url, 'label', labelInput, { labeler: 'rules' }, 2, 499);
    table.push(`| label (rules) | ${rows.length} | ${single.toFixed(0)} | ${one.rowsPerSecond.toFixed(0)} | ${two.rowsPerSecond.toFixed(0)} | ${one.startup.toFixed(1)} |`);
  }
  {
    const search = await openDefaultSkillSearch({ dataDir });
    const loaded = await loadTextRows(skillsInput, { textCol: 'title', idCol: 'id' });
    const started = performance.now();
    for (let i = 0; i < loaded.records.length; i += 64) await search.retriever.searchMany(loaded.records.slice(i, i + 64).map((r) => r.text), { k: 10 });
    const single = loaded.records.length / ((performance.now() - started) / 1000);
    await search.close();
    const one = await runBatch(redis.url, 'skills', skillsInput, { k: 10 }, 1, 200);
    // Another chunk size: another batch id (the same submission is the same batch, already done).
    const two = await runBatch(redis.url, 'skills', skillsInput, { k: 10 }, 2, 199);
    table.push(`| skills (k=10, re-ranked) | ${titles.length} | ${single.toFixed(0)} | ${one.rowsPerSecond.toFixed(0)} | ${two.rowsPerSecond.toFixed(0)} | ${two.startup.toFixed(1)} |`);
  }
  console.log('batch throughput (BullMQ on a local redis-server; 2 cores shared by the workers and Redis):');
  console.log(table.join('\n'));
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
