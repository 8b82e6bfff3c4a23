import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startServer } from './server.ts';
import { fakeServices } from './__fixtures__/fake-services.ts';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('startServer: a real server on 127.0.0.1', () => {
  it('listens on a free port, serves routes, answers bad input with 4xx and keeps serving', async () => {
    const server = await startServer({ port: 0, services: fakeServices(), logLevel: 'silent', handleSignals: false });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await server.loaded;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const ok = await post(`${server.url}/v1/skills/search`, { title: 'data analysis', k: 2 });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as any).skills[0].label).toBe('data analysis');

      const bad: [Response, RegExp][] = [
        [await post(`${server.url}/v1/skills/search`, { title: '' }), /title must not be empty/],
        [await post(`${server.url}/v1/skills/search`, { title: 'y'.repeat(100 * 1024) }), /at most 512 characters/],
        [await post(`${server.url}/v1/skills/search`, { title: 'nurse', k: 0 }), /k must be at least 1/],
        [await post(`${server.url}/v1/skills/search`, { title: 'nurse', k: 100_001 }), /k must be at most 1000/],
        [
          await post(`${server.url}/v1/skills/search:batch`, { titles: Array.from({ length: 10_000 }, (_, i) => `t${i}`) }),
          /at most 256 titles/,
        ],
        [await post(`${server.url}/v1/roles/label`, { skills: ['sql'], labeler: 'nope' }), /unknown labeler "nope"/],
        [
          await fetch(`${server.url}/v1/skills/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' }),
          /not valid JSON/,
        ],
      ];
      for (const [res, detail] of bad) {
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(((await res.json()) as any).detail).toMatch(detail);
      }
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('shuts down gracefully on SIGTERM: in-flight requests finish, the process exits 0', async () => {
    const script = fileURLToPath(new URL('./__fixtures__/serve-fake.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=@jobskill/source', '--import', 'tsx', script, '400'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
    const url = chunk.toString().trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const inFlight = post(`${url}/v1/skills/search`, { title: 'welding', k: 1 });
    await new Promise((r) => setTimeout(r, 100)); // let the request reach the handler
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).skills[0].label).toBe('welding');
    const [code] = (await exited) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
