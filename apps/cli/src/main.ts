#!/usr/bin/env node
import { launcherWatchWanted, watchLauncher } from './launcher-watch.ts';
import { run } from './program.ts';

// A reader that goes away (`| head`, `| jq` failing) is not an error of ours: stop quietly, like other Unix tools.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

// Launched by `pnpm jobskill …`: go down with the launcher (pnpm does not forward SIGTERM through its `sh -c`).
if (launcherWatchWanted(process.env)) watchLauncher();

process.exitCode = await run(process.argv.slice(2));
