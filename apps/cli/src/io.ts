import { isAbsolute, resolve } from 'node:path';

/** Where a command writes and how it resolves user paths; injected so tests run commands in-process. */
export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Base for relative paths the user typed: the shell's cwd (pnpm runs scripts from the repo root). */
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // pnpm sets INIT_CWD to the directory `pnpm jobskill` was typed in.
    cwd: process.env.INIT_CWD ?? process.cwd(),
  };
}

export function resolveUserPath(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function println(io: CliIo, line = ''): void {
  io.stdout.write(`${line}\n`);
}
