/**
 * Typed errors for everything the toolkit reads. Each names where the problem is
 * (file, 1-based line or 0-based row, field) so a user can fix their input.
 */
import { errorSpec } from './error-catalogue.ts';
import type { ErrorCode, ErrorSpec } from './error-catalogue.ts';

/** The codes a `DataError` (bad input file) carries; all of them are in the error catalogue. */
export type DataErrorCode = Extract<
  ErrorCode,
  | 'FILE_NOT_FOUND'
  | 'EMPTY_FILE'
  | 'TRUNCATED_FILE'
  | 'MISSING_COLUMN'
  | 'WRONG_TYPE'
  | 'MALFORMED_ROW'
  | 'BAD_LIST_LITERAL'
  | 'BAD_JSON'
  | 'UNSUPPORTED_FORMAT'
  | 'CORRUPT_FILE'
  | 'CHECKSUM_MISMATCH'
  | 'DOWNLOAD_FAILED'
  | 'INVALID_VALUE'
  | 'ENCRYPTED_FILE'
  | 'NO_TEXT_LAYER'
>;

export interface DataErrorLocation {
  file?: string;
  /** 1-based physical line in a text file. */
  line?: number;
  /** 0-based data row (parquet row index, or record index after the header). */
  row?: number;
  field?: string;
}

export class JobskillError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JobskillError';
    this.code = code;
  }

  /** HTTP status, CLI exit code and kind of this error, from the catalogue. */
  get spec(): ErrorSpec {
    return errorSpec(this.code);
  }
}

export class DataError extends JobskillError {
  override readonly code: DataErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly row: number | undefined;
  readonly field: string | undefined;
  /** The message without the location prefix. */
  readonly reason: string;

  constructor(code: DataErrorCode, reason: string, where: DataErrorLocation = {}, options?: { cause?: unknown }) {
    super(code, `${formatLocation(where)}${reason}`, options);
    this.name = 'DataError';
    this.code = code;
    this.reason = reason;
    this.file = where.file;
    this.line = where.line;
    this.row = where.row;
    this.field = where.field;
  }
}

function formatLocation(where: DataErrorLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.line !== undefined) parts.push(`line ${where.line}`);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  if (where.field !== undefined) parts.push(`field "${where.field}"`);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}
