import { parseOptions } from './parse-options.ts';
import { z } from 'zod';
import { DataError } from './errors.ts';
import { RowIssues, RowLoaderOptionsSchema, withSkipped, type LoadedRows, type RowLoaderOptions } from './rows.ts';
import { readWhitespaceFields } from './tsv.ts';

/** One relevance judgement. Grade 0 = judged not relevant; ≥ 1 relevant (2 = core in TalentCLEF 2026). */
export interface Qrel {
  qId: string;
  docId: string;
  grade: number;
}

export const QrelSchema = z.object({
  qId: z.string().min(1),
  docId: z.string().min(1),
  grade: z.number().int(),
});

const QREL_FIELDS = ['q_id', 'iteration', 'doc_id', 'relevance'] as const;

/**
 * Reads TREC qrels (`q_id iteration doc_id relevance`, whitespace-separated, no header), graded or binary.
 * A repeated (q_id, doc_id) pair is an error rather than a silent last-one-wins.
 */
export async function loadQrels(file: string, options?: RowLoaderOptions): Promise<LoadedRows<Qrel>> {
  const { lenient } = parseOptions(RowLoaderOptionsSchema, options ?? {}, { what: 'loader' });
  const issues = new RowIssues(file, lenient);
  const lines = await readWhitespaceFields(file, issues, QREL_FIELDS);
  const seen = new Set<string>();
  const qrels: Qrel[] = [];
  for (const { fields, line, row } of lines) {
    const qrel = issues.attempt(() => {
      const [qId, , docId, gradeText] = fields as [string, string, string, string];
      if (!/^-?\d+$/.test(gradeText)) {
        throw new DataError('WRONG_TYPE', `relevance must be an integer, found ${JSON.stringify(gradeText)}`, {
          file,
          line,
          row,
          field: 'relevance',
        });
      }
      const key = `${qId}\u0000${docId}`;
      if (seen.has(key)) {
        throw new DataError('INVALID_VALUE', `duplicate judgement for ${qId} / ${docId}`, {
          file,
          line,
          row,
          field: 'doc_id',
        });
      }
      seen.add(key);
      return QrelSchema.parse({ qId, docId, grade: Number.parseInt(gradeText, 10) });
    });
    if (qrel) qrels.push(qrel);
  }
  return withSkipped(qrels, issues.skipped);
}
