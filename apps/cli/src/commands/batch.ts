import { Command } from 'commander';
import { DEFAULT_QUEUE_NAME, batchStatus, collectBatch, retryFailedChunks, startBatchWorker, submitBatch, BATCH_TASKS } from '@jobskill/batch';
import { examples, intOption, type CommandContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { printJson, println, resolveUserPath } from '../io.ts';

interface LocatorOptions {
  queue: string;
  queueName: string;
  out?: string;
  batch?: string;
}

const queueOption = ['--queue <url>', 'Redis holding the BullMQ queue: redis://HOST:PORT[/DB]'] as const;
const queueNameOption = ['--queue-name <name>', 'BullMQ queue name (to keep apart several batch systems on one Redis)', DEFAULT_QUEUE_NAME] as const;

function locator(ctx: CommandContext, opts: LocatorOptions) {
  if (opts.out === undefined && opts.batch === undefined) throw new UsageError('name the batch: --out DIR (as given to submit) or --batch ID');
  return {
    queue: opts.queue,
    queueName: opts.queueName,
    ...(opts.out !== undefined ? { out: resolveUserPath(ctx.io, opts.out) } : {}),
    ...(opts.batch !== undefined ? { batchId: opts.batch } : {}),
  };
}

/** `jobskill batch submit|status|collect|retry`: millions of rows across machines, through BullMQ on Redis. */
export function batchCommand(ctx: CommandContext): Command {
  const batch = new Command('batch')
    .description('batch jobs on a Redis queue (BullMQ): submit, then run `jobskill worker` on any machines, then collect')
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill batch submit --queue redis://127.0.0.1:6379 --task label --in resumes.parquet --out runs/labels',
        'pnpm jobskill worker --queue redis://127.0.0.1:6379',
        'pnpm jobskill batch collect --queue redis://127.0.0.1:6379 --out runs/labels',
      ),
    );

  batch
    .command('submit')
    .description('split an input file into chunks and queue them (idempotent: the same input and options is the same batch)')
    .requiredOption(...queueOption)
    .option(...queueNameOption)
    .requiredOption('--task <task>', `one of: ${Object.keys(BATCH_TASKS).join(', ')}`)
    .requiredOption('--in <file>', 'label: resumes (parquet/CSV/TSV/JSONL); skills: titles (.txt one per line, or a table with --text-col)')
    .requiredOption('--out <dir>', 'folder for the manifest now and the output after collect')
    .option('--chunk-size <n>', 'rows per chunk (unit of work and retry)', intOption('--chunk-size', 1, 100_000), 500)
    .option('--labeler <name>', 'label: the labeler (default rules)')
    .option('--model <id|path>', 'label: model of the labeler, for those that take one')
    .option('--skills-col <col>', 'label: skills column')
    .option('--text-col <col>', 'skills: title column of a table (default "title")')
    .option('--id-col <col>', 'id column echoed into the output')
    .option('-k, --k <n>', 'skills: skills per title', intOption('-k', 1, 13_896))
    .option('--no-rerank', 'skills: first stage only')
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill batch submit --queue redis://127.0.0.1:6379 --task label --in resumes.parquet --out runs/labels',
        'pnpm jobskill batch submit --queue redis://127.0.0.1:6379 --task skills --in titles.txt --out runs/skills -k 20',
      ),
    )
    .action(async (opts: LocatorOptions & { task: string; in: string; out: string; chunkSize: number; labeler?: string; model?: string; skillsCol?: string; textCol?: string; idCol?: string; k?: number; rerank: boolean }, command: Command) => {
      const taskOptions: Record<string, unknown> = {};
      if (opts.task === 'label') {
        if (opts.labeler !== undefined) taskOptions.labeler = opts.labeler;
        if (opts.model !== undefined) taskOptions.model = opts.model;
        if (opts.skillsCol !== undefined) taskOptions.skillsCol = opts.skillsCol;
        for (const [flag, value] of [['--text-col', opts.textCol], ['-k', opts.k]] as const) {
          if (value !== undefined) throw new UsageError(`${flag} is an option of --task skills, not label`);
        }
        if (!opts.rerank) throw new UsageError('--no-rerank is an option of --task skills, not label');
      } else if (opts.task === 'skills') {
        if (opts.textCol !== undefined) taskOptions.textCol = opts.textCol;
        if (opts.k !== undefined) taskOptions.k = opts.k;
        taskOptions.rerank = opts.rerank;
        for (const [flag, value] of [['--labeler', opts.labeler], ['--model', opts.model], ['--skills-col', opts.skillsCol]] as const) {
          if (value !== undefined) throw new UsageError(`${flag} is an option of --task label, not skills`);
        }
      }
      if (opts.idCol !== undefined) taskOptions.idCol = opts.idCol;
      const result = await submitBatch({
        queue: opts.queue,
        queueName: opts.queueName,
        task: opts.task,
        taskOptions,
        in: resolveUserPath(ctx.io, opts.in),
        out: resolveUserPath(ctx.io, opts.out),
        chunkSize: opts.chunkSize,
      });
      if (ctx.json(command)) printJson(ctx.io, { ...result.manifest, added: result.added });
      else {
        const m = result.manifest;
        println(ctx.io, `batch ${m.batchId}: ${m.rows} rows in ${m.chunks} chunks (${result.added} newly queued), ${m.rejected.length} rows rejected at input`);
        println(ctx.io, `  run workers: jobskill worker --queue ${opts.queue}; then: jobskill batch collect --queue ${opts.queue} --out ${opts.out}`);
      }
    });

  batch
    .command('status')
    .description('progress of a batch: chunks by state, rows done, dead letters, failed chunks')
    .requiredOption(...queueOption)
    .option(...queueNameOption)
    .option('--out <dir>', 'the folder given to submit')
    .option('--batch <id>', 'or the batch id')
    .addHelpText('after', examples('pnpm jobskill batch status --queue redis://127.0.0.1:6379 --out runs/labels', 'pnpm jobskill batch status --queue redis://127.0.0.1:6379 --batch 3f2a… --json'))
    .action(async (opts: LocatorOptions, command: Command) => {
      const status = await batchStatus(locator(ctx, opts));
      if (ctx.json(command)) printJson(ctx.io, status);
      else {
        const s = status.byState;
        println(ctx.io, `batch ${status.batchId} (${status.task}): ${status.done ? 'done' : 'running'} — ${status.rowsDone} of ${status.rows} rows processed, ${status.deadLetters} dead letters`);
        println(ctx.io, `  chunks: ${s.completed} completed, ${s.active} active, ${s.waiting} waiting, ${s.delayed} delayed, ${s.failed} failed, ${s.missing} missing (of ${status.chunks})`);
        for (const f of status.failed) println(ctx.io, `  chunk ${f.chunk} failed after ${f.attempts} attempts: ${f.error}`);
      }
    });

  batch
    .command('collect')
    .description('write results.jsonl (input order, each row once) and dead-letter.jsonl into --out, atomically, once every chunk is done')
    .requiredOption(...queueOption)
    .option(...queueNameOption)
    .requiredOption('--out <dir>', 'the folder given to submit')
    .addHelpText('after', examples('pnpm jobskill batch collect --queue redis://127.0.0.1:6379 --out runs/labels'))
    .action(async (opts: LocatorOptions & { out: string }, command: Command) => {
      const report = await collectBatch({ ...locator(ctx, opts), out: resolveUserPath(ctx.io, opts.out) });
      if (ctx.json(command)) printJson(ctx.io, report);
      else println(ctx.io, `batch ${report.batchId}: ${report.written} rows → ${report.results}; ${report.deadLetters} dead letters → ${report.deadLetter}`);
    });

  batch
    .command('retry')
    .description('queue the failed chunks of a batch again (after fixing what made them fail)')
    .requiredOption(...queueOption)
    .option(...queueNameOption)
    .option('--out <dir>', 'the folder given to submit')
    .option('--batch <id>', 'or the batch id')
    .addHelpText('after', examples('pnpm jobskill batch retry --queue redis://127.0.0.1:6379 --out runs/labels'))
    .action(async (opts: LocatorOptions, command: Command) => {
      const result = await retryFailedChunks(locator(ctx, opts));
      if (ctx.json(command)) printJson(ctx.io, result);
      else println(ctx.io, `${result.retried} failed chunks queued again`);
    });
  return batch;
}

/** `jobskill worker`: takes chunks from the queue until SIGTERM/SIGINT (then finishes the chunk in hand). */
export function workerCommand(ctx: CommandContext): Command {
  return new Command('worker')
    .description('run batch chunks from a Redis queue; start one per core, on as many machines as you like')
    .requiredOption(...queueOption)
    .option(...queueNameOption)
    .option('--concurrency <n>', 'chunks at once in this process', intOption('--concurrency', 1, 64), 1)
    .option('--lock-ms <n>', 'a chunk whose worker stops renewing its lock this long goes to another worker', intOption('--lock-ms', 500, 600_000), 30_000)
    .addHelpText('after', examples('pnpm jobskill worker --queue redis://127.0.0.1:6379'))
    .action(async (opts: { queue: string; queueName: string; concurrency: number; lockMs: number }, command: Command) => {
      // Only the skills task reads ESCO: a worker for label jobs needs no data directory.
      let dataDir: string | undefined;
      try {
        dataDir = ctx.dataDir(command);
      } catch (error) {
        if (command.optsWithGlobals<{ dataDir?: string }>().dataDir !== undefined) throw error;
      }
      const worker = startBatchWorker({
        queue: opts.queue,
        queueName: opts.queueName,
        concurrency: opts.concurrency,
        lockMs: opts.lockMs,
        ...(dataDir !== undefined ? { dataDir } : {}),
        log: (line) => ctx.io.stderr.write(`${line}\n`),
      });
      await worker.ready();
      println(ctx.io, `worker ready on ${opts.queue} (queue ${opts.queueName}, pid ${process.pid})`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          resolve();
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      await worker.close();
      println(ctx.io, `worker stopped after ${worker.completed} chunks`);
    });
}
