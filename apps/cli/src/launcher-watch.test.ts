import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launcherWatchWanted } from './launcher-watch.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const dataDir = process.env.JOBSKILL_DATA_DIR;

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** Every live process whose ancestry includes `root`. */
function descendants(root: number): number[] {
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  return pids.filter((pid) => {
    for (let p = parentOf(pid), depth = 0; p !== undefined && p > 1 && depth < 10; p = parentOf(p), depth++) if (p === root) return true;
    return false;
  });
}

const exists = (pid: number) => {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return state.slice(state.lastIndexOf(')') + 2, state.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

async function waitFor(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

describe('launcher watch', () => {
  it('is on under a package-manager script only, and can be turned off', () => {
    expect(launcherWatchWanted({ npm_lifecycle_event: 'jobskill' })).toBe(true);
    expect(launcherWatchWanted({})).toBe(false);
    expect(launcherWatchWanted({ npm_lifecycle_event: 'jobskill', JOBSKILL_NO_LAUNCHER_WATCH: '1' })).toBe(false);
  });

  it.runIf(process.platform === 'linux' && dataDir !== undefined)(
    '`pnpm -s jobskill serve` + SIGTERM to the pnpm launcher: the server goes down with it (no orphan)',
    { timeout: 240_000 },
    async () => {
      const launcher = spawn('pnpm', ['-s', 'jobskill', 'serve', '--port', '0', '--log-level', 'silent'], {
        cwd: repoRoot,
        env: { ...process.env, JOBSKILL_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let server: number[] = [];
      launcher.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      launcher.stderr.resume();
      try {
        expect(await waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(stdout), 200_000)).toBe(true);
        const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)![1]);
        expect(await portOpen(port)).toBe(true);
        server = descendants(launcher.pid!).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('serve'));
        expect(server.length).toBeGreaterThan(0);
        launcher.kill('SIGTERM');
        expect(await waitFor(async () => !(await portOpen(port)), 20_000)).toBe(true);
        expect(await waitFor(() => server.every((pid) => !exists(pid)), 20_000)).toBe(true);
      } finally {
        launcher.kill('SIGKILL');
        for (const pid of server) if (exists(pid)) process.kill(pid, 'SIGKILL'); // never leave an orphan behind
      }
    },
  );
});
