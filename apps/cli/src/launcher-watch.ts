import { readFileSync } from 'node:fs';

/**
 * `pnpm jobskill serve` runs pnpm → sh -c → node. A SIGTERM to pnpm does not reach node, which would keep serving as an
 * orphan (parent PID 1). So when a package manager launched us, we watch the launcher chain (every ancestor up to and
 * including the package manager) and, once one of them is gone, stop as if we had got SIGTERM. Linux /proc only;
 * elsewhere (and when spawned with an IPC channel) the IPC disconnect is the signal.
 */

/** Process start time (clock ticks since boot, /proc/PID/stat field 22) and state; undefined when the PID is gone. */
function procStat(pid: number): { ppid: number; start: string; state: string; cmd: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is parenthesized and may hold spaces or parentheses: split after its last ')'.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      // not readable: the start time still identifies the process
    }
    return { state: fields[0]!, ppid: Number(fields[1]), start: fields[19]!, cmd };
  } catch {
    return undefined;
  }
}

const PACKAGE_MANAGER = /(^|[\s/])(pnpm|npm|npx|yarn|bun)(\.c?js)?(\s|$)|npm-cli\.js|pnpm\.c?js/;

/** The ancestors from our parent up to the nearest package manager, with their start times; [] when none is one. */
export function launcherChain(pid = process.pid, maxDepth = 6): { pid: number; start: string }[] {
  const chain: { pid: number; start: string }[] = [];
  let current = procStat(pid)?.ppid;
  for (let depth = 0; current !== undefined && current > 1 && depth < maxDepth; depth++) {
    const stat = procStat(current);
    if (stat === undefined) return [];
    chain.push({ pid: current, start: stat.start });
    if (PACKAGE_MANAGER.test(stat.cmd)) return chain;
    current = stat.ppid;
  }
  return [];
}

function alive(entry: { pid: number; start: string }): boolean {
  const stat = procStat(entry.pid);
  // A reused PID has another start time; a zombie has exited already.
  return stat !== undefined && stat.start === entry.start && stat.state !== 'Z';
}

export interface LauncherWatchOptions {
  intervalMs?: number;
  /** Called once a launcher is gone; default: SIGTERM to ourselves (graceful close), then exit after `graceMs`. */
  onGone?: () => void;
  graceMs?: number;
}

/** Starts the watch (unref'd timers: it never keeps the CLI alive); returns a stop function. */
export function watchLauncher(options: LauncherWatchOptions = {}): () => void {
  const graceMs = options.graceMs ?? 10_000;
  let fired = false;
  const gone = () => {
    if (fired) return;
    fired = true;
    stop();
    if (options.onGone) return options.onGone();
    process.stderr.write('note: the launching process is gone; shutting down\n');
    // SIGTERM runs the command's own graceful shutdown (serve closes its server); without a handler it ends the process.
    process.kill(process.pid, 'SIGTERM');
    setTimeout(() => process.exit(143), graceMs).unref();
  };
  if (process.connected) process.once('disconnect', gone);
  const chain = process.platform === 'linux' ? launcherChain() : [];
  const timer = chain.length === 0 ? undefined : setInterval(() => {
    if (!chain.every(alive)) gone();
  }, options.intervalMs ?? 1_000);
  timer?.unref();
  const stop = () => {
    if (timer) clearInterval(timer);
    process.off('disconnect', gone);
  };
  return stop;
}

/** On when a package-manager script launched us (it sets npm_lifecycle_event); JOBSKILL_NO_LAUNCHER_WATCH=1 turns it off. */
export function launcherWatchWanted(env: NodeJS.ProcessEnv): boolean {
  return env.npm_lifecycle_event !== undefined && !env.JOBSKILL_NO_LAUNCHER_WATCH;
}
