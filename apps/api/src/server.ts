import type { FastifyInstance } from 'fastify';
import { JobskillError } from '@jobskill/data';
import { z } from 'zod';
import { buildApp } from './app.ts';
import type { ApiServices } from './services.ts';
import { loadServices } from './real-services.ts';

export const StartServerOptions = z.object({
  host: z.string().default('127.0.0.1'),
  /** 0 picks a free port. */
  port: z.int().min(0).max(65_535).default(8080),
  /** Injected services; default: the real retriever and labelers loaded from `dataDir`. */
  services: z.custom<ApiServices | Promise<ApiServices>>().optional(),
  dataDir: z.string().optional(),
  logLevel: z.enum(['silent', 'fatal', 'error', 'warn', 'info', 'debug']).default('info'),
  /** Per-request handler deadline in ms (0 = none): the work stops and a 503 problem answers. */
  requestTimeoutMs: z.int().nonnegative().default(10_000),
  /** Time allowed to receive a whole request (headers + body): a slower client gets a 408 problem. */
  bodyTimeoutMs: z.int().positive().default(10_000),
  bodyLimit: z.int().positive().default(1_048_576),
  /** Browser origins allowed by CORS; empty (default) = CORS off. */
  corsOrigins: z.array(z.string().min(1)).default([]),
  /** Close gracefully on SIGTERM/SIGINT (in-flight requests finish, new ones get 503). */
  handleSignals: z.boolean().default(true),
  /** Give up waiting for in-flight requests after this long on shutdown. */
  shutdownTimeoutMs: z.int().positive().default(10_000),
  /** The built web page served at `/` (default apps/web/dist); null serves none. */
  webDir: z.string().nullable().optional(),
  /** The eval report served at GET /v1/eval/report (default $JOBSKILL_CACHE_DIR/eval-report.json). */
  evalReportPath: z.string().optional(),
});
export type StartServerOptions = z.input<typeof StartServerOptions>;

export interface RunningServer {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  /** Resolves once services finished loading (or failed: then /readyz stays 503). */
  loaded: Promise<void>;
  close(): Promise<void>;
}

/**
 * Listens first, loads models and the index in the background: /healthz answers at once and /readyz turns 200
 * when loading finishes, so orchestrators can tell "starting" from "dead".
 */
export async function startServer(input: StartServerOptions = {}): Promise<RunningServer> {
  const options = StartServerOptions.parse(input);
  // Models load only once the port is ours: a busy port is reported at once, not after the load.
  let startLoading!: () => void;
  let cancelLoading!: (reason: unknown) => void;
  const services: Promise<ApiServices> = new Promise<void>((resolve, reject) => {
    startLoading = resolve;
    cancelLoading = reject;
  }).then(
    // `app` is assigned before loading starts (startLoading runs after listen).
    () => options.services ?? loadServices({ dataDir: options.dataDir, log: (line) => app.log.info(line) }),
  );
  const app = await buildApp({
    services,
    logLevel: options.logLevel,
    requestTimeoutMs: options.requestTimeoutMs,
    bodyTimeoutMs: options.bodyTimeoutMs,
    bodyLimit: options.bodyLimit,
    ...(options.webDir !== undefined ? { webDir: options.webDir } : {}),
    ...(options.evalReportPath !== undefined ? { evalReportPath: options.evalReportPath } : {}),
    corsOrigins: options.corsOrigins,
  });
  let url: string;
  try {
    url = await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    cancelLoading(error);
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new JobskillError(
        'PORT_IN_USE',
        `port ${options.port} is in use on ${options.host} (pick another with --port N, or --port 0 for any free port)`,
        { cause: error },
      );
    }
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new JobskillError('PORT_UNAVAILABLE', `cannot listen on ${options.host}:${options.port}: ${code}`, { cause: error });
    }
    throw error;
  }
  startLoading();
  const loaded = Promise.resolve(services).then(
    () => app.log.info('services loaded; ready'),
    () => undefined,
  );

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      const timer = setTimeout(() => {
        app.log.error('shutdown timed out; exiting');
        process.exit(1);
      }, options.shutdownTimeoutMs);
      timer.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
      }
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    app.log.info(`${signal} received; closing`);
    void close().then(() => {
      process.exitCode = 0;
    });
  };
  if (options.handleSignals) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { app, url, loaded, close };
}
