// The HTTP ceiling of this machine for the load bench: a fastify server with one POST route answering a fixed
// JSON body, in as many node:cluster workers as the real server. Prints its URL once every worker listens.
// Usage: hello-world.ts [--workers N]
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';

const { values } = parseArgs({ options: { workers: { type: 'string', default: '1' } } });
const workers = Number(values.workers);
const BODY = { title: 'hello', k: 20, skills: Array.from({ length: 20 }, (_, i) => ({ rank: i + 1, uri: `http://data.europa.eu/esco/skill/${i}`, label: `skill ${i}`, score: 1 - i / 100 })) };

if (cluster.isPrimary && workers > 1) {
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === workers) process.stdout.write(`http://127.0.0.1:${address.port}\n`);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    process.exit(0);
  });
} else {
  const app = Fastify({ logger: false });
  app.post('/v1/skills/search', async () => BODY);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  if (cluster.isPrimary) process.stdout.write(`${address}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}
