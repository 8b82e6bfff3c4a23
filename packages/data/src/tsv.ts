import { DataError } from './errors.ts';
import type { RowIssues } from './rows.ts';
import { readTextFile, splitLines } from './text-file.ts';

/** One line of a header-less whitespace-separated file (TREC qrels / runs). */
export interface FieldLine {
  fields: string[];
  /** 1-based physical line. */
  line: number;
  /** 0-based data row (blank lines not counted). */
  row: number;
}

/**
 * Reads a header-less file whose lines are fields separated by runs of whitespace. A line with the
 * wrong number of fields is MALFORMED_ROW, or TRUNCATED_FILE when it is the last line and too short.
 */
export async function readWhitespaceFields(
  file: string,
  issues: RowIssues,
  fieldNames: readonly string[],
): Promise<FieldLine[]> {
  const lines = splitLines(await readTextFile(file));
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  const out: FieldLine[] = [];
  let row = 0;
  for (let index = 0; index <= last; index++) {
    const text = lines[index]!.trim();
    if (text === '') continue;
    const fields = text.split(/\s+/);
    const line = index + 1;
    if (fields.length !== fieldNames.length) {
      const truncated = index === last && fields.length < fieldNames.length;
      issues.report(
        new DataError(
          truncated ? 'TRUNCATED_FILE' : 'MALFORMED_ROW',
          `expected ${fieldNames.length} fields (${fieldNames.join(', ')}), found ${fields.length}` +
            (truncated ? ' in the last line: the file looks cut short' : ''),
          { file, line, row, field: fieldNames[Math.min(fields.length, fieldNames.length - 1)] },
        ),
      );
    } else {
      out.push({ fields, line, row });
    }
    row++;
  }
  return out;
}
