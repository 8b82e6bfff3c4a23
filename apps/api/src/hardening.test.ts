// Defects a hostile probe found (issue #16: 1, 2, 3, 7, 8, API parts of 11), each through a real server on 127.0.0.1.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { JobskillError } from '@jobskill/data';
import type { Labeler } from '@jobskill/labeling';
import { startServer, type RunningServer } from './server.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EncoderVocabulary } from '@jobskill/retrieval';
import { defaultEncoderDir } from '@jobskill/encoders';
import { roleLabelerFrom, skillSearcherFrom } from './real-services.ts';
import { MAX_LISTED_ISSUES } from './problem.ts';
import { fakeServices } from './__fixtures__/fake-services.ts';
import type { ApiServices } from './services.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const post = (url: string, body: unknown, init: RequestInit = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body), ...init });

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
async function serve(services: ApiServices | Promise<ApiServices>, options: { requestTimeoutMs?: number; bodyTimeoutMs?: number } = {}) {
  server = await startServer({ port: 0, services, logLevel: 'silent', handleSignals: false, webDir: null, ...options });
  await server.loaded;
  return server.url;
}

/** A retriever stand-in for the real adapter: counts titles, `delayMs` per title. */
function slowRetriever(delayMs: number) {
  const retriever = {
    titles: 0,
    corpus: { skills: [{ escoUri: 'u:1' }] } as never,
    async search(title: string) {
      return (await retriever.searchMany([title]))[0]!;
    },
    async searchMany(titles: string[]) {
      const out = [];
      for (const title of titles) {
        await sleep(delayMs);
        retriever.titles++;
        out.push([{ rank: 1, docId: 'd', escoUri: 'u:1', label: title, score: 1, importance: 'core' as const, evidence: { stage: 'candidate' as const, firstStageScore: 1, firstStageRank: 1, source: 'first-stage' as const } }]);
      }
      return out;
    },
  };
  return retriever;
}

const titles = (n: number) => Array.from({ length: n }, (_, i) => `welding ${i}`);

describe('#16.1 per-request deadline on POST routes', () => {
  it('search:batch (the real adapter) stops at the deadline with a 503 saying so', async () => {
    const retriever = slowRetriever(20);
    const url = await serve({ ...fakeServices(), skills: skillSearcherFrom(retriever as never) }, { requestTimeoutMs: 200 });
    const started = performance.now();
    const res = await post(`${url}/v1/skills/search:batch`, { titles: titles(200), k: 1 });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await res.json()) as any).detail).toMatch(/per-request time limit of 200 ms/);
    expect(elapsed).toBeLessThan(2000); // all 200 titles would take ≥ 4 s
    await sleep(300);
    const after = retriever.titles;
    await sleep(300);
    expect(retriever.titles).toBe(after); // the work stopped, not only the answer
    expect(after).toBeLessThan(200);
  });

  it('label:batch (the real adapter) stops at the deadline', async () => {
    let labelled = 0;
    const slow: Labeler = {
      name: 'slow',
      labels: ['A', 'Other'],
      async label(inputs) {
        await sleep(20 * inputs.length);
        labelled += inputs.length;
        return inputs.map(() => ({ role: 'A', score: 1, scores: { A: 1, Other: 0 }, evidence: ['x'], labeler: 'slow', noEvidence: false }));
      },
    };
    const url = await serve({ ...fakeServices(), roles: await roleLabelerFrom([slow], 'slow') }, { requestTimeoutMs: 200 });
    const res = await post(`${url}/v1/roles/label:batch`, { items: Array.from({ length: 200 }, () => ({ skills: ['x'] })) });
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).detail).toMatch(/time limit/);
    await sleep(400);
    const after = labelled;
    await sleep(300);
    expect(labelled).toBe(after);
    expect(after).toBeLessThan(200);
  });

  it('extract:batch stops at the deadline', async () => {
    let extracted = 0;
    const extractor = {
      async extract() {
        await sleep(20);
        extracted++;
        return { skills: [], mentions: [], abstained: true };
      },
    };
    const url = await serve({ ...fakeServices(), extractor: extractor as never }, { requestTimeoutMs: 200 });
    const res = await post(`${url}/v1/skills/extract:batch`, { texts: Array.from({ length: 64 }, (_, i) => `welding ${i}`) });
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).detail).toMatch(/time limit/);
    await sleep(300);
    const after = extracted;
    await sleep(200);
    expect(extracted).toBe(after);
    expect(after).toBeLessThan(64);
  });

  it('a client that disconnects cancels the batch', async () => {
    const retriever = slowRetriever(20);
    const url = await serve({ ...fakeServices(), skills: skillSearcherFrom(retriever as never) }, { requestTimeoutMs: 60_000 });
    await expect(post(`${url}/v1/skills/search:batch`, { titles: titles(200), k: 1 }, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    await sleep(300);
    const after = retriever.titles;
    await sleep(300);
    expect(retriever.titles).toBe(after);
    expect(after).toBeLessThan(100);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

describe('#16.2 no silent drop', () => {
  it('a searcher without searchBatch answers every title of a batch through a real server', async () => {
    const url = await serve(fakeServices());
    const res = await post(`${url}/v1/skills/search:batch`, { titles: ['welding', 'nursing care', 'statistics'], k: 2 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.results.map((r: any) => r.skills.length)).toEqual([2, 2, 2]);
    expect(body.results.map((r: any) => r.skills[0].label)).toEqual(['welding', 'nursing care', 'statistics']);
  });
});

describe('#16.3 validation errors are capped and summarized', () => {
  it('a 500 KB label:batch of wrong types answers a small 400 counting every issue', async () => {
    const url = await serve(fakeServices());
    // 250 items (within the limit) of 1000 wrong-typed skills each: 250,000 issues.
    const body = JSON.stringify({ items: Array.from({ length: 250 }, () => ({ skills: Array(1000).fill(5) })) });
    expect(body.length).toBeGreaterThan(500_000);
    const res = await post(`${url}/v1/roles/label:batch`, body);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text.length).toBeLessThan(20_000);
    const problem = JSON.parse(text);
    expect(problem.errors).toHaveLength(MAX_LISTED_ISSUES);
    expect(problem.issueCount).toBeGreaterThanOrEqual(250_000);
    expect(problem.detail).toMatch(/more \(\d+ issues in total, the first 20 listed\)/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

/** Writes raw bytes on a TCP connection and returns everything the server answers until it closes. */
async function rawExchange(url: string, chunks: string[], pauseMs = 0): Promise<string> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  const closed = once(socket, 'close');
  for (const chunk of chunks) {
    socket.write(chunk);
    if (pauseMs) await sleep(pauseMs);
  }
  await closed;
  return answer;
}

describe('#16.7, #16.8, #16.11: honest answers at the HTTP edge', () => {
  it('a request body that arrives too slowly gets a 408 problem, not a 503', async () => {
    const url = await serve(fakeServices(), { bodyTimeoutMs: 300 });
    const body = JSON.stringify({ title: 'welding', k: 1 });
    const answer = await rawExchange(url, [
      `POST /v1/skills/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body.slice(0, 5),
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    expect(answer).toMatch(/did not arrive in time/);
  });

  it('{"__proto__": …} is refused as a forbidden key', async () => {
    const url = await serve(fakeServices());
    const res = await post(`${url}/v1/skills/search`, '{"title":"welding","__proto__":{"k":5}}');
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).detail).toMatch(/forbidden key \("__proto__"/);
  });

  it('node-level 400 and 431 are problem+json', async () => {
    const url = await serve(fakeServices());
    const garbage = await rawExchange(url, ['NOT HTTP AT ALL\r\n\r\n']);
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4)).status).toBe(400);
    const big = await rawExchange(url, [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4)).detail).toMatch(/headers are too large/);
  });

  it('the 503 of a failed load names the problem without absolute server paths', async () => {
    const failing = Promise.reject(new JobskillError('MODEL_NOT_BUILT', 'no classifier at /srv/secret/place/artifacts/model.json; run `pnpm model`'));
    failing.catch(() => undefined);
    const url = await serve(failing);
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    const detail = ((await res.json()) as any).detail as string;
    expect(detail).toMatch(/MODEL_NOT_BUILT: no classifier at …\/artifacts\/model\.json; run `pnpm model`/);
    expect(detail).not.toMatch(/\/srv\/secret/);
  });

  it('server logs go to stderr: stdout starts with the machine-readable line', async () => {
    const script = fileURLToPath(new URL('./__fixtures__/serve-fake.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=@jobskill/source', '--import', 'tsx', script, '0', 'info'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    while (!stdout.includes('\n')) await once(child.stdout, 'data');
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
    expect(stdout.split('\n')[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stdout).not.toMatch(/"level"/);
    expect(stderr).toMatch(/Server listening at/);
  });
});





const haveEncoder = existsSync(join(defaultEncoderDir(), 'tokenizer.json'));
describe.skipIf(!haveEncoder)(`#16.9 / #17 scores a user can trust${haveEncoder ? '' : ' (skipped: no built encoder; run pnpm model)'}`, () => {
  it('answers carry a calibrated confidence; gibberish and emoji are flagged lowConfidence and outOfVocabulary', async () => {
    const vocabulary = EncoderVocabulary.fromEncoderDir(defaultEncoderDir());
    const url = await serve({ ...fakeServices(), skills: skillSearcherFrom(slowRetriever(0) as never, vocabulary) });
    const one = (await (await post(`${url}/v1/skills/search`, { title: 'xqzzv qwpkj', k: 1 })).json()) as any;
    expect(one.confidence).toMatchObject({ lowConfidence: true, outOfVocabulary: true, unknownWords: ['xqzzv', 'qwpkj'] });
    expect(one.confidence.note).toMatch(/English job titles only/);
    // The hit's raw cosine is 1 here, and still the calibrated score says "don't trust it".
    expect(one.skills[0].calibratedScore).toBeLessThan(0.1);
    const batch = (await (await post(`${url}/v1/skills/search:batch`, { titles: ['data scientist', '🚀🔥'], k: 1 })).json()) as any;
    expect(batch.results[0].confidence).toMatchObject({ lowConfidence: false, outOfVocabulary: false });
    expect(batch.results[0].skills[0].calibratedScore).toBeGreaterThan(0.5);
    expect(batch.results[1].confidence).toMatchObject({ lowConfidence: true, outOfVocabulary: true });
  });
});
