import { Queue, type Job } from 'bullmq';
import { parseQueueUrl } from './connection.ts';
import { chunkJobId, loadManifest, type BatchManifest } from './manifest.ts';
import { DEFAULT_QUEUE_NAME } from './submit.ts';
import type { ChunkJobData, ChunkResult } from './worker.ts';

export interface BatchLocator {
  queue: string;
  queueName?: string;
  /** The folder given to submit (holds manifest.json) … */
  out?: string;
  /** … or the batch id (its manifest is kept in Redis too). */
  batchId?: string;
}

export type ChunkState = 'completed' | 'active' | 'waiting' | 'delayed' | 'failed' | 'missing';

export interface BatchStatus {
  batchId: string;
  task: string;
  rows: number;
  chunks: number;
  byState: Record<ChunkState, number>;
  /** Rows of completed chunks. */
  rowsDone: number;
  /** Dead letters so far: rejected at submit + failed rows of completed chunks. */
  deadLetters: number;
  /** Chunks that used up their attempts, with the last error. */
  failed: { chunk: number; attempts: number; error: string }[];
  done: boolean;
}

export async function withQueue<T>(locator: BatchLocator, use: (queue: Queue, manifest: BatchManifest) => Promise<T>): Promise<T> {
  const queue = new Queue(locator.queueName ?? DEFAULT_QUEUE_NAME, { connection: parseQueueUrl(locator.queue) });
  try {
    const manifest = await loadManifest(queue, {
      ...(locator.out !== undefined ? { outDir: locator.out } : {}),
      ...(locator.batchId !== undefined ? { batchId: locator.batchId } : {}),
    });
    return await use(queue, manifest);
  } finally {
    await queue.close();
  }
}

export async function chunkJobs(queue: Queue, manifest: BatchManifest): Promise<(Job<ChunkJobData, ChunkResult> | undefined)[]> {
  const jobs: (Job<ChunkJobData, ChunkResult> | undefined)[] = [];
  for (let start = 0; start < manifest.chunks; start += 200) {
    const ids = Array.from({ length: Math.min(200, manifest.chunks - start) }, (_, i) => chunkJobId(manifest.batchId, start + i));
    jobs.push(...(await Promise.all(ids.map((id) => queue.getJob(id) as Promise<Job<ChunkJobData, ChunkResult> | undefined>))));
  }
  return jobs;
}

export async function stateOf(job: Job | undefined): Promise<ChunkState> {
  if (!job) return 'missing';
  const state = await job.getState();
  if (state === 'completed' || state === 'active' || state === 'delayed' || state === 'failed') return state;
  return state === 'unknown' ? 'missing' : 'waiting';
}

/** Progress of a batch from Redis: chunks by state, rows done, dead letters, failed chunks. */
export function batchStatus(locator: BatchLocator): Promise<BatchStatus> {
  return withQueue(locator, async (queue, manifest) => {
    const byState: Record<ChunkState, number> = { completed: 0, active: 0, waiting: 0, delayed: 0, failed: 0, missing: 0 };
    let rowsDone = 0;
    let deadLetters = manifest.rejected.length;
    const failed: BatchStatus['failed'] = [];
    const jobs = await chunkJobs(queue, manifest);
    for (const [chunk, job] of jobs.entries()) {
      const state = await stateOf(job);
      byState[state] += 1;
      if (state === 'completed' && job?.returnvalue) {
        rowsDone += job.returnvalue.outcomes.length;
        deadLetters += job.returnvalue.outcomes.filter((o) => 'error' in o).length;
      }
      if (state === 'failed') failed.push({ chunk, attempts: job?.attemptsMade ?? 0, error: job?.failedReason ?? 'unknown' });
    }
    return {
      batchId: manifest.batchId,
      task: manifest.task,
      rows: manifest.rows,
      chunks: manifest.chunks,
      byState,
      rowsDone,
      deadLetters,
      failed,
      done: byState.completed === manifest.chunks,
    };
  });
}

/** Puts failed chunks back in the queue (after the cause was fixed: a model installed, a worker upgraded). */
export function retryFailedChunks(locator: BatchLocator): Promise<{ retried: number }> {
  return withQueue(locator, async (queue, manifest) => {
    let retried = 0;
    for (const job of await chunkJobs(queue, manifest)) {
      if (job && (await job.getState()) === 'failed') {
        await job.retry('failed');
        retried += 1;
      }
    }
    return { retried };
  });
}
