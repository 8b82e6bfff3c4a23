import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JobskillError, writeFileAtomic } from '@jobskill/data';
import type { Queue } from 'bullmq';
import type { DeadLetter } from './tasks/types.ts';

/** What `batch submit` wrote: enough for `status` and `collect` on any machine that reaches the same Redis. */
export interface BatchManifest {
  batchId: string;
  task: string;
  options: unknown;
  input: { file: string; sha256: string; bytes: number };
  queueName: string;
  chunkSize: number;
  chunks: number;
  /** Rows of the input, including the rejected ones. */
  rows: number;
  /** Row indexes of the input, in order (rejected rows included): every one must come out once. */
  rejected: DeadLetter[];
  submittedAt: string;
}

export const MANIFEST_FILE = 'manifest.json';
const manifestKey = (queueName: string, batchId: string) => `jobskill:${queueName}:batch:${batchId}`;

export function chunkJobId(batchId: string, chunk: number): string {
  // BullMQ custom ids may not contain ':' nor be integers.
  return `${batchId}-c${chunk}`;
}

export async function saveManifest(queue: Queue, outDir: string, manifest: BatchManifest): Promise<void> {
  const client = await queue.client;
  await client.set(manifestKey(manifest.queueName, manifest.batchId), JSON.stringify(manifest));
  await writeFileAtomic(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The manifest of `--out DIR` (written by submit), else the one in Redis for `--batch ID`. */
export async function loadManifest(queue: Queue, where: { outDir?: string; batchId?: string }): Promise<BatchManifest> {
  if (where.batchId !== undefined) {
    const client = await queue.client;
    const text = await client.get(manifestKey(queue.name, where.batchId));
    if (text === null) throw new JobskillError('BATCH_NOT_FOUND', `no batch "${where.batchId}" on queue "${queue.name}" (was it submitted to this Redis?)`);
    return JSON.parse(text) as BatchManifest;
  }
  if (where.outDir === undefined) throw new JobskillError('INVALID_OPTION', 'name the batch: --out DIR (as given to submit) or --batch ID');
  const file = join(where.outDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new JobskillError('BATCH_NOT_FOUND', `no batch manifest at ${file}: run \`jobskill batch submit --out ${where.outDir}\` first`);
  }
  return JSON.parse(text) as BatchManifest;
}
