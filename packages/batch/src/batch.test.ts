import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobskillError } from '@jobskill/data';
import { createLabeler } from '@jobskill/labeling';
import { redisAvailable, startRedis, type RedisUnderTest } from './testing.ts';
import { batchStatus, collectBatch, parseQueueUrl, startBatchWorker, submitBatch, BATCH_TASKS, retryFailedChunks } from './index.ts';
import { runInBlocks } from './tasks/run-rows.ts';
import type { BatchTask } from './tasks/types.ts';

const haveRedis = redisAvailable();
if (!haveRedis && process.env.CI) throw new Error('redis-server is missing: .ci/run installs it (apt-get install redis-server)');

describe('parseQueueUrl', () => {
  it('reads host, port and db, and refuses what is not redis://', () => {
    expect(parseQueueUrl('redis://10.0.0.5:6380/2')).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, maxRetriesPerRequest: null });
    expect(parseQueueUrl('redis://localhost')).toMatchObject({ host: 'localhost', port: 6379 });
    for (const bad of ['localhost:6379', 'http://127.0.0.1:6379', 'redis://127.0.0.1:6379/x']) {
      expect(() => parseQueueUrl(bad)).toThrowError(expect.objectContaining({ code: 'INVALID_QUEUE_URL' }));
    }
  });
});

describe('runInBlocks', () => {
  it('isolates a poison row: its neighbours in the block still get their output', async () => {
    const rows = [0, 1, 2, 3, 4].map((i) => ({ index: i, id: `r${i}`, input: i === 3 ? 'poison' : `t${i}` }));
    const outcomes = await runInBlocks(rows, 4, async (block) =>
      block.map((row) => {
        if (row.input === 'poison') throw new JobskillError('INVALID_VALUE', 'cannot eat this');
        return { echo: row.input };
      }),
    );
    expect(outcomes.map((o) => o.index)).toEqual([0, 1, 2, 3, 4]);
    expect(outcomes[3]).toMatchObject({ stage: 'worker', error: { code: 'INVALID_VALUE', message: 'cannot eat this' } });
    expect(outcomes[2]).toMatchObject({ output: { echo: 't2' } });
  });
});

describe.skipIf(!haveRedis)('batch on a real redis-server (in-process worker)', () => {
  let redis: RedisUnderTest;
  let dir: string;
  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'jobskill-batch-'));
  });
  afterAll(async () => {
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('label: submit is idempotent, collect refuses before the end, then writes every row once in input order', async () => {
    const input = join(dir, 'resumes.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 23; i++) {
      if (i === 7) lines.push('{"id": "r7", "skills": ');
      else if (i === 12) lines.push(JSON.stringify({ id: `r${i}`, skills: { nested: true } }));
      else lines.push(JSON.stringify({ id: `r${i}`, skills: i % 2 === 0 ? 'Python, SQL, machine learning, pandas' : 'C#, ASP.NET, SQL Server' }));
    }
    writeFileSync(input, `${lines.join('\n')}\n`);
    const out = join(dir, 'label-out');
    const submit = () => submitBatch({ queue: redis.url, task: 'label', taskOptions: { labeler: 'rules', idCol: 'id' }, in: input, out, chunkSize: 5 });
    const first = await submit();
    expect(first.manifest).toMatchObject({ rows: 23, chunks: 5, task: 'label' });
    expect(first.added).toBe(5);
    expect(first.manifest.rejected.map((r) => r.index)).toEqual([7, 12]);
    expect((await submit()).added).toBe(0);

    const before = await batchStatus({ queue: redis.url, out });
    expect(before.byState.waiting).toBe(5);
    expect(before.done).toBe(false);
    await expect(collectBatch({ queue: redis.url, out })).rejects.toMatchObject({ code: 'BATCH_INCOMPLETE' });

    const worker = startBatchWorker({ queue: redis.url, lockMs: 5000 });
    try {
      await worker.ready();
      for (let i = 0; i < 200 && !(await batchStatus({ queue: redis.url, out })).done; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.close();
    }
    const status = await batchStatus({ queue: redis.url, batchId: first.manifest.batchId });
    expect(status).toMatchObject({ done: true, rowsDone: 21, deadLetters: 2 });

    const report = await collectBatch({ queue: redis.url, out });
    expect(report).toMatchObject({ rows: 23, written: 21, deadLetters: 2 });
    const results = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(results.map((r) => r.row)).toEqual([...Array(23).keys()].filter((i) => i !== 7 && i !== 12));
    // The batch answers what the labeler answers in one process.
    const labeler = await createLabeler('rules');
    const direct = await labeler.label([{ skills: ['Python', 'SQL', 'machine learning', 'pandas'] }, { skills: ['C#', 'ASP.NET', 'SQL Server'] }]);
    expect(direct[0]!.role).not.toEqual(direct[1]!.role);
    expect(results.find((r) => r.row === 0)).toMatchObject({ id: 'r0', labeler: 'rules', role: direct[0]!.role, score: direct[0]!.score });
    expect(results.find((r) => r.row === 1)).toMatchObject({ id: 'r1', role: direct[1]!.role, evidence: direct[1]!.evidence });
    const dead = readFileSync(join(out, 'dead-letter.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(dead.map((d) => [d.index, d.stage])).toEqual([[7, 'input'], [12, 'input']]);
    expect(dead[0].error.message).toMatch(/line 8/);
    expect(dead[1].error).toMatchObject({ code: 'WRONG_TYPE' });
  });

  it('a poison row in a worker becomes a dead letter; a task that cannot open fails its chunks, reported, and retry re-queues them', async () => {
    let openFails = true;
    const echo: BatchTask<{ tag: string }> = {
      name: 'echo',
      parseOptions: (value) => ({ tag: String((value as { tag?: string })?.tag ?? 'x') }),
      async readInput(file) {
        const rows = readFileSync(file, 'utf8').trim().split('\n').map((text, index) => ({ index, id: `e${index}`, input: text }));
        return { rows, rejected: [] };
      },
      async open(options) {
        if (options.tag === 'broken' && openFails) throw new JobskillError('MODEL_NOT_FOUND', 'no model here');
        return {
          run: (rows) =>
            runInBlocks(rows, 10, async (block) =>
              block.map((row) => {
                if (row.input === 'poison') throw new JobskillError('INVALID_VALUE', `row ${row.index} is poison`);
                return { text: row.input, tag: options.tag };
              }),
            ),
          close: async () => {},
        };
      },
    };
    const tasks = Object.freeze({ ...BATCH_TASKS, echo });
    const input = join(dir, 'echo.txt');
    writeFileSync(input, ['a', 'b', 'poison', 'd', 'e', 'f'].join('\n'));
    const okOut = join(dir, 'echo-ok');
    const brokenOut = join(dir, 'echo-broken');
    await submitBatch({ queue: redis.url, task: 'echo', taskOptions: { tag: 'fine' }, in: input, out: okOut, chunkSize: 4 }, tasks);
    await submitBatch({ queue: redis.url, task: 'echo', taskOptions: { tag: 'broken' }, in: input, out: brokenOut, chunkSize: 4, attempts: 1 }, tasks);
    const worker = startBatchWorker({ queue: redis.url, lockMs: 5000 }, tasks);
    try {
      await worker.ready();
      const settled = async () => {
        const a = await batchStatus({ queue: redis.url, out: okOut });
        const b = await batchStatus({ queue: redis.url, out: brokenOut });
        return a.done && b.byState.failed === 2;
      };
      for (let i = 0; i < 200 && !(await settled()); i++) await new Promise((r) => setTimeout(r, 50));

      const report = await collectBatch({ queue: redis.url, out: okOut });
      expect(report).toMatchObject({ rows: 6, written: 5, deadLetters: 1 });
      const dead = JSON.parse(readFileSync(join(okOut, 'dead-letter.jsonl'), 'utf8'));
      expect(dead).toMatchObject({ index: 2, stage: 'worker', error: { code: 'INVALID_VALUE' } });

      const broken = await batchStatus({ queue: redis.url, out: brokenOut });
      expect(broken.failed.map((f) => f.chunk)).toEqual([0, 1]);
      expect(broken.failed[0]!.error).toMatch(/no model here/);
      await expect(collectBatch({ queue: redis.url, out: brokenOut })).rejects.toThrow(/chunk 0 failed: no model here/);

      openFails = false;
      expect(await retryFailedChunks({ queue: redis.url, out: brokenOut })).toEqual({ retried: 2 });
      for (let i = 0; i < 200 && !(await batchStatus({ queue: redis.url, out: brokenOut })).done; i++) await new Promise((r) => setTimeout(r, 50));
      expect((await collectBatch({ queue: redis.url, out: brokenOut })).written).toBe(5);
    } finally {
      await worker.close();
    }
  });

  it('bad submissions are typed errors naming what is wrong', async () => {
    const out = join(dir, 'bad');
    await expect(submitBatch({ queue: redis.url, task: 'sing', in: join(dir, 'x'), out })).rejects.toMatchObject({ code: 'UNKNOWN_TASK' });
    await expect(submitBatch({ queue: redis.url, task: 'label', in: join(dir, 'missing.jsonl'), out })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    writeFileSync(join(dir, 'ok.jsonl'), '{"skills":"python"}\n');
    await expect(submitBatch({ queue: redis.url, task: 'label', taskOptions: { labeler: 'psychic' }, in: join(dir, 'ok.jsonl'), out })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
      message: expect.stringMatching(/labeler/),
    });
    await expect(batchStatus({ queue: redis.url, out: join(dir, 'never-submitted') })).rejects.toMatchObject({ code: 'BATCH_NOT_FOUND' });
  });
});
