import { Command } from 'commander';
import { startCluster, startServer } from '@jobskill/api';
import { buildWebPage, webDistDir, webPageBuilt } from '@jobskill/web/build-page';
import { examples, intOption, type CommandContext } from '../context.ts';
import { println, resolveUserPath } from '../io.ts';
import { UsageError } from '../errors.ts';

export function serveCommand(ctx: CommandContext): Command {
  return new Command('serve')
    .description('serve the HTTP API and the web page at / (skills search, role labeling, OpenAPI docs at /docs)')
    .option('--port <n>', 'port to listen on (0 = any free port)', intOption('--port', 0, 65_535), 8080)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--timeout-ms <ms>', 'per-request timeout', intOption('--timeout-ms', 1), 10_000)
    .option('--cors-origin <origins...>', 'browser origins allowed by CORS (exact, e.g. https://app.example); default: CORS off')
    .option('--log-level <level>', 'silent | error | warn | info | debug', 'info')
    .option(
      '--workers <n>',
      'server processes sharing the port (search is CPU-bound: one per core; each loads its own models, ~1.3 GB)',
      intOption('--workers', 1, 64),
      1,
    )
    .option(
      '--max-heap-mb <n>',
      'V8 heap limit of each worker process with --workers > 1 (0: Node default); one process: NODE_OPTIONS=--max-old-space-size=N',
      intOption('--max-heap-mb', 0),
      512,
    )
    .option('--encoder <dir>', 'encoder model folder (HF layout; default $JOBSKILL_ENCODER, else the embedded encoder)')
    .option('--reranker <dir>', 're-ranker folder to load (default $JOBSKILL_RERANKER; none unless one is named)')
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill serve --port 8080 --host 127.0.0.1',
        'pnpm jobskill serve --encoder ./my-encoder --reranker ./my-reranker',
        'pnpm jobskill serve --workers 2   # one process per core',
        `curl -s localhost:8080/v1/skills/search -H 'content-type: application/json' -d '{"title":"data scientist","k":5}'`,
      ),
    )
    .action(async (opts: { port: number; host: string; timeoutMs: number; logLevel: string; workers: number; maxHeapMb: number; corsOrigin?: string[]; encoder?: string; reranker?: string }, command: Command) => {
      const dataDir = ctx.dataDir(command);
      // Through the environment, so that every worker process (--workers) loads the same models.
      if (opts.encoder !== undefined) process.env.JOBSKILL_ENCODER = resolveUserPath(ctx.io, opts.encoder);
      if (opts.reranker !== undefined) process.env.JOBSKILL_RERANKER = resolveUserPath(ctx.io, opts.reranker);
      const logLevel = (['silent', 'fatal', 'error', 'warn', 'info', 'debug'] as const).find((l) => l === opts.logLevel);
      if (logLevel === undefined) throw new UsageError(`unknown --log-level "${opts.logLevel}"`);
      // A fresh checkout has no built page yet: build it once (≈ 1 s) rather than serve a 404 at /.
      if (!webPageBuilt()) {
        ctx.io.stderr.write('note: building the web page (apps/web) once…\n');
        await buildWebPage();
      }
      const common = { host: opts.host, port: opts.port, dataDir, logLevel, requestTimeoutMs: opts.timeoutMs, webDir: webDistDir, corsOrigins: opts.corsOrigin ?? [] };
      if (opts.workers > 1) {
        // Resolves once every worker has loaded its models: the URL line means "ready".
        const running = await startCluster({ ...common, workers: opts.workers, maxHeapMb: opts.maxHeapMb });
        println(ctx.io, `listening on ${running.url} (docs: ${running.url}/docs; ${running.workers} workers, all ready)`);
        return;
      }
      const server = await startServer(common);
      // The first stdout line is machine-readable: tests and scripts read the URL from it.
      println(ctx.io, `listening on ${server.url} (web page: ${server.url}/, docs: ${server.url}/docs; ready when ${server.url}/readyz answers 200)`);
    });
}
