import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { createContext, examples } from './context.ts';
import { describeError, EXIT, UsageError } from './errors.ts';
import { processIo, type CliIo } from './io.ts';
import { COMMAND_TABLE, commandOf, type CommandEntry } from './command-table.ts';
const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * The whole CLI as a commander program writing to `io`; commands are assembled here, one file each.
 * `load`: which command modules to import — `'all'`, or the name of the one being run (the others become stubs
 * with their name, usage and description: enough for the top-level help, and no second of module loading).
 */
export async function createProgram(io: CliIo, load: 'all' | 'none' | string = 'all'): Promise<Command> {
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
  for (const entry of COMMAND_TABLE) {
    if (load === 'all' || entry.names.includes(load)) {
      for (const command of await entry.load(ctx)) program.addCommand(command);
    } else {
      for (const stub of stubsOf(entry)) program.addCommand(stub);
    }
  }

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

function stubsOf(entry: CommandEntry): Command[] {
  return entry.stubs.map((stub) => new Command(stub.name).usage(stub.usage).description(stub.description));
}

/** Runs the CLI on user arguments (no node/script prefix) and returns the exit code. */
export async function run(args: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const program = await createProgram(io, commandOf(args) ?? 'none');
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
