import { readFile, stat } from 'node:fs/promises';
import { DataError, JobskillError, writeFileAtomic } from '@jobskill/data';
import { compareRunEntries, sortRanking, type Qrels, type Run } from './retrieval-metrics.ts';

/**
 * TREC run and qrels files, read the way the official TalentCLEF scripts read them (pandas,
 * whitespace-separated, blank lines skipped) but strict: every malformed line is a DataError naming
 * the file, the 1-based line and the field.
 *   run:   q_id Q0 doc_id rank score [tag]   (the rank column is checked but ignored: order = score)
 *   qrels: q_id iter doc_id rel              (rel an integer grade)
 */

async function readText(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new DataError('FILE_NOT_FOUND', 'not a regular file', { file });
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError('FILE_NOT_FOUND', 'file not found or not readable', { file }, { cause: error });
  }
  let text = await readFile(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new DataError('EMPTY_FILE', 'file has no content', { file });
  return text;
}

/** Non-blank lines with their 1-based line numbers, split on whitespace. */
function* fieldsByLine(text: string): Generator<{ line: number; fields: string[] }> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const trimmed = (lines[i] as string).trim();
    if (trimmed !== '') yield { line: i + 1, fields: trimmed.split(/\s+/) };
  }
}

const INTEGER = /^[+-]?\d+$/;

/** Parses run text; `file` is only used in error messages. Each query's docs come back sorted. */
export function parseTrecRun(text: string, file = '<run>'): Run {
  const run: Run = new Map();
  const seen = new Map<string, Set<string>>();
  for (const { line, fields } of fieldsByLine(text)) {
    if (fields.length !== 5 && fields.length !== 6) {
      throw new DataError('MALFORMED_ROW', `expected 5 or 6 columns (q_id Q0 doc_id rank score [tag]), got ${fields.length}`, {
        file,
        line,
      });
    }
    const [qId, , docId, rank, scoreText] = fields as [string, string, string, string, string];
    if (!INTEGER.test(rank)) throw new DataError('WRONG_TYPE', `rank "${rank}" is not an integer`, { file, line, field: 'rank' });
    const score = Number(scoreText);
    if (scoreText === '' || !Number.isFinite(score)) {
      throw new DataError('WRONG_TYPE', `score "${scoreText}" is not a finite number`, { file, line, field: 'score' });
    }
    let docs = seen.get(qId);
    if (!docs) seen.set(qId, (docs = new Set()));
    if (docs.has(docId)) {
      throw new DataError('MALFORMED_ROW', `doc "${docId}" appears twice for query "${qId}"`, { file, line, field: 'doc_id' });
    }
    docs.add(docId);
    let entries = run.get(qId);
    if (!entries) run.set(qId, (entries = []));
    entries.push({ docId, score });
  }
  for (const [qId, entries] of run) run.set(qId, sortRanking(entries));
  return run;
}

export async function readTrecRun(file: string): Promise<Run> {
  return parseTrecRun(await readText(file), file);
}

/** Parses qrels text (q_id iter doc_id rel); `file` is only used in error messages. */
export function parseQrels(text: string, file = '<qrels>'): Qrels {
  const qrels: Qrels = new Map();
  for (const { line, fields } of fieldsByLine(text)) {
    if (fields.length !== 4) {
      throw new DataError('MALFORMED_ROW', `expected 4 columns (q_id iter doc_id rel), got ${fields.length}`, { file, line });
    }
    const [qId, , docId, rel] = fields as [string, string, string, string];
    if (!INTEGER.test(rel)) throw new DataError('WRONG_TYPE', `rel "${rel}" is not an integer grade`, { file, line, field: 'rel' });
    let docs = qrels.get(qId);
    if (!docs) qrels.set(qId, (docs = new Map()));
    if (docs.has(docId)) {
      throw new DataError('MALFORMED_ROW', `doc "${docId}" is judged twice for query "${qId}"`, { file, line, field: 'doc_id' });
    }
    docs.set(docId, Number(rel));
  }
  return qrels;
}

/**
 * Reads a TREC qrels file into the Qrels map. Kept here (not only in @jobskill/data) so the
 * evaluator can score any qrels file on its own, like the official script does.
 */
export async function readQrels(file: string): Promise<Qrels> {
  return parseQrels(await readText(file), file);
}

function checkToken(value: string, what: string): void {
  if (value === '' || /\s/.test(value)) {
    throw new JobskillError('INVALID_RUN', `${what} "${value}" is empty or contains whitespace; TREC files are whitespace-separated`);
  }
}

/**
 * TREC run text, tab-separated like the official sample run: queries in the run's insertion order,
 * docs by score descending then doc id ascending, ranks 1..n, scores in shortest round-trip form.
 */
export function formatTrecRun(run: Run, tag: string): string {
  checkToken(tag, 'tag');
  const lines: string[] = [];
  for (const [qId, entries] of run) {
    checkToken(qId, 'query id');
    const sorted = [...entries].sort(compareRunEntries);
    const seen = new Set<string>();
    sorted.forEach((e, i) => {
      checkToken(e.docId, 'doc id');
      if (seen.has(e.docId)) throw new JobskillError('INVALID_RUN', `query "${qId}": doc "${e.docId}" is listed twice`);
      seen.add(e.docId);
      if (!Number.isFinite(e.score)) throw new JobskillError('INVALID_RUN', `query "${qId}", doc "${e.docId}": score ${e.score} is not finite`);
      lines.push(`${qId}\tQ0\t${e.docId}\t${i + 1}\t${String(e.score)}\t${tag}`);
    });
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Writes a run atomically (temp file + rename). */
export async function writeTrecRun(file: string, run: Run, tag: string): Promise<void> {
  await writeFileAtomic(file, formatTrecRun(run, tag));
}
