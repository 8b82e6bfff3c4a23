/**
 * Side-by-side metric tables (rows = metrics, columns = systems or scenarios), as markdown or
 * plain text, numbers with a fixed number of decimals. Used by scripts/eval.ts and the CLI.
 */

export interface MetricTable {
  /** Header of the first (label) column, e.g. "metric". */
  rowHeader: string;
  columns: string[];
  rows: { label: string; values: (number | null | undefined)[] }[];
}

export interface TableFormatOptions {
  /** Decimals of every number (default 4). */
  decimals?: number;
  /** Shown for a missing value (default "–"). */
  missing?: string;
}

/**
 * Builds a table from results keyed by column: `{ binary: { map: 0.4, … }, graded: { … } }`.
 * Rows follow `metrics` if given, else the order metrics first appear across the columns.
 */
export function metricTable(
  results: Record<string, Record<string, number>>,
  options: { metrics?: string[]; rowHeader?: string } = {},
): MetricTable {
  const columns = Object.keys(results);
  const metrics = options.metrics ?? [...new Set(columns.flatMap((c) => Object.keys(results[c] ?? {})))];
  return {
    rowHeader: options.rowHeader ?? 'metric',
    columns,
    rows: metrics.map((m) => ({ label: m, values: columns.map((c) => results[c]?.[m]) })),
  };
}

function cells(table: MetricTable, options: TableFormatOptions): string[][] {
  const decimals = options.decimals ?? 4;
  const missing = options.missing ?? '–';
  return table.rows.map((r) => [
    r.label,
    ...table.columns.map((_, i) => {
      const v = r.values[i];
      return v === null || v === undefined || Number.isNaN(v) ? missing : v.toFixed(decimals);
    }),
  ]);
}

function widths(header: string[], body: string[][]): number[] {
  return header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
}

/** GitHub-flavoured markdown; number columns right-aligned. */
export function formatMarkdownTable(table: MetricTable, options: TableFormatOptions = {}): string {
  const header = [table.rowHeader, ...table.columns];
  const body = cells(table, options);
  const w = widths(header, body);
  const line = (row: string[]): string =>
    `| ${row.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join(' | ')} |`;
  const rule = `| ${w.map((n, i) => (i === 0 ? '-'.repeat(n) : `${'-'.repeat(Math.max(n - 1, 1))}:`)).join(' | ')} |`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** Plain text with space-padded columns and a dashed rule under the header. */
export function formatTextTable(table: MetricTable, options: TableFormatOptions = {}): string {
  const header = [table.rowHeader, ...table.columns];
  const body = cells(table, options);
  const w = widths(header, body);
  const line = (row: string[]): string =>
    row
      .map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), w.map((n) => '-'.repeat(n)).join('  '), ...body.map(line)].join('\n');
}
