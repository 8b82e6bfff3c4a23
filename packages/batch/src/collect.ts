import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { JobskillError, tempPathFor, writeFileAtomic } from '@jobskill/data';
import { chunkJobs, stateOf, withQueue, type BatchLocator } from './status.ts';
import type { DeadLetter, RowOutcome } from './tasks/types.ts';

export const RESULTS_FILE = 'results.jsonl';
export const DEAD_LETTER_FILE = 'dead-letter.jsonl';

export interface CollectReport {
  batchId: string;
  rows: number;
  written: number;
  deadLetters: number;
  results: string;
  deadLetter: string;
}

/**
 * Writes the batch's output once every chunk is done: `results.jsonl` (one line per processed row, input order)
 * and `dead-letter.jsonl` (rows rejected at submit or failed in a worker, with the error), both atomically.
 * Every input row is in exactly one of the two, once; anything else is refused (BATCH_INCOMPLETE /
 * BATCH_INCONSISTENT), never written half.
 */
export function collectBatch(locator: BatchLocator & { out: string }): Promise<CollectReport> {
  return withQueue(locator, async (queue, manifest) => {
    const jobs = await chunkJobs(queue, manifest);
    const pending: string[] = [];
    for (const [chunk, job] of jobs.entries()) {
      const state = await stateOf(job);
      if (state !== 'completed') pending.push(state === 'failed' ? `chunk ${chunk} failed: ${job?.failedReason ?? 'unknown'}` : `chunk ${chunk} ${state}`);
    }
    if (pending.length > 0) {
      throw new JobskillError(
        'BATCH_INCOMPLETE',
        `batch ${manifest.batchId}: ${pending.length} of ${manifest.chunks} chunks not done (${pending.slice(0, 5).join('; ')}${pending.length > 5 ? '; …' : ''}); see \`jobskill batch status\`${pending.some((p) => p.includes('failed')) ? ', `jobskill batch retry` after fixing the cause' : ''}`,
      );
    }
    const outDir = resolve(locator.out);
    await mkdir(outDir, { recursive: true });
    const resultsFile = join(outDir, RESULTS_FILE);
    const tmp = tempPathFor(resultsFile);
    const dead: DeadLetter[] = [...manifest.rejected];
    const seen = new Set<number>(manifest.rejected.map((d) => d.index));
    let written = 0;
    const stream = createWriteStream(tmp);
    try {
      for (const job of jobs) {
        for (const outcome of (job!.returnvalue.outcomes as RowOutcome[])) {
          if (seen.has(outcome.index)) throw new JobskillError('BATCH_INCONSISTENT', `batch ${manifest.batchId}: row ${outcome.index} came out twice`);
          seen.add(outcome.index);
          if ('error' in outcome) {
            dead.push(outcome);
            continue;
          }
          if (!stream.write(`${JSON.stringify({ row: outcome.index, id: outcome.id, ...(outcome.output as object) })}\n`)) await once(stream, 'drain');
          written += 1;
        }
      }
      stream.end();
      await once(stream, 'finish');
      if (seen.size !== manifest.rows) {
        throw new JobskillError('BATCH_INCONSISTENT', `batch ${manifest.batchId}: ${seen.size} rows came out of ${manifest.rows}`);
      }
      dead.sort((a, b) => a.index - b.index);
      const deadFile = join(outDir, DEAD_LETTER_FILE);
      await writeFileAtomic(deadFile, dead.map((d) => `${JSON.stringify(d)}\n`).join(''));
      await rename(tmp, resultsFile);
      return { batchId: manifest.batchId, rows: manifest.rows, written, deadLetters: dead.length, results: resultsFile, deadLetter: deadFile };
    } catch (error) {
      stream.destroy();
      await rm(tmp, { force: true });
      throw error;
    }
  });
}
