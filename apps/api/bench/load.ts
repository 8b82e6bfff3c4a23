// Load test of POST /v1/skills/search: autocannon against a real server on 127.0.0.1 in a child process,
// bounded duration. Goal on the 2-core machine: ≥ 1,000 req/s, p99 ≤ 50 ms, zero errors.
// Usage: pnpm --filter @jobskill/api bench [-- --duration 10 --connections 16 --k 20 --no-rerank --fake]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    k: { type: 'string' },
    fake: { type: 'boolean', default: false },
    'no-rerank': { type: 'boolean', default: false },
  },
});

const TITLES = [
  'data scientist', 'software engineer', 'registered nurse', 'accountant', 'welder', 'project manager',
  'civil engineer', 'chef', 'sales representative', 'graphic designer', 'electrician', 'teacher',
  'pharmacist', 'truck driver', 'marketing manager', 'web developer', 'financial analyst', 'carpenter',
  'human resources officer', 'database administrator', 'mechanical engineer', 'dental hygienist',
  'cybersecurity analyst', 'machine learning engineer', 'receptionist', 'plumber', 'journalist',
  'logistics coordinator', 'physiotherapist', 'cloud architect',
];

// The fake corpus has 10 skills.
const k = Number(values.k ?? (values.fake ? 5 : 20));
const script = fileURLToPath(new URL('./server-process.ts', import.meta.url));
const child = spawn(process.execPath, ['--conditions=@jobskill/source', '--import', 'tsx', script, ...(values.fake ? ['--fake'] : [])], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const startedAt = performance.now();
const exitedEarly = once(child, 'exit').then(([code]) => {
  throw new Error(`server exited before it was ready (code ${code})`);
});
const [chunk] = (await Promise.race([once(child.stdout, 'data'), exitedEarly])) as [Buffer];
const url = chunk.toString().trim();
const startupMs = performance.now() - startedAt;

try {
  let i = 0;
  const result = await autocannon({
    url: `${url}/v1/skills/search`,
    method: 'POST',
    connections: Number(values.connections),
    duration: Number(values.duration),
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ title: TITLES[i++ % TITLES.length], k, rerank: !values['no-rerank'] }),
        }),
      },
    ],
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  const rps = result.requests.average;
  const p50 = result.latency.p50;
  const p99 = result.latency.p99;
  console.log(`POST /v1/skills/search (${values.fake ? 'fake services' : 'real retriever'}, k=${k}, rerank ${!values['no-rerank']}, ${values.connections} connections, ${values.duration} s)`);
  console.log(`  server start → ready: ${(startupMs / 1000).toFixed(1)} s`);
  console.log(`  requests: ${result.requests.total} total, ${rps.toFixed(0)} req/s (goal ≥ 1000)`);
  console.log(`  latency: p50 ${p50} ms, p99 ${p99} ms (goal ≤ 50), max ${result.latency.max} ms`);
  console.log(`  errors: ${errors} (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}) (goal 0)`);
  const pass = rps >= 1000 && p99 <= 50 && errors === 0;
  console.log(`  ${pass ? 'PASS' : 'MISS'}`);
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}
