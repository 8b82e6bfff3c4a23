/**
 * `pnpm turbo run eval` for @jobskill/eval: prints the data summary and the metric table of the
 * TalentCLEF 2026 toy sample run. Each section is an exported function; later issues append theirs
 * to `sections` (labeling, Task B systems) so one command prints every comparison.
 *
 *   node --conditions=@jobskill/source --import tsx scripts/eval.ts [--data-dir DIR]
 */
import { readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as data from '@jobskill/data';
import { isTaskBDir, loadTaskBDir, resolveDataDir } from '@jobskill/data';
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
  const chosen = flag ?? process.env.JOBSKILL_DATA_DIR ?? '../shared/data';
  return resolveDataDir(isAbsolute(chosen) ? chosen : resolve(repoRoot, chosen));
}

/** Task B directories (queries + corpus_elements) under `root`, at most `depth` levels down, sorted. */
async function findTaskBDirs(root: string, depth = 3): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, level: number): Promise<void> => {
    if (isTaskBDir(dir)) found.push(dir);
    if (level >= depth) return;
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') await walk(join(dir, e.name), level + 1);
    }
  };
  await walk(root, 0);
  return found;
}

/** Fallback summary: queries / corpus / qrels per Task B directory, read with @jobskill/data's loader. */
async function taskBSummary(dataDir: string): Promise<string> {
  const lines = ['| Task B directory | queries | corpus | qrels | judged queries | grades |', '| --- | ---: | ---: | ---: | ---: | --- |'];
  for (const dir of await findTaskBDirs(dataDir)) {
    const split = await loadTaskBDir(dir);
    const qrels = split.qrels ?? [];
    const grades = new Map<number, number>();
    for (const q of qrels) grades.set(q.grade, (grades.get(q.grade) ?? 0) + 1);
    const gradeText = [...grades].sort((a, b) => b[0] - a[0]).map(([g, n]) => `${g}: ${n}`).join(', ');
    const judged = new Set(qrels.map((q) => q.qId)).size;
    lines.push(
      `| ${relative(dataDir, dir)} | ${split.queries.length} | ${split.corpus.length} | ${split.qrels ? qrels.length : '–'} | ${split.qrels ? judged : '–'} | ${gradeText || '–'} |`,
    );
  }
  return lines.join('\n');
}

/** Data summary: @jobskill/data's summarizeDataDir/formatDataSummary when present, else the Task B counts. */
export async function dataSummarySection(ctx: EvalContext): Promise<string> {
  const lib = data as unknown as Record<string, unknown>;
  const summarize = lib['summarizeDataDir'];
  const format = lib['formatDataSummary'];
  if (typeof summarize === 'function' && typeof format === 'function') {
    const summary: unknown = await summarize(ctx.dataDir);
    return `data directory: ${ctx.dataDir}\n\n${String(format(summary))}`;
  }
  return [
    `data directory: ${ctx.dataDir}`,
    '',
    await taskBSummary(ctx.dataDir),
    '',
    '(resume and ESCO counts come from @jobskill/data summarizeDataDir, not available in this build)',
  ].join('\n');
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
