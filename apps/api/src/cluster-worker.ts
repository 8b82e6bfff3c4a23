// Entry point of one cluster worker (forked by startCluster): starts a server on the shared port, tells the
// primary when it is ready (or why it failed). Not meant to be run directly.
import { pathToFileURL } from 'node:url';
import { CLUSTER_OPTIONS_ENV, StartClusterOptions, type ClusterMessage } from './cluster.ts';
import { startServer } from './server.ts';
import type { ApiServices } from './services.ts';

const send = (message: ClusterMessage): void => {
  process.send?.(message);
};

try {
  const options = StartClusterOptions.parse(JSON.parse(process.env[CLUSTER_OPTIONS_ENV] ?? 'null'));
  let services: Promise<ApiServices> | undefined;
  if (options.servicesModule !== undefined) {
    const spec = options.servicesModule.startsWith('file:') ? options.servicesModule : pathToFileURL(options.servicesModule).href;
    const mod = (await import(spec)) as { createServices?: () => ApiServices | Promise<ApiServices> };
    if (typeof mod.createServices !== 'function') throw new Error(`${options.servicesModule} does not export createServices()`);
    services = Promise.resolve(mod.createServices());
  }
  const server = await startServer({
    host: options.host,
    port: options.port,
    logLevel: options.logLevel,
    requestTimeoutMs: options.requestTimeoutMs,
    bodyLimit: options.bodyLimit,
    shutdownTimeoutMs: options.shutdownTimeoutMs,
    // The IPC channel to the primary keeps this process alive after the server closes: exit explicitly.
    handleSignals: false,
    ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
    ...(services ? { services } : {}),
  });
  const shutdown = () => {
    void server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await server.loaded;
  const ready = await server.app.inject({ method: 'GET', url: '/readyz' });
  if (ready.statusCode === 200) send({ type: 'ready', url: server.url });
  else {
    const body = ready.json() as { detail?: string };
    send({ type: 'failed', message: body.detail ?? `readyz answered ${ready.statusCode}` });
    await server.close();
    process.exit(1);
  }
} catch (error) {
  send({ type: 'failed', message: (error as Error).message });
  process.exit(1);
}
