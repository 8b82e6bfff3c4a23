import { parse, type CsvError } from 'csv-parse/sync';
import { DataError } from './errors.ts';
import { mapRows, type RowIssues } from './rows.ts';
import { readTextFile } from './text-file.ts';

/** One data record of a delimited text file, keyed by header name. */
export interface CsvRow {
  values: Record<string, string>;
  /** 0-based record index after the header. */
  row: number;
  /** 1-based line where the record starts (records may span lines inside quotes). */
  line: number;
}

/** A record that could not be split into the header's fields, kept in file order beside the good ones. */
interface CsvBadRecord {
  error: DataError;
  line: number;
}

export interface CsvTable {
  file: string;
  header: string[];
  /** Good rows and structurally bad records, in file order. */
  entries: (CsvRow | CsvBadRecord)[];
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * Longest record (characters) a CSV/TSV may hold. A record over it is refused before it is materialized: one
 * 50 MB cell would otherwise cost gigabytes on its way through parsing and labeling.
 */
export const MAX_CSV_RECORD_CHARS = 4_000_000;

export interface ReadCsvOptions {
  /** Longest record in characters (default MAX_CSV_RECORD_CHARS). */
  maxRecordChars?: number;
  delimiter?: string;
  /**
   * Fewest fields a record may have; shorter records get '' for the missing trailing fields.
   * Default: the header's length. (ESCO's skillsHierarchy omits empty trailing columns.)
   */
  minFields?: number;
  /** Keep quotes that appear inside unquoted fields as text (pandas-written TSVs). */
  relaxQuotes?: boolean;
}

/**
 * Reads a CSV (RFC 4180: quoted fields may hold delimiters, quotes and line breaks) with csv-parse.
 * File-level problems (missing, empty) throw; record-level problems (wrong field count, broken
 * quoting, an unclosed quote at the end = truncated file) are kept as entries so that
 * `mapCsvRows` reports them in file order, strict or lenient.
 */
export async function readCsv(file: string, options: ReadCsvOptions = {}): Promise<CsvTable> {
  const text = await readTextFile(file);
  const parseErrors: CsvError[] = [];
  const parsed = parse(text, {
    delimiter: options.delimiter ?? ',',
    bom: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: options.relaxQuotes ?? false,
    skip_records_with_error: true,
    max_record_size: options.maxRecordChars ?? MAX_CSV_RECORD_CHARS,
    on_skip: (error: CsvError | undefined) => {
      if (error) parseErrors.push(error);
    },
  }) as unknown as ParsedRecord[];

  // csv-parse stops at an over-long record: the records after it were never read, so this cannot be a skipped row.
  const tooLong = parseErrors.find((error) => error.code === 'CSV_MAX_RECORD_SIZE');
  if (tooLong) {
    const limit = options.maxRecordChars ?? MAX_CSV_RECORD_CHARS;
    throw new DataError('INVALID_VALUE', `a record is over the limit of ${limit} characters (a field this large is not a resume or a title); split or trim it`, {
      file,
      ...(typeof tooLong.lines === 'number' ? { line: tooLong.lines } : {}),
      ...(typeof tooLong.records === 'number' ? { row: Math.max(0, tooLong.records - 1) } : {}),
    });
  }
  const first = parsed[0];
  if (!first) {
    if (parseErrors[0]) throw csvErrorToDataError(parseErrors[0], file);
    throw new DataError('EMPTY_FILE', 'file has no header line', { file });
  }
  const header = first.record.map((name) => name.trim());
  const minFields = Math.min(options.minFields ?? header.length, header.length);
  const entries: (CsvRow | CsvBadRecord)[] = parseErrors.map((error) => {
    const bad = csvErrorToDataError(error, file);
    return { error: bad, line: bad.line ?? Number.MAX_SAFE_INTEGER };
  });
  for (let index = 1; index < parsed.length; index++) {
    const { record, raw, info } = parsed[index]!;
    const line = info.lines - countLineBreaks(raw) + (raw.endsWith('\n') ? 1 : 0);
    const row = index - 1;
    if (record.length < minFields || record.length > header.length) {
      const truncated = index === parsed.length - 1 && record.length < minFields && parseErrors.length === 0;
      entries.push({
        line,
        error: new DataError(
          truncated ? 'TRUNCATED_FILE' : 'MALFORMED_ROW',
          `expected ${header.length} fields (${header.join(', ')}), found ${record.length}` +
            (truncated ? ' in the last record: the file looks cut short' : ''),
          { file, line, row, field: header[Math.min(record.length, header.length - 1)] },
        ),
      });
      continue;
    }
    const values: Record<string, string> = {};
    for (let column = 0; column < header.length; column++) values[header[column]!] = record[column] ?? '';
    entries.push({ values, row, line });
  }
  if (parseErrors.length > 0) entries.sort((a, b) => a.line - b.line);
  return { file, header, entries };
}

/**
 * Maps the rows of a table in file order; bad records and DataErrors thrown by `build` go to
 * `issues` (strict: the first one throws; lenient: recorded and skipped).
 */
export function mapCsvRows<T>(table: CsvTable, issues: RowIssues, build: (row: CsvRow) => T): T[] {
  return mapRows(table.entries, issues, build);
}

/** Throws MISSING_COLUMN naming the first required column the header lacks. */
export function requireColumns(header: readonly string[], required: readonly string[], file: string): void {
  for (const column of required) {
    if (!header.includes(column)) {
      throw new DataError('MISSING_COLUMN', `missing column "${column}" (found: ${header.join(', ') || 'none'})`, {
        file,
        line: 1,
        field: column,
      });
    }
  }
}

function csvErrorToDataError(error: CsvError, file: string): DataError {
  const detail = error as CsvError & { lines?: number };
  const where = { file, ...(detail.lines !== undefined ? { line: detail.lines } : {}) };
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new DataError('TRUNCATED_FILE', 'a quoted field is never closed: the file looks cut short', where, {
      cause: error,
    });
  }
  return new DataError('MALFORMED_ROW', `malformed CSV (${error.code}): ${error.message}`, where, { cause: error });
}

function countLineBreaks(raw: string): number {
  let count = 0;
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) === 10) count++;
  return count;
}
