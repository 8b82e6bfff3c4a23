#!/usr/bin/env node
// `pnpm jobskill`: the built CLI (apps/cli/dist, `pnpm build`), started in this process so a command pays no
// TypeScript loader. When there is no build, or a source file is newer than it (edited since `pnpm build`), the
// sources run through tsx instead (slower start), with a note on stderr; JOBSKILL_CLI_FROM_SOURCE=1 forces that.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'apps/cli/dist/main.js');

/** Newest modification time of the workspace's TypeScript sources (packages/* and apps/*, src only). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const group of ['packages', 'apps']) {
    for (const pkg of readdirSync(join(root, group))) {
      try {
        walk(join(root, group, pkg, 'src'));
      } catch {
        // a package without src
      }
    }
  }
  return newest;
}

function builtIsCurrent() {
  try {
    return statSync(built).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

if (process.env.JOBSKILL_CLI_FROM_SOURCE !== '1' && builtIsCurrent()) {
  await import(pathToFileURL(built).href);
} else {
  if (process.env.JOBSKILL_CLI_FROM_SOURCE !== '1') {
    process.stderr.write('note: apps/cli is not built or older than the sources (pnpm build); running the sources through tsx\n');
  }
  const source = join(root, 'apps/cli/src/main.ts');
  const child = spawn(process.execPath, ['--conditions=@jobskill/source', '--import', 'tsx', source, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
}
