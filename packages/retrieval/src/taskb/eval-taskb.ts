import { basename, dirname, join, resolve } from 'node:path';
import { JobskillError, loadTaskBDir, type TaskBData } from '@jobskill/data';
import {
  OFFICIAL_METRICS,
  evaluateRunPerQuery,
  formatMarkdownTable,
  formatTextTable,
  metricTable,
  qrelsFromRecords,
  reportTable,
  writeTrecRun,
  type EvalReportTable,
  type MetricTable,
  type RetrievalMetrics,
  type Run,
} from '@jobskill/eval';
import { corpusFromTaskB } from '../corpus/corpus.ts';
import type { TaskBContext, TaskBSystem } from './systems.ts';

/** The official six metrics plus ndcg@10 (a project choice; the official scripts have no ndcg cutoff). */
export const TASK_B_METRICS = Object.freeze([...OFFICIAL_METRICS, 'ndcg@10']);
/** The metrics of the CLI's `--json` summary. */
export const TASK_B_SUMMARY_METRICS = Object.freeze(['map', 'mrr', 'ndcg', 'ndcg@10', 'precision@10']);

export interface EvalTaskBOptions {
  /** name → system; evaluated in this order. */
  systems: Record<string, TaskBSystem>;
  /** Where `<runDir>/<dir name>/<system>.trec` is written (atomically); `null` writes no run files. Default `./runs`. */
  runDir?: string | null;
}

export interface TaskBSystemResult {
  /** Binary qrels (every grade > 0 → 1), as the 2025 script and the first 2026 scenario. */
  binary: RetrievalMetrics;
  /** Qrels as given (2 = core, 1 = contextual); equals `binary` for binary qrels. */
  graded: RetrievalMetrics;
  runFile: string | null;
  seconds: number;
  /** metric → qId → value, for the paired significance tests (binary and graded as above). */
  perQuery: { binary: Record<string, Record<string, number>>; graded: Record<string, Record<string, number>> };
}

export interface TaskBEvaluation {
  name: string;
  dir: string;
  queries: number;
  corpusSize: number;
  /** True when some qrel has a grade above 1 (graded and binary nDCG then differ). */
  gradedQrels: boolean;
  systems: Record<string, TaskBSystemResult>;
}

/**
 * A directory can be evaluated when it has qrels, queries, and no qrels for a query id the queries file lacks (such a
 * query would score 0 for every system and silently lower every mean). Returns the qrels; checked before any model loads.
 */
export function checkTaskBEvaluable(data: TaskBData): NonNullable<TaskBData['qrels']> {
  if (data.qrels === null) {
    throw new JobskillError(
      'NO_QRELS',
      `${data.dir} has no qrels file (qrels.tsv), so it cannot be evaluated; write a submission run with \`pnpm jobskill rank --taskb-dir ${data.dir} --out run.trec\``,
    );
  }
  if (data.queries.length === 0) throw new JobskillError('NO_QUERIES', `${data.dir}: the queries file has no query`);
  const known = new Set(data.queries.map((q) => q.qId));
  const unknown = [...new Set(data.qrels.map((q) => q.qId))].filter((qId) => !known.has(qId));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((q) => `"${q}"`).join(', ');
    throw new JobskillError(
      'UNKNOWN_QUERY_IDS',
      `${data.dir}: the qrels judge ${unknown.length} query id(s) the queries file does not have (${shown}${unknown.length > 5 ? ', …' : ''}); every system would score 0 on them`,
    );
  }
  return data.qrels;
}

const SAFE_NAME = /^[A-Za-z0-9._+-]+$/;

/**
 * Evaluates systems on one directory in the TalentCLEF Task B layout (queries, corpus_elements, qrels.tsv):
 * every system produces a complete run, which is written as a TREC file and scored with @jobskill/eval
 * (ranx semantics), binary and graded.
 */
export async function evalTaskB(dir: string, options: EvalTaskBOptions): Promise<TaskBEvaluation> {
  const names = Object.keys(options.systems);
  if (names.length === 0) throw new JobskillError('INVALID_OPTION', 'evalTaskB: no systems given');
  for (const name of names) {
    if (!SAFE_NAME.test(name)) {
      throw new JobskillError('INVALID_OPTION', `system name "${name}" must match ${SAFE_NAME} (it names a run file and a TREC tag)`);
    }
  }
  const data = await loadTaskBDir(dir);
  const qrelRecords = checkTaskBEvaluable(data);
  const qrels = qrelsFromRecords(qrelRecords);
  const corpus = corpusFromTaskB(data.corpus, `${basename(dirname(data.dir))}/${data.name}`);
  const context: TaskBContext = { data, corpus, shared: new Map() };
  const runDir = options.runDir === undefined ? resolve('runs') : options.runDir;

  const systems: Record<string, TaskBSystemResult> = {};
  for (const name of names) {
    const started = performance.now();
    let run: Run;
    try {
      run = await options.systems[name]!(context);
    } catch (cause) {
      if (cause instanceof JobskillError) throw new JobskillError(cause.code, `system "${name}" on ${data.dir}: ${cause.message}`, { cause });
      throw cause;
    }
    const seconds = (performance.now() - started) / 1000;
    let runFile: string | null = null;
    if (runDir !== null) {
      runFile = join(runDir, data.name, `${name}.trec`);
      await writeTrecRun(runFile, run, name);
    }
    const binary = evaluateRunPerQuery(qrels, run, { graded: false, metrics: [...TASK_B_METRICS] });
    const graded = evaluateRunPerQuery(qrels, run, { graded: true, metrics: [...TASK_B_METRICS] });
    systems[name] = { binary: binary.mean, graded: graded.mean, runFile, seconds, perQuery: { binary: binary.perQuery, graded: graded.perQuery } };
  }
  const gradedQrels = qrelRecords.some((q) => q.grade > 1);
  return { name: data.name, dir: data.dir, queries: data.queries.length, corpusSize: corpus.skills.length, gradedQrels, systems };
}

/**
 * The CLI's `--json` object: `{ "<dir name>": { "<system>": { map, mrr, ndcg, ndcg@10, precision@10 } } }`.
 * Figures are from the graded qrels (identical to binary ones for binary qrels; for graded qrels the
 * 2026 ranking metric is graded nDCG). Two directories with the same name are keyed `<parent>/<name>`.
 */
export function taskBSummary(evaluations: TaskBEvaluation[]): Record<string, Record<string, Record<string, number>>> {
  const counts = new Map<string, number>();
  for (const e of evaluations) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  const out: Record<string, Record<string, Record<string, number>>> = {};
  for (const e of evaluations) {
    const key = counts.get(e.name)! > 1 ? `${basename(dirname(e.dir))}/${e.name}` : e.name;
    out[key] = Object.fromEntries(
      Object.entries(e.systems).map(([system, result]) => [
        system,
        Object.fromEntries(TASK_B_SUMMARY_METRICS.map((m) => [m, result.graded[m]!])),
      ]),
    );
  }
  return out;
}

/** The metric table of one evaluation: systems as columns, binary metrics (+ graded nDCG rows) as rows. */
export function taskBMetricTable(evaluation: TaskBEvaluation): MetricTable {
  const results: Record<string, Record<string, number>> = {};
  for (const [system, r] of Object.entries(evaluation.systems)) {
    results[system] = { ...r.binary };
    if (evaluation.gradedQrels) {
      results[system]['ndcg (graded)'] = r.graded.ndcg!;
      results[system]['ndcg@10 (graded)'] = r.graded['ndcg@10']!;
    }
  }
  const metrics = [...TASK_B_METRICS, ...(evaluation.gradedQrels ? ['ndcg (graded)', 'ndcg@10 (graded)'] : [])];
  return metricTable(results, { metrics, rowHeader: 'metric' });
}

const taskBTitle = (evaluation: TaskBEvaluation) => `${evaluation.name} (${evaluation.queries} queries, ${evaluation.corpusSize} skills)`;

/**
 * One table per evaluation, systems side by side (columns) and metrics as rows: binary figures, plus graded
 * nDCG rows when the qrels are graded. `markdown` for READMEs, text for terminals.
 */
export function formatTaskBTable(evaluation: TaskBEvaluation, format: 'text' | 'markdown' = 'text'): string {
  const table = taskBMetricTable(evaluation);
  return `${taskBTitle(evaluation)}\n${format === 'markdown' ? formatMarkdownTable(table) : formatTextTable(table)}`;
}

/** The same tables as `formatTaskBTable`, for the JSON eval report (@jobskill/eval `writeEvalReport`). */
export function taskBReportTables(evaluations: TaskBEvaluation[]): EvalReportTable[] {
  return evaluations.map((e) =>
    reportTable(taskBTitle(e), taskBMetricTable(e), `${e.dir}${e.gradedQrels ? '; graded qrels (2 core, 1 contextual)' : ''}`),
  );
}
