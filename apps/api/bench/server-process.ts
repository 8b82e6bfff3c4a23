// The server under load runs in its own process(es) so autocannon does not steal its event loop.
// Usage: server-process.ts [--workers N] [--fake]   (prints the URL on the first stdout line once ready)
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// Through the package name: the built dist/ unless the parent ran this with --conditions=@jobskill/source.
import { startCluster, startServer } from '@jobskill/api';
import { fakeServices } from '../src/__fixtures__/fake-services.ts';
import { dataDirPath } from '@jobskill/data';

const { values } = parseArgs({
  options: { workers: { type: 'string', default: '1' }, fake: { type: 'boolean', default: false }, 'max-heap-mb': { type: 'string' } },
});
const workers = Number(values.workers);
const dataDir = dataDirPath();
if (workers > 1) {
  const servicesModule = values.fake ? fileURLToPath(new URL('../src/__fixtures__/fake-services-module.ts', import.meta.url)) : undefined;
  try {
    // Resolves when every worker's /readyz is 200; a load failure rejects with the reason.
    const maxHeapMb = values['max-heap-mb'] === undefined ? {} : { maxHeapMb: Number(values['max-heap-mb']) };
    const running = await startCluster({ workers, port: 0, logLevel: 'silent', dataDir, ...maxHeapMb, ...(servicesModule ? { servicesModule } : {}) });
    process.stdout.write(`${running.url}\n`);
  } catch (error) {
    process.stderr.write(`server not ready: ${(error as Error).message}\n`);
    process.exit(1);
  }
} else {
  // Silent: stdout carries only the URL; a load failure is reported from /readyz below.
  const server = await startServer({ port: 0, logLevel: 'silent', dataDir, ...(values.fake ? { services: fakeServices() } : {}) });
  await server.loaded;
  const ready = await fetch(`${server.url}/readyz`);
  if (ready.status !== 200) {
    process.stderr.write(`server not ready: ${await ready.text()}\n`);
    process.exit(1);
  }
  process.stdout.write(`${server.url}\n`);
}
