import { z } from 'zod';
import { DataError } from './errors.ts';
import { mapCsvRows, readCsv, requireColumns } from './csv.ts';
import { RowIssues, RowLoaderOptionsSchema, withSkipped, type LoadedRows } from './rows.ts';

/** One JobBERT title-normalisation pair: a free-form vacancy title and the ESCO occupation it denotes. */
export interface JobTitlePair {
  title: string;
  occupationUri: string;
  /** 0-based record index after the header. */
  row: number;
}

export const LoadJobbertTitlesOptionsSchema = RowLoaderOptionsSchema.extend({
  /**
   * Occupation URIs the caller can resolve (e.g. ESCO v1.1.1). Pairs whose URI is not among them are kept out of
   * `pairs` and listed in `unknownOccupations` (JobBERT was labelled with ESCO v1.0.5), never dropped silently.
   */
  knownOccupations: z.custom<ReadonlySet<string>>((v) => v instanceof Set).optional(),
});
export type LoadJobbertTitlesOptions = z.input<typeof LoadJobbertTitlesOptionsSchema>;

export interface LoadedJobbertTitles {
  pairs: LoadedRows<JobTitlePair>;
  /** Pairs whose occupation URI is not in `knownOccupations` (empty when no set was given). */
  unknownOccupations: JobTitlePair[];
}

const JOBBERT_COLUMNS = ['vacancyTitle', 'conceptUri'] as const;

/** Reads JobBERT's `titles.csv` (`vacancyTitle,conceptUri`). Empty fields are row errors (strict: thrown). */
export async function loadJobbertTitles(file: string, options: LoadJobbertTitlesOptions = {}): Promise<LoadedJobbertTitles> {
  const { lenient, knownOccupations } = LoadJobbertTitlesOptionsSchema.parse(options);
  const issues = new RowIssues(file, lenient);
  const table = await readCsv(file);
  requireColumns(table.header, JOBBERT_COLUMNS, file);
  const all = mapCsvRows(table, issues, ({ values, row, line }) => {
    const title = (values.vacancyTitle ?? '').trim();
    const occupationUri = (values.conceptUri ?? '').trim();
    if (title === '') throw new DataError('INVALID_VALUE', 'empty vacancy title', { file, line, row, field: 'vacancyTitle' });
    if (!/^https?:\/\//.test(occupationUri)) {
      throw new DataError('INVALID_VALUE', `conceptUri must be an ESCO URI, found ${JSON.stringify(occupationUri)}`, {
        file,
        line,
        row,
        field: 'conceptUri',
      });
    }
    return { title, occupationUri, row };
  });
  const known = knownOccupations ? all.filter((p) => knownOccupations.has(p.occupationUri)) : all;
  const unknownOccupations = knownOccupations ? all.filter((p) => !knownOccupations.has(p.occupationUri)) : [];
  return { pairs: withSkipped(known, issues.skipped), unknownOccupations };
}
