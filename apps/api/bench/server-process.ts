// The server under load runs in its own process so autocannon does not steal its event loop.
// Usage: server-process.ts [--fake]   (prints the URL on the first stdout line once ready)
import { resolve } from 'node:path';
import { startServer } from '../src/server.ts';
import { fakeServices } from '../src/__fixtures__/fake-services.ts';

const fake = process.argv.includes('--fake');
const dataDir = process.env.JOBSKILL_DATA_DIR ?? resolve(import.meta.dirname, '../../../../shared/data');
// Silent: stdout carries only the URL; a load failure is reported from /readyz below.
const server = await startServer({ port: 0, logLevel: 'silent', dataDir, ...(fake ? { services: fakeServices() } : {}) });
await server.loaded;
const ready = await fetch(`${server.url}/readyz`);
if (ready.status !== 200) {
  process.stderr.write(`server not ready: ${await ready.text()}\n`);
  process.exit(1);
}
process.stdout.write(`${server.url}\n`);
