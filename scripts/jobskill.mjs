#!/usr/bin/env node
// `pnpm jobskill`: the built CLI (apps/cli/dist, `pnpm build`), started in this process so a command pays no
// TypeScript loader. A checkout without a build runs the sources through tsx instead (slower start), and says so.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../apps/cli/dist/main.js', import.meta.url));
if (existsSync(built) && process.env.JOBSKILL_CLI_FROM_SOURCE !== '1') {
  await import(pathToFileURL(built).href);
} else {
  if (process.env.JOBSKILL_CLI_FROM_SOURCE !== '1') process.stderr.write('note: apps/cli is not built (pnpm build); running it from source through tsx\n');
  const source = fileURLToPath(new URL('../apps/cli/src/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@jobskill/source', '--import', 'tsx', source, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
}
