import cluster, { type Worker } from 'node:cluster';
import { once } from 'node:events';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { JobskillError } from '@jobskill/data';

/**
 * Several server processes on one port (node:cluster): the primary accepts connections and hands them to the
 * workers round-robin. Each worker loads its own models and memory-maps the same index file, so N workers use
 * N cores (search is CPU-bound and single-threaded per process) at the cost of N × the model memory (~1.3 GB each).
 */
export const StartClusterOptions = z.object({
  workers: z.int().min(1).max(64),
  host: z.string().default('127.0.0.1'),
  /** 0: the primary picks a free port once and every worker shares it. */
  port: z.int().min(0).max(65_535).default(8080),
  dataDir: z.string().optional(),
  logLevel: z.enum(['silent', 'fatal', 'error', 'warn', 'info', 'debug']).default('info'),
  requestTimeoutMs: z.int().positive().default(10_000),
  bodyLimit: z.int().positive().default(1_048_576),
  shutdownTimeoutMs: z.int().positive().default(10_000),
  /**
   * A module whose `createServices()` returns the ApiServices each worker serves (an absolute path or file URL);
   * default: the real retriever and labelers loaded from `dataDir`.
   */
  servicesModule: z.string().optional(),
  /** Give up when the workers are not all ready after this long (loading models takes ~10 s per worker). */
  readyTimeoutMs: z.int().positive().default(300_000),
  /**
   * V8 old-space limit of each worker (`--max-old-space-size`, MB); 0 leaves Node's default (≈ 4 GB here). A worker
   * holds ≈ 200 MB of live heap; under the default limit V8 lets garbage pile up to ≈ 750 MB RSS under cold load
   * before it collects, under 512 it stays ≈ 490 MB (apps/api README, "Memory"). A worker that runs out is replaced.
   */
  maxHeapMb: z.int().min(0).default(512),
});
export type StartClusterOptions = z.input<typeof StartClusterOptions>;

/** Worker → primary messages. */
export type ClusterMessage = { type: 'ready'; url: string } | { type: 'failed'; message: string };

export interface RunningCluster {
  url: string;
  workers: number;
  /** SIGTERM to every worker (each finishes its in-flight requests), then waits for them to exit. */
  close(): Promise<void>;
}

export const CLUSTER_OPTIONS_ENV = 'JOBSKILL_CLUSTER_OPTIONS';

/**
 * Forks `workers` server processes and resolves once every one is ready (its /readyz answers 200). A worker that
 * fails to load rejects the start (and stops the others); a worker that dies later is replaced. Signals: the
 * primary forwards SIGTERM/SIGINT to the workers and exits when they have closed.
 */
export async function startCluster(input: StartClusterOptions): Promise<RunningCluster> {
  if (!cluster.isPrimary) throw new JobskillError('NOT_PRIMARY', 'startCluster must be called in the primary process');
  const options = StartClusterOptions.parse(input);
  // The worker entry sits next to this file: .ts when run from src (tsx, inherited execArgv), .js from dist.
  const here = fileURLToPath(import.meta.url);
  const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--max-old-space-size'));
  if (options.maxHeapMb > 0) execArgv.push(`--max-old-space-size=${options.maxHeapMb}`);
  cluster.setupPrimary({ exec: fileURLToPath(new URL(`./cluster-worker${extname(here)}`, import.meta.url)), execArgv });

  let closing = false;
  /** True once every first worker was ready: only then is a dying worker replaced. */
  let started = false;
  const live = new Set<Worker>();
  const fork = (): Worker => {
    const worker = cluster.fork({ [CLUSTER_OPTIONS_ENV]: JSON.stringify(options) });
    live.add(worker);
    worker.on('exit', (code, signal) => {
      live.delete(worker);
      if (closing || !started) return;
      process.stderr.write(`jobskill serve: worker ${worker.process.pid} exited (${signal ?? code}); starting a new one\n`);
      fork();
    });
    return worker;
  };

  const readyOf = (worker: Worker): Promise<string> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: ClusterMessage) => {
        if (message?.type === 'ready') resolve(message.url);
        else if (message?.type === 'failed') reject(new JobskillError('WORKER_FAILED', `worker ${worker.process.pid}: ${message.message}`));
      };
      worker.on('message', onMessage);
      worker.once('exit', (code, signal) => reject(new JobskillError('WORKER_FAILED', `worker ${worker.process.pid} exited (${signal ?? code}) before it was ready`)));
    });

  const close = async (): Promise<void> => {
    closing = true;
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    const exits = [...live].map((w) => (w.isDead() ? Promise.resolve() : once(w, 'exit').then(() => undefined)));
    for (const w of live) if (!w.isDead()) w.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const w of live) if (!w.isDead()) w.process.kill('SIGKILL');
    }, options.shutdownTimeoutMs + 1_000);
    timer.unref();
    await Promise.all(exits);
    clearTimeout(timer);
  };
  const onSignal = () => {
    void close().then(() => {
      process.exitCode = 0;
    });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  const workers = Array.from({ length: options.workers }, fork);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new JobskillError('WORKER_FAILED', `workers not ready after ${options.readyTimeoutMs} ms`)),
        options.readyTimeoutMs,
      );
    });
    const urls = await Promise.race([Promise.all(workers.map(readyOf)), timeout]);
    started = true;
    return { url: urls[0]!, workers: options.workers, close };
  } catch (error) {
    await close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
