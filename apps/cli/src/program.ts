import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { createContext, examples } from './context.ts';
import { describeError, EXIT, UsageError } from './errors.ts';
import { processIo, type CliIo } from './io.ts';
import { serveCommand } from './commands/serve.ts';
import { modelCommand } from './commands/model.ts';
import { dataCommand } from './commands/data.ts';
import { labelCommand } from './commands/label.ts';
import { skillsCommand } from './commands/skills.ts';
import { skillCommand } from './commands/skill.ts';
import { indexCommand } from './commands/index-build.ts';
import { evalCommand } from './commands/eval.ts';
import { rankCommand } from './commands/rank.ts';
import { batchCommand, workerCommand } from './commands/batch.ts';
import { extractCommand } from './commands/extract.ts';
import { resumeCommand } from './commands/resume.ts';
import { matchCommand, occupationsCommand } from './commands/match.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The whole CLI as a commander program writing to `io`; commands are assembled here, one file each. */
export function createProgram(io: CliIo): Command {
  const ctx = createContext(io);
  const program = new Command('jobskill')
    .description('Job title → ESCO skills retrieval and resume → role labeling')
    .option('--data-dir <dir>', 'data directory (default: $JOBSKILL_DATA_DIR, else ../shared/data)')
    .option('--json', 'machine-readable JSON on stdout')
    .version(`jobskill ${version}`, '-V, --version', 'print the version')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill data inspect',
        'pnpm jobskill skills "data scientist" -k 10',
        'pnpm jobskill label --in resumes.parquet --out labels.jsonl --labeler rules',
        'pnpm jobskill eval --json',
        'pnpm jobskill serve --port 8080',
      ),
    );
  program.addCommand(dataCommand(ctx));
  program.addCommand(modelCommand(ctx));
  program.addCommand(indexCommand(ctx));
  program.addCommand(skillsCommand(ctx));
  program.addCommand(skillCommand(ctx));
  program.addCommand(labelCommand(ctx));
  program.addCommand(evalCommand(ctx));
  program.addCommand(rankCommand(ctx));
  program.addCommand(extractCommand(ctx));
  program.addCommand(resumeCommand(ctx));
  program.addCommand(occupationsCommand(ctx));
  program.addCommand(matchCommand(ctx));
  program.addCommand(serveCommand(ctx));
  program.addCommand(batchCommand(ctx));
  program.addCommand(workerCommand(ctx));

  // Route all commander output through io and make it throw instead of calling process.exit.
  const configure = (command: Command) => {
    command
      .exitOverride()
      // Subcommands do not inherit help settings: list the global options (--json, --data-dir) on every page.
      .configureHelp({ showGlobalOptions: true })
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  return program;
}

/** Runs the CLI on user arguments (no node/script prefix) and returns the exit code. */
export async function run(args: string[], io: CliIo = processIo()): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version are "errors" with exit code 0; real usage errors were already printed by commander.
      if (error.exitCode === 0) return EXIT.ok;
      // An option parser threw our UsageError: commander wraps it; print ours.
      return EXIT.usage;
    }
    const { code, message } = describeError(error, io.env.JOBSKILL_DEBUG !== undefined);
    io.stderr.write(`${message}\n`);
    return code;
  }
}

export { UsageError };
