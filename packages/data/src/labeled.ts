import { parseOptions } from './parse-options.ts';
import { z } from 'zod';
import { DataError } from './errors.ts';
import { RowIssues, type SkippedRow } from './rows.ts';
import {
  TableFormatSchema,
  describe,
  inferTableFormat,
  mapTableRows,
  readTable,
  requireDeclaredKind,
} from './tabular.ts';

export const LoadLabeledTextsOptionsSchema = z.object({
  textCol: z.string().min(1),
  labelCol: z.string().min(1),
  /** Inferred from the extension (.parquet, .csv, .tsv, .jsonl/.ndjson) unless given. */
  format: TableFormatSchema.optional(),
  /** Skip bad rows (reported in `skipped`) instead of throwing the first DataError. */
  lenient: z.boolean().default(false),
});
export type LoadLabeledTextsOptions = z.input<typeof LoadLabeledTextsOptionsSchema>;

export interface LabeledText {
  text: string;
  label: string;
  /** 0-based row in the file. */
  row: number;
  /** 1-based line (CSV / JSONL). */
  line?: number;
}

export interface LoadedLabeledTexts {
  records: LabeledText[];
  skipped: SkippedRow[];
}

/**
 * Loads a bring-your-own labeled set: one text column and one label column from CSV / TSV / JSONL /
 * parquet. An empty or missing text or label is INVALID_VALUE (a row that cannot be trained or
 * scored on); labels may be numbers (class ids) and are returned as text.
 */
export async function loadLabeledTexts(file: string, options: LoadLabeledTextsOptions): Promise<LoadedLabeledTexts> {
  const parsed = parseOptions(LoadLabeledTextsOptionsSchema, options, { what: 'loadLabeledTexts' });
  const table = await readTable(file, inferTableFormat(file, parsed.format));
  for (const column of [parsed.textCol, parsed.labelCol]) {
    if (!table.columns.includes(column)) {
      throw new DataError(
        'MISSING_COLUMN',
        `missing column "${column}" (found: ${table.columns.join(', ') || 'none'})`,
        {
          file,
          field: column,
        },
      );
    }
  }
  requireDeclaredKind(table, parsed.textCol, ['string']);
  requireDeclaredKind(table, parsed.labelCol, ['string', 'integer', 'boolean']);

  const issues = new RowIssues(file, parsed.lenient);
  const records = mapTableRows(table, issues, ({ values, row, line }): LabeledText => {
    const where = { file, row, ...(line !== undefined ? { line } : {}) };
    const text = values[parsed.textCol];
    if (typeof text !== 'string') {
      throw new DataError(
        text === null || text === undefined ? 'INVALID_VALUE' : 'WRONG_TYPE',
        `expected text, found ${text === undefined ? 'no value' : describe(text)}`,
        { ...where, field: parsed.textCol },
      );
    }
    if (text.trim() === '') throw new DataError('INVALID_VALUE', 'text is empty', { ...where, field: parsed.textCol });
    const rawLabel = values[parsed.labelCol];
    if (
      typeof rawLabel !== 'string' &&
      typeof rawLabel !== 'number' &&
      typeof rawLabel !== 'bigint' &&
      typeof rawLabel !== 'boolean'
    ) {
      throw new DataError(
        rawLabel === null || rawLabel === undefined ? 'INVALID_VALUE' : 'WRONG_TYPE',
        `expected a label (text or number), found ${rawLabel === undefined ? 'no value' : describe(rawLabel)}`,
        { ...where, field: parsed.labelCol },
      );
    }
    const label = String(rawLabel).trim();
    if (label === '') throw new DataError('INVALID_VALUE', 'label is empty', { ...where, field: parsed.labelCol });
    return { text, label, row, ...(line !== undefined ? { line } : {}) };
  });
  return { records, skipped: [...issues.skipped] };
}
