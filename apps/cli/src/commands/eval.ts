import { join } from 'node:path';
import { Command } from 'commander';
import {
  createEncoderByName,
  createReranker,
  defaultTaskBSystems,
  evalTaskB,
  formatTaskBTable,
  taskBSummary,
  type Reranker,
  type TaskBEvaluation,
  type TaskBSystem,
} from '@jobskill/retrieval';
import { examples, type CommandContext } from '../context.ts';
import { printJson, println, resolveUserPath } from '../io.ts';
import { progressReporter } from '../progress.ts';

/** The Task B directories evaluated when none is given, relative to the data directory. */
export const DEFAULT_TASKB_DIRS = Object.freeze(['talentclef2025_taskB/validation', 'talentclef2026_taskB_toy']);

export function evalCommand(ctx: CommandContext): Command {
  return new Command('eval')
    .description('evaluate the retrieval systems side by side on TalentCLEF Task B directories (MAP, MRR, nDCG, P@k)')
    .option('--taskb-dir <dirs...>', `Task B directories (queries, corpus_elements, qrels.tsv); default: ${DEFAULT_TASKB_DIRS.join(', ')} in the data directory`)
    .option('--run-dir <dir>', 'where TREC run files are written (<run-dir>/<dir name>/<system>.trec)', 'runs')
    .option('--no-runs', 'write no run files')
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill eval',
        'pnpm jobskill eval --taskb-dir ../shared/data/talentclef2026_taskB_toy --json',
        'pnpm jobskill eval --taskb-dir my_heldout_queries --run-dir /tmp/runs',
      ),
    )
    .action(async (opts: { taskbDir?: string[]; runDir: string; runs: boolean; json?: boolean }, command: Command) => {
      const dirs = opts.taskbDir
        ? opts.taskbDir.map((d) => resolveUserPath(ctx.io, d))
        : DEFAULT_TASKB_DIRS.map((d) => join(ctx.dataDir(command), d));
      const encoder = await createEncoderByName('embedded');
      let reranker: Reranker | null = null;
      try {
        try {
          reranker = await createReranker('embedded', { encoder, dataDir: ctx.dataDir(command) });
        } catch (error) {
          // The other systems are still worth a table; say loudly which one is missing and why.
          ctx.io.stderr.write(`note: system "default" skipped: ${(error as Error).message}\n`);
        }
        const systems = defaultTaskBSystems({ encoder, embeddedReranker: reranker });
        const progress = progressReporter(ctx.io);
        const evaluations: TaskBEvaluation[] = [];
        for (const dir of dirs) {
          const names = Object.keys(systems);
          let done = 0;
          const stage = `eval ${dir.split('/').slice(-1)[0]}`;
          const tracked: Record<string, TaskBSystem> = {};
          for (const name of names) {
            tracked[name] = async (context) => {
              const run = await systems[name]!(context);
              progress({ stage, done: ++done, total: names.length });
              return run;
            };
          }
          progress({ stage, done: 0, total: names.length });
          evaluations.push(await evalTaskB(dir, { systems: tracked, runDir: opts.runs ? resolveUserPath(ctx.io, opts.runDir) : null }));
        }
        progress.stop();
        if (ctx.json(command)) {
          printJson(ctx.io, taskBSummary(evaluations));
          return;
        }
        for (const evaluation of evaluations) {
          println(ctx.io, `${evaluation.dir}: ${evaluation.queries} queries, ${evaluation.corpusSize} skills${evaluation.gradedQrels ? ', graded qrels' : ''}`);
          ctx.io.stdout.write(`${formatTaskBTable(evaluation).trimEnd()}\n\n`);
        }
        if (opts.runs) println(ctx.io, `run files: ${resolveUserPath(ctx.io, opts.runDir)}`);
      } finally {
        await reranker?.dispose?.();
        await encoder.dispose();
      }
    });
}
