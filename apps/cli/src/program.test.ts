import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from './program.ts';
import { runCli } from './__fixtures__/run-cli.ts';
import { execCli, spawnCli } from './__fixtures__/spawn-cli.ts';

const emptyDir = mkdtempSync(join(tmpdir(), 'jobskill-cli-'));

describe('CLI harness (in-process)', () => {
  it('every command has --help with examples', async () => {
    const program = await createProgram({ stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '.' });
    const paths: string[][] = [];
    const walk = (command: Command, path: string[]) => {
      for (const sub of command.commands) {
        paths.push([...path, sub.name()]);
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(program, []);
    expect(paths.length).toBeGreaterThan(0);
    for (const path of [[], ...paths]) {
      const res = await runCli([...path, '--help']);
      expect(res.code, path.join(' ')).toBe(0);
      expect(res.stdout, path.join(' ')).toMatch(/Usage: jobskill/);
      expect(res.stdout, path.join(' ')).toMatch(/Examples:\n  \$ pnpm jobskill/);
      // The global options are usable after any command, so every help page lists them.
      expect(res.stdout, path.join(' ')).toMatch(/--json/);
      expect(res.stdout, path.join(' ')).toMatch(/--data-dir <dir>/);
    }
  });

  it('--version prints the package version', async () => {
    const res = await runCli(['--version']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^jobskill \d+\.\d+\.\d+\n$/);
  });

  it('usage errors exit 2 with a one-line reason', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command 'frobnicate'/);
    const badPort = await runCli(['serve', '--port', 'abc']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be an integer in 0\.\.65535; got "abc"/);
    const badWorkers = await runCli(['serve', '--workers', '0']);
    expect(badWorkers.code).toBe(2);
    expect(badWorkers.stderr).toMatch(/--workers must be an integer in 1\.\.64; got "0"/);
    const badOption = await runCli(['serve', '--nope']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/unknown option '--nope'/);
  });

  it('a missing data directory is bad input: exit 1, one line naming it', async () => {
    const res = await runCli(['--data-dir', 'no/such/dir', 'serve', '--port', '0'], { cwd: emptyDir });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`error: data directory not found: ${join(emptyDir, 'no/such/dir')} (pass --data-dir DIR or set JOBSKILL_DATA_DIR)\n`);
  });
});

describe('CLI as a real process', () => {
  it('exit code and stderr for a usage error', async () => {
    const res = await execCli(['serve', '--port', '-3']);
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe('error: --port must be an integer in 0..65535; got "-3"');
    expect(res.stdout).toBe('');
  });

  it('serve listens on 127.0.0.1, answers /healthz, and exits 0 on SIGTERM', async () => {
    const child = spawnCli(['--data-dir', emptyDir, 'serve', '--port', '0', '--log-level', 'silent']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString())?.[1];
    expect(url).toBeDefined();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
