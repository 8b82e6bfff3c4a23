import { basename, extname } from 'node:path';
import { Command } from 'commander';
import { DEFAULT_TASKB_DIRS, formatTaskBTable, runTaskBEval, taskBReportTables, taskBSummary, type TaskBEvaluation } from '@jobskill/retrieval';
import {
  PAIRED_TESTS,
  compareToBaseline,
  defaultEvalReportPath,
  evalReport,
  evaluateRunPerQuery,
  formatTextTable,
  metricTable,
  parseMetricName,
  readQrels,
  readTrecRun,
  writeEvalReport,
  type PairedTestName,
  type PairedTestResult,
  type Qrels,
  type Run,
} from '@jobskill/eval';
import { JobskillError } from '@jobskill/data';
import { examples, intOption, type CommandContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { printJson, println, resolveUserPath, type CliIo } from '../io.ts';
import { progressReporter, startStep } from '../progress.ts';

/** `eval --run`: the ranx-style metrics shown by default. */
const RUN_METRICS = Object.freeze(['map', 'mrr', 'ndcg', 'ndcg@10', 'precision@5', 'precision@10', 'precision@100']);
/** Task B table: the metrics tested for significance against the baseline system. */
const TASKB_TESTED_METRICS = Object.freeze(['map', 'ndcg@10']);
const SIGNIFICANCE_LEVEL = 0.05;

interface EvalOptions {
  taskbDir?: string[];
  run?: string[];
  qrels?: string;
  metrics?: string[];
  baseline?: string;
  test: string;
  permutations: number;
  seed: number;
  runDir: string;
  runs: boolean;
  report?: string | false;
}

function pairedTestName(value: string): PairedTestName {
  const test = PAIRED_TESTS.find((t) => t === value);
  if (!test) throw new UsageError(`unknown --test "${value}"; valid: ${PAIRED_TESTS.join(', ')}`);
  return test;
}

const describeTest = (test: PairedTestName, permutations: number, seed: number) =>
  test === 't-test' ? 'paired t-test' : `paired randomization test (exact up to 16 queries, else ${permutations} sign flips, seed ${seed})`;

/** p-values as a text table: rows = metrics, columns = systems; `*` marks p < 0.05. */
function formatPValues(pValues: Record<string, Record<string, PairedTestResult>>, metrics: readonly string[], label: (metric: string) => string = (m) => m): string {
  const systems = Object.keys(pValues);
  const header = ['p-value', ...systems];
  const rows = metrics.map((m) => [label(m), ...systems.map((s) => {
    const r = pValues[s]![m];
    return r === undefined ? '–' : `${r.pValue < 0.0001 ? '<0.0001' : r.pValue.toFixed(4)}${r.pValue < SIGNIFICANCE_LEVEL ? '*' : ' '}`;
  })]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** metric → system → qId → score, turned into system → metric → test against the baseline. */
function significance(
  perQuery: Record<string, Record<string, Record<string, number>>>,
  metrics: readonly string[],
  baseline: string,
  test: { test: PairedTestName; permutations: number; seed: number },
): Record<string, Record<string, PairedTestResult>> {
  const out: Record<string, Record<string, PairedTestResult>> = {};
  for (const metric of metrics) {
    const bySystem = Object.fromEntries(Object.entries(perQuery).map(([system, m]) => [system, m[metric]!]));
    for (const [system, result] of Object.entries(compareToBaseline(bySystem, baseline, test))) (out[system] ??= {})[metric] = result;
  }
  return out;
}

function quoteSome(ids: string[]): string {
  return `${ids.slice(0, 5).map((q) => `"${q}"`).join(', ')}${ids.length > 5 ? ', …' : ''}`;
}

/** ranx scores runs against the qrels' queries; say which ones a run lacks (they score 0) or adds (ignored). */
function warnMismatchedQueries(io: CliIo, name: string, qrels: Qrels, run: Run): void {
  const missing = [...qrels.keys()].filter((q) => !run.has(q));
  const extra = [...run.keys()].filter((q) => !qrels.has(q));
  if (missing.length > 0) {
    io.stderr.write(`warning: ${name} ranks no documents for ${missing.length} of the ${qrels.size} qrels queries (${quoteSome(missing)}); they score 0 in every metric\n`);
  }
  if (extra.length > 0) {
    io.stderr.write(`warning: ${name} ranks ${extra.length} query id(s) the qrels do not judge (${quoteSome(extra)}); they are ignored\n`);
  }
  if (missing.length === qrels.size) {
    throw new JobskillError('UNKNOWN_QUERY_IDS', `${name} shares no query id with the qrels (e.g. run ${quoteSome([...run.keys()])}, qrels ${quoteSome([...qrels.keys()])}): wrong qrels file?`);
  }
}

async function evalRunFiles(ctx: CommandContext, command: Command, opts: EvalOptions, test: { test: PairedTestName; permutations: number; seed: number }): Promise<void> {
  if (opts.qrels === undefined) throw new UsageError('eval --run RUN needs --qrels QRELS');
  if (opts.taskbDir !== undefined) throw new UsageError('give --taskb-dir or --run/--qrels, not both');
  const metrics = opts.metrics ?? [...RUN_METRICS];
  for (const m of metrics) parseMetricName(m);
  const qrelsFile = resolveUserPath(ctx.io, opts.qrels);
  const qrels = await readQrels(qrelsFile);
  const files = opts.run!.map((r) => resolveUserPath(ctx.io, r));
  const names = files.map((f) => basename(f, extname(f)));
  const unique = new Set(names).size === names.length ? names : files;
  const baseline = opts.baseline ?? unique[0]!;
  if (!unique.includes(baseline)) throw new UsageError(`--baseline "${baseline}" is not one of the runs: ${unique.join(', ')}`);
  const means: Record<string, Record<string, number>> = {};
  const perQuery: Record<string, Record<string, Record<string, number>>> = {};
  for (const [i, file] of files.entries()) {
    const run = await readTrecRun(file);
    warnMismatchedQueries(ctx.io, file, qrels, run);
    const result = evaluateRunPerQuery(qrels, run, { graded: true, metrics });
    means[unique[i]!] = result.mean;
    perQuery[unique[i]!] = result.perQuery;
  }
  const pValues = files.length > 1 ? significance(perQuery, metrics, baseline, test) : {};
  if (ctx.json(command)) {
    printJson(ctx.io, {
      qrels: qrelsFile,
      queries: qrels.size,
      runs: means,
      ...(files.length > 1
        ? {
            significance: {
              baseline,
              test: test.test,
              ...(test.test === 'randomization' ? { permutations: test.permutations, seed: test.seed } : {}),
              pValues: Object.fromEntries(Object.entries(pValues).map(([s, m]) => [s, Object.fromEntries(Object.entries(m).map(([k, r]) => [k, r.pValue]))])),
            },
          }
        : {}),
    });
    return;
  }
  println(ctx.io, `${qrelsFile}: ${qrels.size} queries`);
  ctx.io.stdout.write(`${formatTextTable(metricTable(means, { metrics, rowHeader: 'metric' })).trimEnd()}\n`);
  if (files.length > 1) {
    println(ctx.io, `\nvs baseline ${baseline}: ${describeTest(test.test, test.permutations, test.seed)}; * p < ${SIGNIFICANCE_LEVEL}`);
    println(ctx.io, formatPValues(pValues, metrics));
  }
}

function taskBSignificance(evaluation: TaskBEvaluation, baseline: string, test: { test: PairedTestName; permutations: number; seed: number }) {
  if (evaluation.systems[baseline] === undefined) return null;
  const perQuery = Object.fromEntries(Object.entries(evaluation.systems).map(([s, r]) => [s, r.perQuery.graded]));
  return significance(perQuery, TASKB_TESTED_METRICS, baseline, test);
}

export function evalCommand(ctx: CommandContext): Command {
  return new Command('eval')
    .description('evaluate the retrieval systems on TalentCLEF Task B directories (MAP, MRR, nDCG, P@k, paired significance), or score TREC runs against qrels')
    .option('--taskb-dir <dirs...>', `Task B directories (queries, corpus_elements, qrels.tsv); default: ${DEFAULT_TASKB_DIRS.join(', ')} in the data directory, plus the TechWolf dev set when "pnpm turbo run model" wrote it`)
    .option('--run <files...>', 'TREC run file(s) to score against --qrels, like ranx (several: compared with a paired test)')
    .option('--qrels <file>', 'TREC qrels (q_id iter doc_id rel) for --run')
    .option('--metrics <names...>', `metrics for --run (ranx names, e.g. map ndcg@10 mrr precision@5 recall@100); default: ${RUN_METRICS.join(' ')}`)
    .option('--baseline <name>', 'system (or run file name) every other one is tested against; default: "default" (the served system), or the first --run')
    .option('--test <name>', `paired significance test: ${PAIRED_TESTS.join(' | ')}`, 'randomization')
    .option('--permutations <n>', 'random sign flips of the randomization test', intOption('--permutations', 100, 10_000_000), 10_000)
    .option('--seed <n>', 'seed of the randomization test', intOption('--seed', 0), 42)
    .option('--run-dir <dir>', 'where TREC run files are written (<run-dir>/<dir name>/<system>.trec)', 'runs')
    .option('--no-runs', 'write no run files')
    .option('--report <file>', `JSON report of the tables, written atomically (the API serves it at GET /v1/eval/report); default: ${'$'}JOBSKILL_CACHE_DIR/eval-report.json, else <repo>/.jobskill-cache/eval-report.json`)
    .option('--no-report', 'write no JSON report')
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill eval',
        'pnpm jobskill eval --taskb-dir ../shared/data/talentclef2026_taskB_toy --json',
        'pnpm jobskill eval --taskb-dir my_heldout_queries --run-dir /tmp/runs --baseline bm25 --test t-test',
        'pnpm jobskill eval --run runs/validation/bm25.trec runs/validation/default.trec --qrels ../shared/data/talentclef2025_taskB/validation/qrels.tsv',
        'pnpm jobskill eval --report /tmp/eval-report.json',
      ),
    )
    .action(async (opts: EvalOptions, command: Command) => {
      const test = { test: pairedTestName(opts.test), permutations: opts.permutations, seed: opts.seed };
      if (opts.run !== undefined) return evalRunFiles(ctx, command, opts, test);
      if (opts.qrels !== undefined) throw new UsageError('--qrels goes with --run RUN (to score a run file); for a Task B directory use --taskb-dir');
      if (opts.metrics !== undefined) throw new UsageError('--metrics goes with --run RUN; the Task B table shows the official metrics');
      const baseline = opts.baseline ?? 'default';
      const runDir = opts.runs ? resolveUserPath(ctx.io, opts.runDir) : null;
      // Directories given explicitly can still be ranked without a data directory (bm25 and encoder
      // systems); the systems that need ESCO are then skipped, with a note saying why.
      let dataDir: string | undefined;
      try {
        dataDir = ctx.dataDir(command);
      } catch (error) {
        if (!opts.taskbDir) throw error;
        ctx.io.stderr.write(`note: ${(error as Error).message}\n`);
      }
      const progress = progressReporter(ctx.io);
      const loading = startStep(ctx.io, 'loading the encoder, ESCO graph and re-ranker');
      const { evaluations } = await runTaskBEval({
        ...(dataDir !== undefined ? { dataDir } : {}),
        ...(opts.taskbDir ? { dirs: opts.taskbDir.map((d) => resolveUserPath(ctx.io, d)) } : {}),
        runDir,
        onProgress: ({ dir, done, total }) => {
          loading.end();
          progress({ stage: `eval ${dir.split('/').slice(-1)[0]}`, done, total });
        },
        // The other systems are still worth a table; say loudly which one is missing and why.
        onNote: (line) => ctx.io.stderr.write(`note: ${line}\n`),
      }).finally(() => loading.end());
      progress.stop();
      if (opts.report !== false) {
        const reportFile = opts.report === undefined ? defaultEvalReportPath() : resolveUserPath(ctx.io, opts.report);
        await writeEvalReport(reportFile, evalReport('jobskill eval', taskBReportTables(evaluations)));
        ctx.io.stderr.write(`eval report: ${reportFile}\n`);
      }
      const tests = evaluations.map((e) => taskBSignificance(e, baseline, test));
      if (tests.every((t) => t === null)) ctx.io.stderr.write(`note: no significance test: baseline system "${baseline}" was not evaluated\n`);
      if (ctx.json(command)) {
        const summary = taskBSummary(evaluations);
        // p-values of the paired test against the baseline, beside each system's figures: `p_map`, `p_ndcg@10`.
        Object.values(summary).forEach((systems, i) => {
          for (const [system, results] of Object.entries(tests[i] ?? {})) {
            for (const [metric, r] of Object.entries(results)) systems[system]![`p_${metric}`] = r.pValue;
          }
        });
        printJson(ctx.io, summary);
        return;
      }
      evaluations.forEach((evaluation, i) => {
        println(ctx.io, `${evaluation.dir}: ${evaluation.queries} queries, ${evaluation.corpusSize} skills${evaluation.gradedQrels ? ', graded qrels' : ''}`);
        ctx.io.stdout.write(`${formatTaskBTable(evaluation).trimEnd()}\n`);
        const t = tests[i];
        if (t) {
          println(ctx.io, `vs baseline ${baseline}: ${describeTest(test.test, test.permutations, test.seed)}; * p < ${SIGNIFICANCE_LEVEL}`);
          // The tests run on the qrels as given (graded nDCG for graded qrels; MAP does not depend on the grades).
          println(ctx.io, formatPValues(t, TASKB_TESTED_METRICS, (m) => (evaluation.gradedQrels && m.startsWith('ndcg') ? `${m} (graded)` : m)));
        }
        println(ctx.io);
      });
      if (runDir !== null) println(ctx.io, `run files: ${runDir}`);
    });
}
