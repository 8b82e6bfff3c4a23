import { Worker, type Job } from 'bullmq';
import { parseOptions } from '@jobskill/data';
import { z } from 'zod';
import { parseQueueUrl } from './connection.ts';
import { DEFAULT_QUEUE_NAME } from './submit.ts';
import { BATCH_TASKS, batchTask } from './tasks/registry.ts';
import type { BatchRow, BatchTask, BatchTaskRunner, RowOutcome } from './tasks/types.ts';

export const BatchWorkerOptionsSchema = z
  .object({
    queue: z.string().min(1),
    queueName: z.string().regex(/^[A-Za-z0-9_-]+$/).default(DEFAULT_QUEUE_NAME),
    /** Chunks processed at once by this process (the tasks are CPU-bound: 1 per process, one process per core). */
    concurrency: z.number().int().min(1).max(64).default(1),
    /**
     * How long a chunk stays locked to this worker without a renewal. A worker that dies (SIGKILL, lost machine)
     * stops renewing; after this the chunk is moved back to the queue for another worker.
     */
    lockMs: z.number().int().min(500).max(600_000).default(30_000),
    /** A chunk that stalled this many times (its worker died each time) fails instead of looping. */
    maxStalled: z.number().int().min(1).max(100).default(5),
    /** Data directory for tasks that read ESCO (skills). */
    dataDir: z.string().min(1).optional(),
    log: z.custom<(line: string) => void>((v) => typeof v === 'function').optional(),
  })
  .strict();
export type BatchWorkerOptions = z.input<typeof BatchWorkerOptionsSchema>;

export interface ChunkJobData {
  batchId: string;
  task: string;
  options: unknown;
  chunk: number;
  rows: BatchRow[];
}

export interface ChunkResult {
  outcomes: RowOutcome[];
}

export interface BatchWorker {
  /** Chunks this process completed. */
  readonly completed: number;
  /** Resolves when the worker is connected and taking chunks. */
  ready(): Promise<void>;
  /** Finishes the chunks in hand, then disconnects (what SIGTERM does). */
  close(): Promise<void>;
}

/**
 * A BullMQ worker that runs batch chunks. Task models are opened once per (task, options) and reused across
 * chunks. Exactly-once output comes from BullMQ's locks: a chunk's result is stored with its completion, and a
 * worker that lost the lock (it was presumed dead) cannot complete it any more.
 */
export function startBatchWorker(options: BatchWorkerOptions, tasks: Readonly<Record<string, BatchTask<any>>> = BATCH_TASKS): BatchWorker {
  const opts = parseOptions(BatchWorkerOptionsSchema, options, { what: 'batch worker' });
  const log = opts.log ?? (() => {});
  const runners = new Map<string, Promise<BatchTaskRunner>>();
  const runnerFor = (task: BatchTask<any>, taskOptions: unknown): Promise<BatchTaskRunner> => {
    const key = `${task.name}\u0000${JSON.stringify(taskOptions)}`;
    let runner = runners.get(key);
    if (!runner) {
      runner = task.open(task.parseOptions(taskOptions), { dataDir: opts.dataDir });
      // A failed open (missing model) must be retried on the next chunk, not cached.
      runner.catch(() => runners.delete(key));
      runners.set(key, runner);
    }
    return runner;
  };
  let completed = 0;
  const worker = new Worker<ChunkJobData, ChunkResult>(
    opts.queueName,
    async (job: Job<ChunkJobData, ChunkResult>) => {
      const task = batchTask(job.data.task, tasks);
      const runner = await runnerFor(task, job.data.options);
      const outcomes = await runner.run(job.data.rows);
      return { outcomes };
    },
    {
      connection: parseQueueUrl(opts.queue),
      concurrency: opts.concurrency,
      lockDuration: opts.lockMs,
      stalledInterval: Math.max(250, Math.floor(opts.lockMs / 2)),
      maxStalledCount: opts.maxStalled,
    },
  );
  worker.on('completed', (job) => {
    completed += 1;
    log(`chunk ${job.data.chunk} of batch ${job.data.batchId} done (${job.data.rows.length} rows)`);
  });
  worker.on('failed', (job, error) => log(`chunk ${job?.data.chunk ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`));
  // Connection loss (Redis restarting) is reported here; ioredis reconnects and the worker carries on.
  worker.on('error', (error) => log(`queue error: ${error.message}`));
  return {
    get completed() {
      return completed;
    },
    ready: () => worker.waitUntilReady().then(() => undefined),
    async close() {
      await worker.close();
      for (const runner of runners.values()) await runner.then((r) => r.close(), () => undefined);
    },
  };
}
