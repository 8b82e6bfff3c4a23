import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { JobskillError, parseOptions } from '@jobskill/data';
import { z } from 'zod';
import { parseQueueUrl } from './connection.ts';
import { chunkJobId, saveManifest, type BatchManifest } from './manifest.ts';
import { BATCH_TASKS, batchTask } from './tasks/registry.ts';
import type { BatchRow, BatchTask } from './tasks/types.ts';

export const DEFAULT_QUEUE_NAME = 'jobskill-batch';

export const SubmitBatchOptionsSchema = z
  .object({
    /** `redis://HOST:PORT[/DB]`. */
    queue: z.string().min(1),
    queueName: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only').default(DEFAULT_QUEUE_NAME),
    task: z.string().min(1),
    /** Task options (validated by the task). */
    taskOptions: z.record(z.string(), z.unknown()).default({}),
    in: z.string().min(1),
    /** Folder for the manifest and, after `collect`, the output. */
    out: z.string().min(1),
    /** Rows per chunk: the unit of work, retry and progress. */
    chunkSize: z.number().int().min(1).max(100_000).default(500),
    /** Tries per chunk before it counts as failed (a worker killed mid-chunk does not use one up). */
    attempts: z.number().int().min(1).max(100).default(5),
  })
  .strict();
export type SubmitBatchOptions = z.input<typeof SubmitBatchOptionsSchema>;

export interface SubmitBatchResult {
  manifest: BatchManifest;
  /** Chunks added by this call (0 when the same batch was already submitted: submit is idempotent). */
  added: number;
}

/**
 * Reads the input once, splits it into chunks and queues them. The batch id is a hash of the task, its options,
 * the chunk size and the input's bytes, and chunk ids derive from it: submitting the same batch again adds
 * nothing (BullMQ ignores a job id it already has).
 */
export async function submitBatch(options: SubmitBatchOptions, tasks: Readonly<Record<string, BatchTask<any>>> = BATCH_TASKS): Promise<SubmitBatchResult> {
  const opts = parseOptions(SubmitBatchOptionsSchema, options, { what: 'batch submit' });
  const task = batchTask(opts.task, tasks);
  const taskOptions = task.parseOptions(opts.taskOptions);
  const file = resolve(opts.in);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new JobskillError('FILE_NOT_FOUND', `cannot read --in ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const input = await task.readInput(file, taskOptions);
  const batchId = createHash('sha256')
    .update(JSON.stringify({ task: task.name, taskOptions, chunkSize: opts.chunkSize, sha256 }))
    .digest('hex')
    .slice(0, 20);
  const rows = [...input.rows].sort((a, b) => a.index - b.index);
  const chunks: BatchRow[][] = [];
  for (let i = 0; i < rows.length; i += opts.chunkSize) chunks.push(rows.slice(i, i + opts.chunkSize));

  const queue = new Queue(opts.queueName, { connection: parseQueueUrl(opts.queue) });
  try {
    const manifest: BatchManifest = {
      batchId,
      task: task.name,
      options: taskOptions,
      input: { file, sha256, bytes: bytes.length },
      queueName: opts.queueName,
      chunkSize: opts.chunkSize,
      chunks: chunks.length,
      rows: rows.length + input.rejected.length,
      rejected: input.rejected,
      submittedAt: new Date().toISOString(),
    };
    let added = 0;
    for (let start = 0; start < chunks.length; start += 200) {
      const block = chunks.slice(start, start + 200).map((chunkRows, offset) => {
        const chunk = start + offset;
        return {
          name: task.name,
          data: { batchId, task: task.name, options: taskOptions, chunk, rows: chunkRows },
          opts: {
            jobId: chunkJobId(batchId, chunk),
            attempts: opts.attempts,
            backoff: { type: 'exponential' as const, delay: 1000 },
            removeOnComplete: false,
            removeOnFail: false,
          },
        };
      });
      const before = await Promise.all(block.map((job) => queue.getJob(job.opts.jobId)));
      added += before.filter((job) => job === undefined).length;
      await queue.addBulk(block);
    }
    await saveManifest(queue, resolve(opts.out), manifest);
    return { manifest, added };
  } finally {
    await queue.close();
  }
}
