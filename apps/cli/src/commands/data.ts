import { Command } from 'commander';
import { JobskillError, fetchSources, formatDataSummary, listDataSources, summarizeDataDir } from '@jobskill/data';
import { mkdirSync } from 'node:fs';
import { examples, type CommandContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { printJson, println, resolveUserPath } from '../io.ts';

export function dataCommand(ctx: CommandContext): Command {
  const data = new Command('data')
    .description('inspect or download the data directory')
    .addHelpText('after', examples('pnpm jobskill data inspect', 'pnpm jobskill data fetch --data-dir ./data'));

  data
    .command('inspect')
    .description('summarize the data directory: rows per source, resumes without skills, Task B queries/corpus/qrels')
    .addHelpText(
      'after',
      examples('pnpm jobskill data inspect', 'pnpm jobskill data inspect --data-dir ../shared/data --json | jq .taskB'),
    )
    .action(async (opts: { json?: boolean }, command: Command) => {
      const summary = await summarizeDataDir(ctx.dataDir(command));
      if (ctx.json(command)) printJson(ctx.io, summary);
      else ctx.io.stdout.write(`${formatDataSummary(summary).trimEnd()}\n`);
    });

  data
    .command('fetch')
    .description('download the public sources into the data directory (sha256-checked, written atomically)')
    .option('--source <ids...>', 'only these sources (see --list)')
    .option('--force', 're-download even when the files are present')
    .option('--base-url <url>', 'fetch from a mirror with the same paths')
    .option('--list', 'list the known sources and exit')
    .addHelpText(
      'after',
      examples('pnpm jobskill data fetch --list', 'pnpm jobskill --data-dir ./data data fetch --source resumes', 'pnpm jobskill data fetch --json'),
    )
    .action(async (opts: { source?: string[]; force?: boolean; baseUrl?: string; list?: boolean; json?: boolean }, command: Command) => {
      const known = listDataSources();
      if (opts.list) {
        if (ctx.json(command)) printJson(ctx.io, known);
        else for (const s of known) println(ctx.io, `${s.id.padEnd(22)} ${s.title}`);
        return;
      }
      for (const id of opts.source ?? []) {
        if (!known.some((s) => s.id === id)) {
          throw new UsageError(`unknown source "${id}"; valid sources: ${known.map((s) => s.id).join(', ')}`);
        }
      }
      // fetch creates the data directory: take the flag as given instead of requiring it to exist.
      const flag = command.optsWithGlobals<{ dataDir?: string }>().dataDir ?? ctx.io.env.JOBSKILL_DATA_DIR;
      let dataDir: string;
      if (flag !== undefined) {
        dataDir = resolveUserPath(ctx.io, flag);
        mkdirSync(dataDir, { recursive: true });
      } else dataDir = ctx.dataDir(command);
      const reports = await fetchSources({
        dataDir,
        force: opts.force === true,
        ...(opts.source ? { sources: opts.source as never } : {}),
        ...(opts.baseUrl ? { baseUrl: opts.baseUrl } : {}),
      });
      if (ctx.json(command)) printJson(ctx.io, { dataDir, sources: reports });
      else {
        for (const r of reports) {
          println(ctx.io, `${r.source.padEnd(22)} ${r.status.padEnd(10)} ${r.reason}`);
          for (const f of r.files) println(ctx.io, `  ${f.path} (${f.bytes} bytes, verified by ${f.verifiedBy})`);
          if (r.manual) println(ctx.io, `  manual step: ${r.manual}`);
        }
      }
      const failed = reports.filter((r) => r.status === 'failed');
      if (failed.length > 0) {
        throw new JobskillError('FETCH_FAILED', `${failed.length} source(s) failed: ${failed.map((r) => `${r.source} (${r.reason})`).join('; ')}`);
      }
    });
  return data;
}
