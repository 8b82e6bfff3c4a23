import { z } from 'zod';
import { DataError, type DataErrorCode } from './errors.ts';

export const RowLoaderOptionsSchema = z.object({
  /** Skip bad rows (reported in `skipped`) instead of throwing the first DataError. */
  lenient: z.boolean().default(false),
});
export type RowLoaderOptions = z.input<typeof RowLoaderOptionsSchema>;

/** A row a lenient loader left out, with where and why, so nothing is dropped silently. */
export interface SkippedRow {
  file: string;
  /** 1-based physical line (text formats). */
  line?: number;
  /** 0-based data row (record index after the header, or parquet row index). */
  row?: number;
  field?: string;
  code: DataErrorCode;
  reason: string;
}

/** An array of records that also carries the rows a lenient load skipped (empty in strict mode). */
export type LoadedRows<T> = T[] & { readonly skipped: readonly SkippedRow[] };

export function withSkipped<T>(records: T[], skipped: readonly SkippedRow[]): LoadedRows<T> {
  // Structural problems are found before value problems; report them in file order.
  const ordered = [...skipped].sort((a, b) => (a.line ?? a.row ?? 0) - (b.line ?? b.row ?? 0));
  // Non-enumerable so the array still prints / serialises / compares like a plain array.
  Object.defineProperty(records, 'skipped', { value: ordered, enumerable: false });
  return records as LoadedRows<T>;
}

export function toSkippedRow(error: DataError, file: string): SkippedRow {
  const skipped: SkippedRow = { file: error.file ?? file, code: error.code, reason: error.reason };
  if (error.line !== undefined) skipped.line = error.line;
  if (error.row !== undefined) skipped.row = error.row;
  if (error.field !== undefined) skipped.field = error.field;
  return skipped;
}

/**
 * Collects row-level problems: strict mode throws the first one, lenient mode records it and
 * lets the loader carry on without that row.
 */
export class RowIssues {
  readonly skipped: SkippedRow[] = [];
  constructor(
    readonly file: string,
    readonly lenient: boolean,
  ) {}

  report(error: DataError): void {
    if (!this.lenient) throw error;
    this.skipped.push(toSkippedRow(error, this.file));
  }

  /** Runs `build` for one row; a DataError it throws is reported and `undefined` returned. */
  attempt<T>(build: () => T): T | undefined {
    try {
      return build();
    } catch (error) {
      if (error instanceof DataError) {
        this.report(error);
        return undefined;
      }
      throw error;
    }
  }
}

/**
 * Maps table entries in file order: records a reader could not split (`{ error }`) and DataErrors thrown by
 * `build` go to `issues` (strict: the first one throws; lenient: recorded and skipped). Shared by the CSV
 * reader and the CSV/JSONL/parquet table reader.
 */
export function mapRows<Row extends object, T>(
  entries: readonly (Row | { error: DataError })[],
  issues: RowIssues,
  build: (row: Row) => T,
): T[] {
  const out: T[] = [];
  for (const entry of entries) {
    if ('error' in entry) {
      issues.report(entry.error);
      continue;
    }
    const value = issues.attempt(() => build(entry));
    if (value !== undefined) out.push(value);
  }
  return out;
}
