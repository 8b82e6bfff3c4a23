// Not a stable API: @jobskill/eval/internal is for this repo's scripts, benches and tests; it changes without notice.
export { AverageSchema } from './classification.ts';
export { EvalReportTableSchema } from './eval-report.ts';
