// Starts a 2-worker cluster on 127.0.0.1 (free port) with fake services; prints the URL once all workers are
// ready. Used by cluster.test.ts (a real primary process, so the test runner's process is never a cluster primary).
import { fileURLToPath } from 'node:url';
import { startCluster } from '../cluster.ts';

const servicesModule = fileURLToPath(new URL('./fake-services-module.ts', import.meta.url));
try {
  const maxHeapMb = process.env.JOBSKILL_TEST_MAX_HEAP_MB === undefined ? {} : { maxHeapMb: Number(process.env.JOBSKILL_TEST_MAX_HEAP_MB) };
  const running = await startCluster({ workers: 2, port: 0, logLevel: 'silent', servicesModule, shutdownTimeoutMs: 2_000, ...maxHeapMb });
  process.stdout.write(`${running.url}\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
