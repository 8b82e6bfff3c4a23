// Load test of POST /v1/skills/search: autocannon against a real server on 127.0.0.1 in child processes,
// bounded duration, next to a hello-world fastify server (bench/hello-world.ts, same workers, same autocannon
// settings) measured in the same run: the ratio is what to read on a busy machine. Goals on the 2-core machine,
// 2 workers, default pipeline (first stage): cold ≥ 2,000 req/s, p99 ≤ 20 ms, zero errors; hot ≥ 50 % of hello-world.
//
// A missed goal is a figure to read (PASS/MISS per mix), not a failed bench run.
// Two title mixes, reported separately because they measure different things:
// - `cold`: every request a title never sent before (ESCO occupation title variants from jobid2terms.json, never
//   TalentCLEF queries), so every request pays encode + ANN + re-rank — the retrieval cost itself;
// - `hot`: 30 popular titles over and over — what the result cache makes of repeated traffic.
//
// Usage: pnpm --filter @jobskill/api bench [-- --duration 10 --connections 16 --k 20 --workers 2
//        --titles cold|hot|both --rerank --fake]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createRng, dataDirPath, loadJobIdToTerms, shuffleInPlace } from '@jobskill/data';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    k: { type: 'string' },
    workers: { type: 'string', default: '2' },
    titles: { type: 'string', default: 'both' },
    fake: { type: 'boolean', default: false },
    /** Ask for the LTR re-ranker (the served API loads none: the default pipeline is the first stage). */
    rerank: { type: 'boolean', default: false },
    /** V8 heap limit per worker (startCluster's maxHeapMb; 0: Node's default). */
    'max-heap-mb': { type: 'string' },
  },
});

const HOT_TITLES = [
  'data scientist', 'software engineer', 'registered nurse', 'accountant', 'welder', 'project manager',
  'civil engineer', 'chef', 'sales representative', 'graphic designer', 'electrician', 'teacher',
  'pharmacist', 'truck driver', 'marketing manager', 'web developer', 'financial analyst', 'carpenter',
  'human resources officer', 'database administrator', 'mechanical engineer', 'dental hygienist',
  'cybersecurity analyst', 'machine learning engineer', 'receptionist', 'plumber', 'journalist',
  'logistics coordinator', 'physiotherapist', 'cloud architect',
];

const mixes = values.titles === 'both' ? ['cold', 'hot'] : [values.titles!];
if (!mixes.every((m) => m === 'cold' || m === 'hot')) throw new Error(`--titles must be cold, hot or both, got ${values.titles}`);

const dataDir = dataDirPath();
/** Distinct ESCO title variants, deterministically shuffled (so consecutive requests are unrelated occupations). */
async function coldTitles(): Promise<string[]> {
  const terms = await loadJobIdToTerms(join(dataDir, 'talentclef2025_taskB/training/jobid2terms.json'));
  const seen = new Set<string>(HOT_TITLES);
  const out: string[] = [];
  for (const list of terms.values()) {
    for (const t of list) {
      const clean = t.replace(/\s+/g, ' ').trim().toLowerCase();
      if (clean !== '' && clean.length <= 512 && !seen.has(clean)) {
        seen.add(clean);
        out.push(clean);
      }
    }
  }
  return shuffleInPlace(out, createRng(42));
}

// The fake corpus has 10 skills.
const k = Number(values.k ?? (values.fake ? 5 : 20));
const workers = Number(values.workers);
const script = fileURLToPath(new URL('./server-process.ts', import.meta.url));
// The real server runs from the built JavaScript, as `jobskill serve` does (memory and start-up as users see them);
// from sources only for --fake or when apps/api has not been built.
const fromSources = values.fake || !existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));
const child = spawn(
  process.execPath,
  [
    ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/jobskill-load-prof'] : []),
    ...(fromSources ? ['--conditions=@jobskill/source'] : []),
    '--import',
    'tsx',
    script,
    '--workers',
    String(workers),
    ...(values['max-heap-mb'] !== undefined ? ['--max-heap-mb', values['max-heap-mb']] : []),
    ...(values.fake ? ['--fake'] : []),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const startedAt = performance.now();
const exitedEarly = once(child, 'exit').then(([code]) => {
  throw new Error(`server exited before it was ready (code ${code})`);
});
const [chunk] = (await Promise.race([once(child.stdout, 'data'), exitedEarly])) as [Buffer];
const url = chunk.toString().trim();
const startupMs = performance.now() - startedAt;
const cold = mixes.includes('cold') ? await coldTitles() : [];

/** Requests per second of the hello-world server under the same load (the ceiling the ratios are taken against). */
async function helloWorldRps(): Promise<number> {
  const hello = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./hello-world.ts', import.meta.url)), '--workers', String(workers)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(hello.stdout, 'data')) as [Buffer];
    const result = await autocannon({
      url: `${line.toString().trim()}/v1/skills/search`,
      method: 'POST',
      connections: Number(values.connections),
      duration: Number(values.duration),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'data scientist', k }),
    });
    return result.requests.average;
  } finally {
    hello.kill('SIGTERM');
    await once(hello, 'exit');
  }
}

try {
  console.log(
    `POST /v1/skills/search (${values.fake ? 'fake services' : 'real retriever'}, k=${k}, ${values.rerank ? 're-ranked' : 'first stage'}, ` +
      `${workers} server worker${workers > 1 ? 's' : ''}, ${values.connections} connections, ${values.duration} s per mix)`,
  );
  console.log(`  server start → all workers ready: ${(startupMs / 1000).toFixed(1)} s (${fromSources ? 'from sources, tsx' : 'built dist/'})`);
  const ceiling = await helloWorldRps();
  console.log(`  hello-world fastify (${workers} worker${workers > 1 ? 's' : ''}, same load): ${ceiling.toFixed(0)} req/s`);
  for (const mix of mixes) {
    let i = 0;
    let wrapped = false;
    const titles = mix === 'cold' ? cold : HOT_TITLES;
    const result = await autocannon({
      url: `${url}/v1/skills/search`,
      method: 'POST',
      connections: Number(values.connections),
      duration: Number(values.duration),
      headers: { 'content-type': 'application/json' },
      requests: [
        {
          setupRequest: (req) => {
            if (i >= titles.length) wrapped = true;
            return { ...req, body: JSON.stringify({ title: titles[i++ % titles.length], k, ...(values.rerank ? { rerank: true } : {}) }) };
          },
        },
      ],
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    const rps = result.requests.average;
    const ratio = rps / ceiling;
    const pass = mix === 'cold' ? rps >= 2000 && result.latency.p99 <= 20 && errors === 0 : ratio >= 0.5 && errors === 0;
    const what =
      mix === 'cold'
        ? `cold: every title new (${i} distinct ESCO title variants${wrapped ? ', WRAPPED: some repeated' : ''})`
        : `hot: ${HOT_TITLES.length} titles repeated (result cache)`;
    console.log(`  ${what}`);
    console.log(
      `    requests: ${result.requests.total} total, ${rps.toFixed(0)} req/s = ${(100 * ratio).toFixed(1)} % of hello-world ` +
        `(goal ${mix === 'cold' ? '≥ 2000 req/s' : '≥ 50 %'})`,
    );
    console.log(`    latency: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms${mix === 'cold' ? ' (goal ≤ 20)' : ''}, max ${result.latency.max} ms`);
    console.log(`    errors: ${errors} (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}) (goal 0)`);
    console.log(`    ${pass ? 'PASS' : 'MISS'}`);
  }
  // Resident memory of each serving process after the load (with N > 1 workers they are the children of the
  // launcher; file pages they share, such as the memory-mapped index, count in each one's RSS).
  const processes = (args: string[]): { pid: number; kb: number }[] =>
    execFileSync('ps', ['-o', 'pid=,rss=', ...args], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number))
      .filter(([pid, kb]) => pid! > 0 && kb! > 0)
      .map(([pid, kb]) => ({ pid: pid!, kb: kb! }));
  // Of the RSS, the anonymous part (V8 heap, native allocations) vs file pages (code, memory-mapped artifacts, which
  // the workers share): /proc/PID/smaps_rollup, Linux only.
  const anonymousKb = (pid: number): number | null => {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const match = /^Anonymous:\s+(\d+) kB/m.exec(rollup);
      return match ? Number(match[1]) : null;
    } catch {
      return null;
    }
  };
  const serving = workers > 1 ? processes(['--ppid', String(child.pid)]) : processes(['-p', String(child.pid)]);
  const rss = serving.map((p) => p.kb);
  const worst = Math.max(...rss) / 1024;
  const describe = ({ pid, kb }: { pid: number; kb: number }): string => {
    const anon = anonymousKb(pid);
    return `${(kb / 1024).toFixed(0)} MB${anon === null ? '' : ` (anonymous ${(anon / 1024).toFixed(0)}, file ${((kb - anon) / 1024).toFixed(0)})`}`;
  };
  console.log(
    `  memory: RSS per worker ${serving.map(describe).join(', ')} after the load ` +
      `(goal ≤ 500 MB; server ${fromSources ? 'from sources through tsx, which adds its own share' : 'from dist/'}) ${worst <= 500 ? 'PASS' : 'MISS'}`,
  );
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
}
