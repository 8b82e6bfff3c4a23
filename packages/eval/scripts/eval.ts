/**
 * `pnpm turbo run eval` for @jobskill/eval: prints the data summary and the metric table of the
 * TalentCLEF 2026 toy sample run. Each section is an exported function; later issues append theirs
 * to `sections` (labeling, Task B systems) so one command prints every comparison.
 *
 *   node --conditions=@jobskill/source --import tsx scripts/eval.ts [--data-dir DIR]
 */
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatDataSummary, loadTaskBDir, resolveDataDir, summarizeDataDir } from '@jobskill/data';
import {
  OFFICIAL_METRICS,
  evaluateRun,
  formatMarkdownTable,
  metricTable,
  qrelsFromRecords,
  readTrecRun,
} from '../src/index.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface EvalContext {
  dataDir: string;
  repoRoot: string;
}

export interface EvalSection {
  title: string;
  run(ctx: EvalContext): Promise<string>;
}

/**
 * turbo runs this script inside packages/eval, so a relative data dir (flag or $JOBSKILL_DATA_DIR,
 * e.g. the documented `../shared/data`) is taken relative to the repo root, not the cwd.
 */
export function evalDataDir(flag?: string): string {
  return resolveDataDir(flag);
}

/** Data summary: rows per source, resumes without skills, queries/corpus/qrels per Task B directory. */
export async function dataSummarySection(ctx: EvalContext): Promise<string> {
  return formatDataSummary(await summarizeDataDir(ctx.dataDir));
}

/** Metrics of the official toy run: the six official metrics + nDCG@10, binary and graded side by side. */
export async function toyTaskBSection(ctx: EvalContext): Promise<string> {
  const toyDir = join(ctx.dataDir, 'talentclef2026_taskB_toy');
  const split = await loadTaskBDir(toyDir);
  if (!split.qrels) return `${toyDir} has no qrels.tsv; nothing to score`;
  const qrels = qrelsFromRecords(split.qrels);
  const runFile = join(toyDir, 'sample_run.txt');
  const run = await readTrecRun(runFile);
  const metrics = [...OFFICIAL_METRICS, 'ndcg@10', 'recall@10', 'hit_rate@1'];
  const table = metricTable(
    {
      binary: evaluateRun(qrels, run, { graded: false, metrics }),
      graded: evaluateRun(qrels, run, { graded: true, metrics }),
    },
    { metrics },
  );
  return [
    `run: ${relative(ctx.dataDir, runFile)}  (${run.size} queries; qrels: ${qrels.size} queries, ${split.qrels.length} judgements)`,
    'binary = every grade > 0 set to 1; graded = raw grades (2 core, 1 contextual); only nDCG differs.',
    '',
    formatMarkdownTable(table, { decimals: 4 }),
  ].join('\n');
}

/** Sections printed in order. Append new ones here. */
export const sections: EvalSection[] = [
  { title: 'Data summary', run: dataSummarySection },
  { title: 'TalentCLEF 2026 Task B toy data: sample_run.txt', run: toyTaskBSection },
];

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const flagAt = argv.indexOf('--data-dir');
  const flag = flagAt >= 0 ? argv[flagAt + 1] : undefined;
  const ctx: EvalContext = { dataDir: evalDataDir(flag), repoRoot };
  let failures = 0;
  for (const section of sections) {
    console.log(`\n## ${section.title}\n`);
    try {
      console.log(await section.run(ctx));
    } catch (error) {
      // One broken section must not hide the others; the exit code still reports it.
      failures++;
      console.log(`section failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
