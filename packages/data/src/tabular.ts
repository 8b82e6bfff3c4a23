import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parquetMetadata, parquetReadObjects, parquetSchema, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { z } from 'zod';
import { readCsv } from './csv.ts';
import { DataError } from './errors.ts';
import { parseJsonOrThrow } from './json.ts';
import { mapRows, type RowIssues } from './rows.ts';
import { assertReadableFile, readTextFile, splitLines } from './text-file.ts';

export const TableFormatSchema = z.enum(['csv', 'tsv', 'jsonl', 'parquet']);
export type TableFormat = z.infer<typeof TableFormatSchema>;

const EXTENSION_FORMATS: Record<string, TableFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/** Format from the explicit option, else from the file extension. */
export function inferTableFormat(file: string, override?: TableFormat): TableFormat {
  if (override) return override;
  const format = EXTENSION_FORMATS[extname(file).toLowerCase()];
  if (!format) {
    throw new DataError(
      'UNSUPPORTED_FORMAT',
      `cannot tell the format from the extension "${extname(file)}"; use one of ${Object.keys(EXTENSION_FORMATS).join(', ')} or pass format (${TableFormatSchema.options.join(' | ')})`,
      { file },
    );
  }
  return format;
}

/** Value kinds a column holds, as far as the file declares them (parquet) or we can tell (text). */
export type ColumnKind = 'string' | 'integer' | 'number' | 'boolean' | 'list' | 'other';

export interface TableRow {
  values: Record<string, unknown>;
  /** 0-based data row. */
  row: number;
  /** 1-based line for text formats. */
  line?: number;
}

interface BadRecord {
  error: DataError;
}

export interface Table {
  file: string;
  format: TableFormat;
  /** Column names present in the file (JSONL: keys of any record). */
  columns: string[];
  /** Declared column kinds (parquet only; text formats are checked value by value). */
  declaredKinds: Map<string, { kind: ColumnKind; physical: string }>;
  entries: (TableRow | BadRecord)[];
}

export async function readTable(file: string, format: TableFormat): Promise<Table> {
  switch (format) {
    case 'csv':
    case 'tsv': {
      const table = await readCsv(file, format === 'tsv' ? { delimiter: '\t', relaxQuotes: true } : {});
      return {
        file,
        format,
        columns: table.header,
        declaredKinds: new Map(),
        entries: table.entries.map((entry) =>
          'error' in entry ? { error: entry.error } : { values: entry.values, row: entry.row, line: entry.line },
        ),
      };
    }
    case 'jsonl':
      return readJsonl(file);
    case 'parquet':
      return readParquet(file);
  }
}

/** Maps entries in file order; bad records and DataErrors thrown by `build` go to `issues`. */
export function mapTableRows<T>(table: Table, issues: RowIssues, build: (row: TableRow) => T): T[] {
  return mapRows(table.entries, issues, build);
}

async function readJsonl(file: string): Promise<Table> {
  const lines = splitLines(await readTextFile(file));
  const columns = new Set<string>();
  const entries: (TableRow | BadRecord)[] = [];
  let row = 0;
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!;
    if (text.trim() === '') continue;
    const line = index + 1;
    try {
      const value = parseJsonOrThrow(text, { file, line, row });
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new DataError('MALFORMED_ROW', `expected a JSON object per line, found ${describe(value)}`, {
          file,
          line,
          row,
        });
      }
      for (const key of Object.keys(value)) columns.add(key);
      entries.push({ values: value as Record<string, unknown>, row, line });
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      const truncated = index === lines.length - 1 && error.code === 'BAD_JSON';
      entries.push({
        error: truncated
          ? new DataError('TRUNCATED_FILE', `${error.reason} in the last line: the file looks cut short`, {
              file,
              line,
              row,
            })
          : error,
      });
    }
    row++;
  }
  return { file, format: 'jsonl', columns: [...columns], declaredKinds: new Map(), entries };
}

const PARQUET_MAGIC = 0x31524150; // "PAR1" little-endian

async function readParquet(file: string): Promise<Table> {
  await assertReadableFile(file);
  const bytes = await readFile(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const view = new DataView(buffer);
  if (buffer.byteLength < 4 || view.getUint32(0, true) !== PARQUET_MAGIC) {
    throw new DataError('UNSUPPORTED_FORMAT', 'not a parquet file (no PAR1 magic at the start)', { file });
  }
  if (buffer.byteLength < 12 || view.getUint32(buffer.byteLength - 4, true) !== PARQUET_MAGIC) {
    throw new DataError(
      'TRUNCATED_FILE',
      'parquet footer missing (no PAR1 magic at the end): the file looks cut short',
      {
        file,
      },
    );
  }
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer);
  } catch (error) {
    throw new DataError(
      'CORRUPT_FILE',
      `unreadable parquet metadata: ${(error as Error).message}`,
      { file },
      { cause: error },
    );
  }
  const declaredKinds = new Map<string, { kind: ColumnKind; physical: string }>();
  for (const child of parquetSchema(metadata).children)
    declaredKinds.set(child.element.name, describeParquetColumn(child));

  let rows: Record<string, unknown>[];
  try {
    rows = (await parquetReadObjects({ file: buffer, metadata, compressors, utf8: true })) as Record<string, unknown>[];
  } catch (error) {
    throw new DataError(
      'CORRUPT_FILE',
      `cannot decode parquet data: ${(error as Error).message}`,
      { file },
      { cause: error },
    );
  }
  if (rows.length !== Number(metadata.num_rows)) {
    throw new DataError('CORRUPT_FILE', `footer declares ${metadata.num_rows} rows, decoded ${rows.length}`, { file });
  }
  return {
    file,
    format: 'parquet',
    columns: [...declaredKinds.keys()],
    declaredKinds,
    entries: rows.map((values, row) => ({ values, row })),
  };
}

function describeParquetColumn(node: SchemaTree): { kind: ColumnKind; physical: string } {
  const { type, converted_type: converted, logical_type: logical } = node.element;
  const physical = [type ?? 'GROUP', converted ?? logical?.type].filter(Boolean).join('/');
  if (node.children.length > 0)
    return { kind: converted === 'LIST' || logical?.type === 'LIST' ? 'list' : 'other', physical };
  switch (type) {
    case 'BYTE_ARRAY':
      return {
        kind:
          converted === undefined || converted === 'UTF8' || converted === 'JSON' || converted === 'ENUM'
            ? 'string'
            : 'other',
        physical,
      };
    case 'INT32':
    case 'INT64':
      return { kind: converted === 'DECIMAL' ? 'number' : 'integer', physical };
    case 'FLOAT':
    case 'DOUBLE':
      return { kind: 'number', physical };
    case 'BOOLEAN':
      return { kind: 'boolean', physical };
    default:
      return { kind: 'other', physical };
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return `a string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** Throws WRONG_TYPE when a parquet column is declared with a kind outside `allowed`. */
export function requireDeclaredKind(table: Table, column: string, allowed: readonly ColumnKind[]): void {
  const declared = table.declaredKinds.get(column);
  if (declared && !allowed.includes(declared.kind)) {
    throw new DataError(
      'WRONG_TYPE',
      `column "${column}" has parquet type ${declared.physical}; expected ${allowed.join(' or ')}`,
      { file: table.file, field: column },
    );
  }
}
