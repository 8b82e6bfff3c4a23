import { JobskillError, type SkippedRow } from '@jobskill/data';
import type { BatchRow, DeadLetter, RowError, RowOutcome } from './types.ts';

export function rowError(error: unknown): RowError {
  if (error instanceof JobskillError) return { code: error.code, message: error.message };
  return { code: 'TASK_FAILED', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs `many` over a block of rows; when the block throws, runs the rows one by one so a poison row becomes
 * a dead letter and its neighbours still get their output. Yields to the event loop between blocks so the
 * worker keeps renewing its lock on long chunks.
 */
export async function runInBlocks<O>(
  rows: readonly BatchRow[],
  blockSize: number,
  many: (rows: readonly BatchRow[]) => Promise<O[]>,
): Promise<RowOutcome[]> {
  const out: RowOutcome[] = [];
  for (let start = 0; start < rows.length; start += blockSize) {
    const block = rows.slice(start, start + blockSize);
    try {
      const outputs = await many(block);
      block.forEach((row, i) => out.push({ index: row.index, id: row.id, output: outputs[i] }));
    } catch {
      for (const row of block) {
        try {
          const [output] = await many([row]);
          out.push({ index: row.index, id: row.id, output });
        } catch (error) {
          out.push({ index: row.index, id: row.id, stage: 'worker', error: rowError(error) });
        }
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

/**
 * Rows a lenient reader left out become dead letters at their input row. A reader error with no row (a record
 * it could not even split) gets a unique negative index: reported first, never merged with another.
 */
export function rejectedRows(skipped: readonly SkippedRow[]): DeadLetter[] {
  return skipped.map((s, i) => {
    const index = s.row ?? -(i + 1);
    const where = [s.line !== undefined ? `line ${s.line}` : null, s.field !== undefined ? `field "${s.field}"` : null].filter(Boolean).join(', ');
    return { index, id: String(index), stage: 'input', error: { code: s.code, message: where ? `${where}: ${s.reason}` : s.reason } };
  });
}
