import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchStatus, parseQueueUrl } from '@jobskill/batch';
import { redisAvailable, startRedis, type RedisUnderTest } from '@jobskill/batch/testing';
import { execCli, spawnCli } from '../__fixtures__/spawn-cli.ts';

const haveRedis = redisAvailable();
if (!haveRedis && process.env.CI) throw new Error('redis-server is missing: .ci/run installs it (apt-get install redis-server)');

const ROWS = 40_000;
const CHUNK = 2_000;

function writeResumes(file: string): void {
  const skills = ['Python, SQL, machine learning', 'C#, ASP.NET, SQL Server', 'Java, Spring, Hibernate', 'Photoshop, Illustrator'];
  const lines = Array.from({ length: ROWS }, (_, i) => JSON.stringify({ id: `r${i}`, skills: skills[i % skills.length] }));
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** A `jobskill worker` process, resolved once it printed its ready line. */
async function startWorker(url: string): Promise<ChildProcess> {
  const child = spawnCli(['worker', '--queue', url, '--lock-ms', '1500']);
  let out = '';
  // Drain stderr (a line per chunk): a full pipe would block the worker, whose writes to a pipe are synchronous.
  child.stderr!.on('data', () => {});
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready in 60 s: ${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ready: ${out}`)));
  });
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Chunks completed, read after a restart (the append-only file kept them). */
async function redisCompleted(redis: RedisUnderTest): Promise<number> {
  await redis.start();
  const queue = new Queue('jobskill-batch', { connection: parseQueueUrl(redis.url) });
  try {
    return await queue.getCompletedCount();
  } finally {
    await queue.close();
  }
}

function expectEveryRowOnceInOrder(out: string): void {
  const rows = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { row: number; id: string });
  expect(rows.length).toBe(ROWS);
  rows.forEach((r, i) => {
    if (r.row !== i || r.id !== `r${i}`) throw new Error(`line ${i + 1} holds row ${r.row} (${r.id})`);
  });
  expect(readFileSync(join(out, 'dead-letter.jsonl'), 'utf8')).toBe('');
}

describe.skipIf(!haveRedis)('jobskill batch: worker processes against a real redis-server, with faults', () => {
  let redis: RedisUnderTest;
  let dir: string;
  let input: string;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'jobskill-batch-e2e-'));
    input = join(dir, 'resumes.jsonl');
    writeResumes(input);
  });
  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a worker SIGKILLed mid-chunk: the chunk is retried by the two other workers; every row comes out once, in order', { timeout: 240_000 }, async () => {
    const out = join(dir, 'killed');
    const submitted = await execCli(['--json', 'batch', 'submit', '--queue', redis.url, '--task', 'label', '--in', input, '--out', out, '--chunk-size', String(CHUNK), '--id-col', 'id']);
    expect(submitted.stderr).toBe('');
    expect(JSON.parse(submitted.stdout)).toMatchObject({ rows: ROWS, chunks: ROWS / CHUNK, added: ROWS / CHUNK });

    const queue = new Queue('jobskill-batch', { connection: parseQueueUrl(redis.url) });
    try {
      // Freeze the only worker while it holds a chunk (SIGSTOP: it cannot finish it), then kill it.
      const victim = await startWorker(redis.url);
      workers.push(victim);
      let held: string | undefined;
      for (let tries = 0; tries < 400 && held === undefined; tries++) {
        const [active] = await queue.getActive();
        if (active) {
          victim.kill('SIGSTOP');
          if ((await active.getState()) === 'active') held = active.id;
          else victim.kill('SIGCONT');
        } else await new Promise((r) => setTimeout(r, 5));
      }
      expect(held, 'caught the worker holding a chunk').toBeDefined();
      const exited = new Promise((resolve) => victim.once('exit', resolve));
      victim.kill('SIGKILL');
      await exited;

      const rescuers = [await startWorker(redis.url), await startWorker(redis.url)];
      workers.push(...rescuers);
      await waitUntil(async () => (await batchStatus({ queue: redis.url, out })).done, 120_000, 'the batch to finish');
      const job = await queue.getJob(held!);
      expect(job!.stalledCounter + job!.attemptsStarted).toBeGreaterThanOrEqual(2);
      for (const w of rescuers) await stopWorker(w);
    } finally {
      await queue.close();
    }

    const status = await execCli(['batch', 'status', '--queue', redis.url, '--out', out]);
    expect(status.stdout).toMatch(new RegExp(`done — ${ROWS} of ${ROWS} rows processed, 0 dead letters`));
    const collected = await execCli(['--json', 'batch', 'collect', '--queue', redis.url, '--out', out]);
    expect(JSON.parse(collected.stdout)).toMatchObject({ rows: ROWS, written: ROWS, deadLetters: 0 });
    expectEveryRowOnceInOrder(out);
  });

  it('Redis killed and restarted mid-run: the workers reconnect, the batch resumes, nothing lost or duplicated', { timeout: 240_000 }, async () => {
    const out = join(dir, 'restarted');
    // Another chunk size: another batch id for the same input. Small chunks: the run lasts long enough to cut it.
    const submitted = await execCli(['--json', 'batch', 'submit', '--queue', redis.url, '--task', 'label', '--in', input, '--out', out, '--chunk-size', '50', '--id-col', 'id']);
    const batchId = JSON.parse(submitted.stdout).batchId as string;
    const pair = [await startWorker(redis.url), await startWorker(redis.url)];
    workers.push(...pair);
    const queue = new Queue('jobskill-batch', { connection: parseQueueUrl(redis.url) });
    const finishedBefore = await queue.getCompletedCount();
    // A cheap count, polled often: the batch must still be running when Redis goes down.
    await waitUntil(async () => (await queue.getCompletedCount()) >= finishedBefore + 3, 60_000, 'three chunks done');
    await queue.close();
    await redis.kill();
    expect((await redisCompleted(redis)) - finishedBefore, 'Redis went down mid-run').toBeLessThan(ROWS / 50);
    await waitUntil(async () => (await batchStatus({ queue: redis.url, batchId })).done, 120_000, 'the batch to finish after the restart');
    for (const w of pair) {
      expect(w.exitCode, 'worker survived the restart').toBeNull();
      await stopWorker(w);
    }
    const collected = await execCli(['--json', 'batch', 'collect', '--queue', redis.url, '--out', out]);
    expect(JSON.parse(collected.stdout)).toMatchObject({ rows: ROWS, written: ROWS, deadLetters: 0 });
    expectEveryRowOnceInOrder(out);
  });

  it('bad input exits 1 with one line: a queue URL that is not redis://, an unknown task, a batch never submitted', async () => {
    const bad = await execCli(['batch', 'submit', '--queue', 'http://127.0.0.1:1', '--task', 'label', '--in', input, '--out', join(dir, 'x')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/only redis:\/\/ URLs/);
    const unknown = await execCli(['batch', 'submit', '--queue', redis.url, '--task', 'sing', '--in', input, '--out', join(dir, 'x')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown batch task "sing"; valid: label, skills/);
    const never = await execCli(['batch', 'collect', '--queue', redis.url, '--out', join(dir, 'never')]);
    expect(never.code).toBe(1);
    expect(never.stderr).toMatch(/no batch manifest/);
  });
});
