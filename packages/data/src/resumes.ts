import { parseOptions } from './parse-options.ts';
import { z } from 'zod';
import { DataError } from './errors.ts';
import { RowIssues, type SkippedRow } from './rows.ts';
import { parseSkills } from './skills.ts';
import {
  TableFormatSchema,
  describe,
  inferTableFormat,
  mapTableRows,
  readTable,
  requireDeclaredKind,
  type Table,
  type TableRow,
} from './tabular.ts';

/** Column names of the reference dataset (`bhuvanmdev/resume_parser`), also the CSV/JSONL defaults. */
export const REFERENCE_RESUME_COLUMNS = Object.freeze({
  id: 'Unnamed: 0',
  resume: 'resume',
  name: 'name',
  contact: 'contact',
  skills: 'skills',
  companies: 'companies',
  totalYears: 'total_years',
});

export const ResumeColumnsSchema = z.object({
  id: z.string().min(1).optional(),
  resume: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  contact: z.string().min(1).optional(),
  skills: z.string().min(1).optional(),
  companies: z.string().min(1).optional(),
  totalYears: z.string().min(1).optional(),
});

export const LoadResumesOptionsSchema = z.object({
  /** Inferred from the extension (.parquet, .csv, .tsv, .jsonl/.ndjson) unless given. */
  format: TableFormatSchema.optional(),
  /**
   * Column names, default `REFERENCE_RESUME_COLUMNS`. The skills column must exist; other default
   * columns may be absent (their fields become null), but a column named here explicitly must exist.
   */
  columns: ResumeColumnsSchema.default({}),
  /** Skip bad rows (reported in `skipped`) instead of throwing the first DataError. */
  lenient: z.boolean().default(false),
});
export type LoadResumesOptions = z.input<typeof LoadResumesOptionsSchema>;

export interface ResumeRecord {
  /** 0-based row in the file. */
  row: number;
  /** 1-based line (CSV / JSONL). */
  line?: number;
  /** The id column's value as text, else the row number. */
  id: string;
  resume: string | null;
  name: string | null;
  contact: string | null;
  /** The skills field as written in the file (list values joined with ", "). */
  skillsRaw: string | null;
  /** `parseSkills(skillsRaw)`. */
  skills: string[];
  /** False when the skills field is null, empty or holds no skill: such resumes load, flagged. */
  hasSkills: boolean;
  companies: string | null;
  totalYears: string | null;
}

export interface LoadedResumes {
  records: ResumeRecord[];
  skipped: SkippedRow[];
}

type ResumeField = keyof typeof REFERENCE_RESUME_COLUMNS;
const TEXT_FIELDS = ['resume', 'name', 'contact', 'skills', 'companies', 'totalYears'] as const;

/**
 * Loads resumes from parquet (reference schema), CSV, TSV or JSONL. Text columns may hold null;
 * a list of strings (JSONL / parquet LIST) is joined with ", ". A value of another type is
 * WRONG_TYPE naming the row and column; a parquet column declared with a non-text type fails up front.
 */
export async function loadResumes(file: string, options?: LoadResumesOptions): Promise<LoadedResumes> {
  const parsed = parseOptions(LoadResumesOptionsSchema, options ?? {}, { what: 'loadResumes' });
  const format = inferTableFormat(file, parsed.format);
  const table = await readTable(file, format);
  const columns = resolveColumns(table, parsed.columns);
  for (const field of TEXT_FIELDS) {
    const column = columns[field];
    if (column !== undefined) requireDeclaredKind(table, column, ['string', 'list']);
  }
  if (columns.id !== undefined) requireDeclaredKind(table, columns.id, ['integer', 'string']);

  const issues = new RowIssues(file, parsed.lenient);
  const records = mapTableRows(table, issues, (row) => buildResume(row, columns, file));
  return { records, skipped: [...issues.skipped] };
}

function resolveColumns(
  table: Table,
  explicit: z.infer<typeof ResumeColumnsSchema>,
): Partial<Record<ResumeField, string>> {
  const resolved: Partial<Record<ResumeField, string>> = {};
  for (const field of Object.keys(REFERENCE_RESUME_COLUMNS) as ResumeField[]) {
    let column = explicit[field] ?? REFERENCE_RESUME_COLUMNS[field];
    // A file without the reference schema's pandas index column keeps its own `id` column as the id.
    if (field === 'id' && explicit.id === undefined && !table.columns.includes(column) && table.columns.includes('id')) column = 'id';
    const present = table.columns.includes(column);
    if (!present && (explicit[field] !== undefined || field === 'skills')) {
      throw new DataError(
        'MISSING_COLUMN',
        `missing ${field} column "${column}" (found: ${table.columns.join(', ') || 'none'})`,
        { file: table.file, field: column },
      );
    }
    if (present) resolved[field] = column;
  }
  return resolved;
}

function buildResume(row: TableRow, columns: Partial<Record<ResumeField, string>>, file: string): ResumeRecord {
  const where = { file, row: row.row, ...(row.line !== undefined ? { line: row.line } : {}) };
  const text = (field: (typeof TEXT_FIELDS)[number]): string | null => {
    const column = columns[field];
    return column === undefined ? null : toText(row.values[column], { ...where, field: column });
  };
  const skillsRaw = text('skills');
  const skills = parseSkills(skillsRaw);
  const idColumn = columns.id;
  const idValue = idColumn === undefined ? undefined : row.values[idColumn];
  let id = String(row.row);
  if (idValue !== undefined && idValue !== null) {
    if (typeof idValue !== 'string' && typeof idValue !== 'number' && typeof idValue !== 'bigint') {
      throw new DataError('WRONG_TYPE', `expected an id (text or integer), found ${describe(idValue)}`, {
        ...where,
        field: idColumn,
      });
    }
    id = String(idValue);
  }
  return {
    row: row.row,
    ...(row.line !== undefined ? { line: row.line } : {}),
    id,
    resume: text('resume'),
    name: text('name'),
    contact: text('contact'),
    skillsRaw,
    skills,
    hasSkills: skills.length > 0,
    companies: text('companies'),
    totalYears: text('totalYears'),
  };
}

/** Nullable text: string, number (e.g. total_years: 5) or list of strings; anything else is WRONG_TYPE. */
function toText(value: unknown, where: { file: string; row: number; line?: number; field: string }): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  throw new DataError('WRONG_TYPE', `expected text, a number or a list of strings, found ${describe(value)}`, where);
}
