import { join } from 'node:path';
import { DataError } from './errors.ts';
import { loadQrels, type Qrel } from './qrels.ts';
import { RowIssues, RowLoaderOptionsSchema, withSkipped, type LoadedRows, type RowLoaderOptions, type SkippedRow } from './rows.ts';
import { readTextFile, splitLines } from './text-file.ts';

/** One title of a title-similarity set (TalentCLEF Task A style): an id and the title text. */
export interface TitleRecord {
  id: string;
  title: string;
}

export interface TitleSimilaritySet {
  dir: string;
  queries: TitleRecord[];
  corpus: TitleRecord[];
  /** TREC-like judgements `query_id 0 doc_id grade`. */
  qrels: Qrel[];
  skipped: SkippedRow[];
}

export const TITLE_SIMILARITY_FILES = Object.freeze({
  queries: 'queries.tsv',
  corpus: 'corpus_documents.tsv',
  qrels: 'annotations.tsv',
} as const);

/** Reads a header-less `id<TAB>title` file; a repeated id or a line without a tab is a row error. */
export async function loadTitleTsv(file: string, options?: RowLoaderOptions): Promise<LoadedRows<TitleRecord>> {
  const { lenient } = RowLoaderOptionsSchema.parse(options ?? {});
  const issues = new RowIssues(file, lenient);
  const lines = splitLines(await readTextFile(file));
  const seen = new Set<string>();
  const out: TitleRecord[] = [];
  let row = 0;
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    const line = index + 1;
    const where = { file, line, row: row++ };
    const record = issues.attempt(() => {
      const tab = text.indexOf('\t');
      if (tab < 0) throw new DataError('MALFORMED_ROW', 'expected "id<TAB>title"', { ...where, field: 'title' });
      const id = text.slice(0, tab).trim();
      const title = text.slice(tab + 1).trim();
      if (id === '') throw new DataError('INVALID_VALUE', 'empty id', { ...where, field: 'id' });
      if (title === '') throw new DataError('INVALID_VALUE', 'empty title', { ...where, field: 'title' });
      if (seen.has(id)) throw new DataError('INVALID_VALUE', `duplicate id ${JSON.stringify(id)}`, { ...where, field: 'id' });
      seen.add(id);
      return { id, title };
    });
    if (record) out.push(record);
  });
  return withSkipped(out, issues.skipped);
}

/**
 * Loads a title-similarity directory (queries.tsv, corpus_documents.tsv, annotations.tsv). Judgements that name an
 * unknown query or document are row errors (strict: thrown; lenient: skipped and reported).
 */
export async function loadTitleSimilaritySet(dir: string, options?: RowLoaderOptions): Promise<TitleSimilaritySet> {
  const { lenient } = RowLoaderOptionsSchema.parse(options ?? {});
  const queries = await loadTitleTsv(join(dir, TITLE_SIMILARITY_FILES.queries), { lenient });
  const corpus = await loadTitleTsv(join(dir, TITLE_SIMILARITY_FILES.corpus), { lenient });
  const qrelsFile = join(dir, TITLE_SIMILARITY_FILES.qrels);
  const rawQrels = await loadQrels(qrelsFile, { lenient });
  const queryIds = new Set(queries.map((q) => q.id));
  const docIds = new Set(corpus.map((d) => d.id));
  const issues = new RowIssues(qrelsFile, lenient);
  const qrels = rawQrels.filter((q, row) =>
    issues.attempt(() => {
      if (!queryIds.has(q.qId)) throw new DataError('INVALID_VALUE', `unknown query id ${JSON.stringify(q.qId)}`, { file: qrelsFile, row, field: 'query_id' });
      if (!docIds.has(q.docId)) throw new DataError('INVALID_VALUE', `unknown document id ${JSON.stringify(q.docId)}`, { file: qrelsFile, row, field: 'doc_id' });
      return true;
    }) === true,
  );
  return { dir, queries, corpus, qrels, skipped: [...queries.skipped, ...corpus.skipped, ...rawQrels.skipped, ...issues.skipped] };
}
