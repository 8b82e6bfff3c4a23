import { extname } from 'node:path';
import { z } from 'zod';
import { DataError } from './errors.ts';
import { RowIssues, type SkippedRow } from './rows.ts';
import { TableFormatSchema, describe, inferTableFormat, mapTableRows, readTable, requireDeclaredKind } from './tabular.ts';
import { readTextFile, splitLines } from './text-file.ts';

export const LoadTextRowsOptionsSchema = z.object({
  /** Column holding the text (tables; ignored for .txt files, where each non-empty line is one text). */
  textCol: z.string().min(1).default('text'),
  /** Column echoed as the row id (default: the row number). */
  idCol: z.string().min(1).optional(),
  /** Inferred from the extension (.txt, .csv, .tsv, .jsonl/.ndjson, .parquet) unless given. */
  format: z.union([TableFormatSchema, z.literal('txt')]).optional(),
  /** Longest text accepted (characters); a longer one is INVALID_VALUE naming the row, never read into a model. */
  maxTextLength: z.number().int().positive().default(1_000_000),
  /** Skip bad rows (reported in `skipped`) instead of throwing the first DataError. */
  lenient: z.boolean().default(false),
});
export type LoadTextRowsOptions = z.input<typeof LoadTextRowsOptionsSchema>;

export interface TextRow {
  /** 0-based row (table) or 0-based non-empty line (.txt). */
  row: number;
  /** 1-based line (text formats). */
  line?: number;
  /** The id column's value as text, else the row number. */
  id: string;
  text: string;
}

export interface LoadedTextRows {
  records: TextRow[];
  skipped: SkippedRow[];
}

/**
 * Loads one text per row: job titles, job ads, resumes. `.txt` files hold one text per line (blank lines are
 * not rows); tables name the text column. An empty, non-text or over-long text is a bad row (INVALID_VALUE /
 * WRONG_TYPE with row and field): thrown, or reported in `skipped` when lenient — never dropped silently.
 */
export async function loadTextRows(file: string, options: LoadTextRowsOptions = {}): Promise<LoadedTextRows> {
  const parsed = LoadTextRowsOptionsSchema.parse(options);
  const issues = new RowIssues(file, parsed.lenient);
  const checkLength = (text: string, where: { row: number; line?: number; field?: string }) => {
    if (text.length > parsed.maxTextLength) {
      throw new DataError('INVALID_VALUE', `text is ${text.length} characters, over the limit of ${parsed.maxTextLength}`, { file, ...where });
    }
  };
  const format = parsed.format ?? (extname(file).toLowerCase() === '.txt' ? 'txt' : inferTableFormat(file));
  if (format === 'txt') {
    const lines = splitLines(await readTextFile(file));
    const records: TextRow[] = [];
    let row = 0;
    lines.forEach((raw, i) => {
      const text = raw.trim();
      if (text === '') return;
      const record = issues.attempt(() => {
        checkLength(text, { row, line: i + 1 });
        return { row, line: i + 1, id: String(row), text };
      });
      if (record) records.push(record);
      row += 1;
    });
    return { records, skipped: [...issues.skipped] };
  }
  const table = await readTable(file, format);
  for (const column of [parsed.textCol, ...(parsed.idCol ? [parsed.idCol] : [])]) {
    if (!table.columns.includes(column)) {
      throw new DataError('MISSING_COLUMN', `missing column "${column}" (found: ${table.columns.join(', ') || 'none'})`, { file, field: column });
    }
  }
  requireDeclaredKind(table, parsed.textCol, ['string']);
  if (parsed.idCol) requireDeclaredKind(table, parsed.idCol, ['string', 'integer']);
  const records = mapTableRows(table, issues, ({ values, row, line }): TextRow => {
    const where = { file, row, ...(line !== undefined ? { line } : {}) };
    const value = values[parsed.textCol];
    if (typeof value !== 'string') {
      throw new DataError(
        value === null || value === undefined ? 'INVALID_VALUE' : 'WRONG_TYPE',
        `expected text, found ${value === undefined ? 'no value' : describe(value)}`,
        { ...where, field: parsed.textCol },
      );
    }
    const text = value.trim();
    if (text === '') throw new DataError('INVALID_VALUE', 'text is empty', { ...where, field: parsed.textCol });
    checkLength(text, { row, ...(line !== undefined ? { line } : {}), field: parsed.textCol });
    const rawId = parsed.idCol ? values[parsed.idCol] : undefined;
    const id = rawId === undefined || rawId === null || rawId === '' ? String(row) : String(rawId);
    return { row, ...(line !== undefined ? { line } : {}), id, text };
  });
  return { records, skipped: [...issues.skipped] };
}
