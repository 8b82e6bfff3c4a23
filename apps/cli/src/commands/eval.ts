import { Command } from 'commander';
import { DEFAULT_TASKB_DIRS, formatTaskBTable, runTaskBEval, taskBReportTables, taskBSummary } from '@jobskill/retrieval';
import { defaultEvalReportPath, evalReport, writeEvalReport } from '@jobskill/eval';
import { examples, type CommandContext } from '../context.ts';
import { printJson, println, resolveUserPath } from '../io.ts';
import { progressReporter } from '../progress.ts';

export function evalCommand(ctx: CommandContext): Command {
  return new Command('eval')
    .description('evaluate the retrieval systems side by side on TalentCLEF Task B directories (MAP, MRR, nDCG, P@k)')
    .option('--taskb-dir <dirs...>', `Task B directories (queries, corpus_elements, qrels.tsv); default: ${DEFAULT_TASKB_DIRS.join(', ')} in the data directory, plus the TechWolf dev set when "pnpm turbo run model" wrote it`)
    .option('--run-dir <dir>', 'where TREC run files are written (<run-dir>/<dir name>/<system>.trec)', 'runs')
    .option('--no-runs', 'write no run files')
    .option('--report <file>', `JSON report of the tables, written atomically (the API serves it at GET /v1/eval/report); default: ${'$'}JOBSKILL_CACHE_DIR/eval-report.json, else <repo>/.jobskill-cache/eval-report.json`)
    .option('--no-report', 'write no JSON report')
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill eval',
        'pnpm jobskill eval --taskb-dir ../shared/data/talentclef2026_taskB_toy --json',
        'pnpm jobskill eval --taskb-dir my_heldout_queries --run-dir /tmp/runs',
        'pnpm jobskill eval --report /tmp/eval-report.json',
      ),
    )
    .action(async (opts: { taskbDir?: string[]; runDir: string; runs: boolean; report?: string | false; json?: boolean }, command: Command) => {
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
      const { evaluations } = await runTaskBEval({
        ...(dataDir !== undefined ? { dataDir } : {}),
        ...(opts.taskbDir ? { dirs: opts.taskbDir.map((d) => resolveUserPath(ctx.io, d)) } : {}),
        runDir,
        onProgress: ({ dir, done, total }) => progress({ stage: `eval ${dir.split('/').slice(-1)[0]}`, done, total }),
        // The other systems are still worth a table; say loudly which one is missing and why.
        onNote: (line) => ctx.io.stderr.write(`note: ${line}\n`),
      });
      progress.stop();
      if (opts.report !== false) {
        const reportFile = opts.report === undefined ? defaultEvalReportPath() : resolveUserPath(ctx.io, opts.report);
        await writeEvalReport(reportFile, evalReport('jobskill eval', taskBReportTables(evaluations)));
        ctx.io.stderr.write(`eval report: ${reportFile}\n`);
      }
      if (ctx.json(command)) {
        printJson(ctx.io, taskBSummary(evaluations));
        return;
      }
      for (const evaluation of evaluations) {
        println(ctx.io, `${evaluation.dir}: ${evaluation.queries} queries, ${evaluation.corpusSize} skills${evaluation.gradedQrels ? ', graded qrels' : ''}`);
        ctx.io.stdout.write(`${formatTaskBTable(evaluation).trimEnd()}\n\n`);
      }
      if (runDir !== null) println(ctx.io, `run files: ${runDir}`);
    });
}
