import { realpathSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { z } from 'zod';
import { JobskillError, csvCell, loadResumes, parseOptions, writeFileAtomic } from '@jobskill/data';
import { inputFromResume } from './inputs.ts';
import type { LabelResult, Labeler } from './types.ts';

export const LabelFileOptionsSchema = z.object({
  in: z.string().min(1),
  out: z.string().min(1),
  labeler: z.custom<Labeler>((v) => typeof v === 'object' && v !== null && typeof (v as Labeler).label === 'function', {
    message: 'expected a Labeler (create one with createLabeler)',
  }),
  /** Input format; inferred from the extension unless given. */
  inFormat: z.enum(['parquet', 'csv', 'tsv', 'jsonl']).optional(),
  /** Output format; inferred from the extension (.csv → csv, .jsonl/.ndjson/.json → jsonl) unless given. */
  outFormat: z.enum(['jsonl', 'csv']).optional(),
  /** Skills column of CSV/JSONL input (default "skills"). */
  skillsCol: z.string().min(1).optional(),
  idCol: z.string().min(1).optional(),
  /** Resumes per labeler call. */
  batchSize: z.number().int().positive().default(256),
});
export type LabelFileOptions = z.input<typeof LabelFileOptionsSchema>;

export interface LabelFileReport {
  in: string;
  out: string;
  labeler: string;
  written: number;
  noEvidence: number;
  abstained: number;
  /** Rows the loader could not read (only in lenient mode; otherwise it throws). */
  skipped: number;
  roles: Record<string, number>;
}

export const OUTPUT_COLUMNS = ['id', 'role', 'score', 'labeler', 'evidence', 'noEvidence', 'abstained'] as const;

function outputFormat(file: string, given: 'jsonl' | 'csv' | undefined): 'jsonl' | 'csv' {
  if (given) return given;
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  throw new JobskillError('UNSUPPORTED_FORMAT', `${file}: cannot tell the output format from "${ext || 'no extension'}"; use .jsonl or .csv (or pass outFormat)`);
}

/** One output record per result: role, score, labeler, evidence (CSV: evidence joined with "; "). */
export function formatResults(results: readonly LabelResult[], format: 'jsonl' | 'csv'): string {
  if (format === 'jsonl') {
    return results
      .map((r) =>
        JSON.stringify({ id: r.id ?? null, role: r.role, score: r.score, labeler: r.labeler, evidence: r.evidence, noEvidence: r.noEvidence, abstained: r.abstained ?? false }),
      )
      .map((l) => `${l}\n`)
      .join('');
  }
  const lines = [OUTPUT_COLUMNS.join(',')];
  for (const r of results) {
    lines.push(
      [r.id ?? '', r.role ?? '', String(r.score), r.labeler, r.evidence.join('; '), String(r.noEvidence), String(r.abstained ?? false)]
        .map((cell) => csvCell(cell))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `jobskill label`: labels every resume of a parquet/CSV/TSV/JSONL file (loadResumes) and writes
 * JSONL or CSV atomically. Resumes without skills are kept, as explicit no-evidence rows.
 */
export async function labelFile(options: LabelFileOptions): Promise<LabelFileReport> {
  const opts = parseOptions(LabelFileOptionsSchema, options, { what: 'label file' });
  const format = outputFormat(opts.out, opts.outFormat);
  if (samePath(opts.in, opts.out)) {
    throw new JobskillError('OUT_IS_INPUT', `--out ${opts.out} is the input file: writing it would replace the resumes with the labels; choose another --out`);
  }
  const columns = { ...(opts.skillsCol ? { skills: opts.skillsCol } : {}), ...(opts.idCol ? { id: opts.idCol } : {}) };
  const { records, skipped } = await loadResumes(opts.in, { ...(opts.inFormat ? { format: opts.inFormat } : {}), columns });
  const inputs = records.map((r) => inputFromResume(r));
  const results: LabelResult[] = [];
  for (let i = 0; i < inputs.length; i += opts.batchSize) {
    results.push(...(await opts.labeler.label(inputs.slice(i, i + opts.batchSize))));
  }
  await writeFileAtomic(opts.out, formatResults(results, format));
  const roles: Record<string, number> = {};
  for (const r of results) roles[r.role ?? NO_ROLE_KEY] = (roles[r.role ?? NO_ROLE_KEY] ?? 0) + 1;
  return {
    in: opts.in,
    out: opts.out,
    labeler: opts.labeler.name,
    written: results.length,
    noEvidence: results.filter((r) => r.noEvidence).length,
    abstained: results.filter((r) => r.abstained).length,
    skipped: skipped.length,
    roles,
  };
}

const NO_ROLE_KEY = '(none)';

/** Same file, through links and relative spellings. */
function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}
