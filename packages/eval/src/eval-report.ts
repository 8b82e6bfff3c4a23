/**
 * The JSON eval report: the latest metric tables, written atomically by `jobskill eval` and the retrieval eval
 * script, read by the API (`GET /v1/eval/report`) for the web page's Evaluation view.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { JobskillError, resolveCacheDir, writeFileAtomic } from '@jobskill/data';
import type { MetricTable } from './report.ts';

export const EvalReportTableSchema = z.object({
  title: z.string().min(1),
  description: z.string().optional(),
  rowHeader: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.object({ label: z.string(), values: z.array(z.number().nullable()) })),
});
export type EvalReportTable = z.infer<typeof EvalReportTableSchema>;

export const EvalReportSchema = z.object({
  schemaVersion: z.literal(1),
  createdAt: z.string().describe('ISO 8601 time the report was written'),
  command: z.string().describe('what wrote it, e.g. "jobskill eval"'),
  tables: z.array(EvalReportTableSchema),
});
export type EvalReport = z.infer<typeof EvalReportSchema>;

/** File name of the report inside the cache directory. */
export const EVAL_REPORT_FILE = 'eval-report.json';

/**
 * Where the report goes unless told otherwise: `eval-report.json` in the cache dir (`$JOBSKILL_CACHE_DIR`, else
 * `<repo>/.jobskill-cache` in a checkout, beside the served index, else the user's cache dir).
 */
export function defaultEvalReportPath(env: Record<string, string | undefined> = process.env): string {
  const cacheDir = env.JOBSKILL_CACHE_DIR;
  return join(cacheDir ? resolve(cacheDir) : resolveCacheDir(), EVAL_REPORT_FILE);
}

/** A report table from a metric table (missing and NaN values become null: JSON has no NaN). */
export function reportTable(title: string, table: MetricTable, description?: string): EvalReportTable {
  return {
    title,
    ...(description !== undefined ? { description } : {}),
    rowHeader: table.rowHeader,
    columns: [...table.columns],
    rows: table.rows.map((r) => ({
      label: r.label,
      values: r.values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)),
    })),
  };
}

export function evalReport(command: string, tables: EvalReportTable[], now: Date = new Date()): EvalReport {
  return { schemaVersion: 1, createdAt: now.toISOString(), command, tables };
}

/** Writes the report atomically (temp file + rename): a reader never sees half a report. */
export async function writeEvalReport(file: string, report: EvalReport): Promise<void> {
  const checked = EvalReportSchema.parse(report);
  await writeFileAtomic(file, `${JSON.stringify(checked, null, 2)}\n`);
}

/** Reads a report; `null` when the file does not exist, `INVALID_EVAL_REPORT` when it is not a report. */
export async function readEvalReport(file: string): Promise<EvalReport | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new JobskillError('INVALID_EVAL_REPORT', `${file}: not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = EvalReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JobskillError('INVALID_EVAL_REPORT', `${file}: not an eval report: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
