import { parseOptions } from './parse-options.ts';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { DataError } from './errors.ts';
import { ListLiteralError, parsePythonStringList } from './python-list.ts';
import { loadQrels, type Qrel } from './qrels.ts';
import {
  RowIssues,
  RowLoaderOptionsSchema,
  withSkipped,
  type LoadedRows,
  type RowLoaderOptions,
  type SkippedRow,
} from './rows.ts';
import { parseJsonOrThrow } from './json.ts';
import { readTextFile } from './text-file.ts';
import { mapCsvRows, readCsv, requireColumns, type CsvTable } from './csv.ts';

export interface TaskBQuery {
  qId: string;
  jobTitle: string;
}

export interface TaskBCorpusElement {
  cId: string;
  escoUri: string;
  aliases: string[];
}

export interface TaskBData {
  /** Directory name, e.g. `validation`. */
  name: string;
  /** Absolute directory path. */
  dir: string;
  queries: TaskBQuery[];
  corpus: TaskBCorpusElement[];
  /** `null` when the directory has no qrels file (e.g. a test split). */
  qrels: Qrel[] | null;
  /** Rows skipped by a lenient load (always empty in strict mode). */
  skipped: SkippedRow[];
}

/** File names of a TalentCLEF Task B directory (upstream ships them without extension). */
export const TASK_B_FILES = Object.freeze({
  queries: ['queries', 'queries.tsv'],
  corpus: ['corpus_elements', 'corpus_elements.tsv'],
  qrels: ['qrels.tsv', 'qrels', 'q_rels', 'q_rels.tsv'],
} as const);

export function findTaskBFile(dir: string, kind: keyof typeof TASK_B_FILES): string | undefined {
  for (const name of TASK_B_FILES[kind]) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** True when `dir` has the two files every Task B split has (queries + corpus_elements). */
export function isTaskBDir(dir: string): boolean {
  return findTaskBFile(dir, 'queries') !== undefined && findTaskBFile(dir, 'corpus') !== undefined;
}

function checkUnique(
  seen: Set<string>,
  id: string,
  where: { file: string; line: number; row: number; field: string },
): void {
  if (id === '') throw new DataError('INVALID_VALUE', 'id must not be empty', where);
  if (seen.has(id)) throw new DataError('INVALID_VALUE', `duplicate id ${JSON.stringify(id)}`, where);
  seen.add(id);
}

/**
 * Task B TSVs are written by pandas: tab-separated with CSV quoting, so a field holding a double
 * quote is wrapped in quotes with inner quotes doubled (35 corpus rows of the 2025 validation split).
 */
async function readTaskBTsv(file: string, columns: readonly string[]): Promise<CsvTable> {
  const table = await readCsv(file, { delimiter: '\t', relaxQuotes: true });
  requireColumns(table.header, columns, file);
  return table;
}

/** Reads a Task B `queries` TSV (header `q_id<TAB>jobtitle`). */
export async function loadTaskBQueries(file: string, options?: RowLoaderOptions): Promise<LoadedRows<TaskBQuery>> {
  const { lenient } = parseOptions(RowLoaderOptionsSchema, options ?? {}, { what: 'loader' });
  const table = await readTaskBTsv(file, ['q_id', 'jobtitle']);
  const issues = new RowIssues(file, lenient);
  const seen = new Set<string>();
  const queries = mapCsvRows(table, issues, ({ values, line, row }): TaskBQuery => {
    const qId = values.q_id!.trim();
    checkUnique(seen, qId, { file, line, row, field: 'q_id' });
    const jobTitle = values.jobtitle!.trim();
    if (jobTitle === '') {
      throw new DataError('INVALID_VALUE', 'job title is empty', { file, line, row, field: 'jobtitle' });
    }
    return { qId, jobTitle };
  });
  return withSkipped(queries, issues.skipped);
}

/** Reads a Task B `corpus_elements` TSV (header `c_id<TAB>esco_uri<TAB>skill_aliases`, aliases a Python list literal). */
export async function loadTaskBCorpus(
  file: string,
  options?: RowLoaderOptions,
): Promise<LoadedRows<TaskBCorpusElement>> {
  const { lenient } = parseOptions(RowLoaderOptionsSchema, options ?? {}, { what: 'loader' });
  const table = await readTaskBTsv(file, ['c_id', 'esco_uri', 'skill_aliases']);
  const issues = new RowIssues(file, lenient);
  const seen = new Set<string>();
  const corpus = mapCsvRows(table, issues, ({ values, line, row }): TaskBCorpusElement => {
    const cId = values.c_id!.trim();
    checkUnique(seen, cId, { file, line, row, field: 'c_id' });
    const escoUri = values.esco_uri!.trim();
    if (escoUri === '') {
      throw new DataError('INVALID_VALUE', 'esco_uri is empty', { file, line, row, field: 'esco_uri' });
    }
    let aliases: string[];
    try {
      aliases = parsePythonStringList(values.skill_aliases!);
    } catch (error) {
      if (error instanceof ListLiteralError) {
        throw new DataError('BAD_LIST_LITERAL', `skill_aliases is not a Python list of strings: ${error.message}`, {
          file,
          line,
          row,
          field: 'skill_aliases',
        });
      }
      throw error;
    }
    return { cId, escoUri, aliases };
  });
  return withSkipped(corpus, issues.skipped);
}

/**
 * Loads one TalentCLEF Task B directory: `queries`, `corpus_elements` and, when present, `qrels.tsv`.
 * Works for any split in that layout (2025 validation, 2026 toy, a user's own split).
 */
export async function loadTaskBDir(dir: string, options?: RowLoaderOptions): Promise<TaskBData> {
  const absolute = resolve(dir);
  const need = (kind: 'queries' | 'corpus'): string => {
    const file = findTaskBFile(absolute, kind);
    if (file === undefined) {
      throw new DataError('FILE_NOT_FOUND', `no ${TASK_B_FILES[kind].join(' or ')} file in the Task B directory`, {
        file: absolute,
      });
    }
    return file;
  };
  const queries = await loadTaskBQueries(need('queries'), options);
  const corpus = await loadTaskBCorpus(need('corpus'), options);
  const qrelsFile = findTaskBFile(absolute, 'qrels');
  const qrels = qrelsFile === undefined ? null : await loadQrels(qrelsFile, options);
  return {
    name: basename(absolute),
    dir: absolute,
    queries,
    corpus,
    qrels,
    skipped: [...queries.skipped, ...corpus.skipped, ...(qrels?.skipped ?? [])],
  };
}

const JobIdToTermsSchema = z.record(z.string().min(1), z.array(z.string()));

/** Reads TalentCLEF `jobid2terms.json`: ESCO occupation URI → job-title variants (trimmed, empty removed). */
export async function loadJobIdToTerms(file: string): Promise<Map<string, string[]>> {
  const text = await readTextFile(file);
  const json = parseJsonOrThrow(text, { file });
  const result = JobIdToTermsSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new DataError(
      'WRONG_TYPE',
      `expected an object mapping occupation URIs to lists of strings: ${issue.message}`,
      { file, field: issue.path.map(String).join('.') || '(root)' },
    );
  }
  const map = new Map<string, string[]>();
  for (const [uri, terms] of Object.entries(result.data)) {
    map.set(
      uri,
      terms.map((term) => term.trim()).filter((term) => term !== ''),
    );
  }
  return map;
}
