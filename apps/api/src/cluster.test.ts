import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./__fixtures__/serve-cluster.ts', import.meta.url));

function startPrimary(env: Record<string, string> = {}): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, ['--conditions=@jobskill/source', '--import', 'tsx', SCRIPT], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, stderr: () => stderr };
}

async function search(url: string, title: string): Promise<{ status: number; label: string }> {
  // A new connection per request (the round-robin hands out connections, not requests).
  const res = await fetch(`${url}/v1/skills/search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({ title, k: 1 }),
  });
  const body = (await res.json()) as { skills: { label: string }[] };
  return { status: res.status, label: body.skills[0]!.label };
}

describe('startCluster (real processes on 127.0.0.1)', () => {
  it('serves one port from two worker processes and shuts down on SIGTERM', async () => {
    const { child, stderr } = startPrimary();
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    const url = chunk.toString().trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const pids = new Set<string>();
    const heapLimits = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const { status, label } = await search(url, 'welding');
      expect(status).toBe(200);
      expect(label).toMatch(/^welding@\d+@\d+$/);
      pids.add(label.split('@')[1]!);
      heapLimits.add(Number(label.split('@')[2]));
    }
    expect(pids.size).toBe(2);
    expect(pids.has(String(child.pid))).toBe(false);
    // Workers start with the default heap cap (maxHeapMb 512: V8's limit is the old space plus the young generation).
    expect(heapLimits.size).toBe(1);
    const [limit] = [...heapLimits];
    expect(limit).toBeGreaterThanOrEqual(512);
    expect(limit).toBeLessThan(700);

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(stderr()).toBe('');
    expect(code).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('gives workers Node\'s own heap limit with maxHeapMb 0', async () => {
    const { child } = startPrimary({ JOBSKILL_TEST_MAX_HEAP_MB: '0' });
    const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
    const { label } = await search(chunk.toString().trim(), 'welding');
    expect(Number(label.split('@')[2])).toBeGreaterThan(1000);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }, 60_000);

  it('fails to start, naming the reason, when a worker cannot load its services', async () => {
    const { child, stderr } = startPrimary({ JOBSKILL_FAKE_FAIL: '1' });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr()).toMatch(/WORKER_FAILED|fake services refused to load/);
    expect(stderr()).toContain('fake services refused to load');
  }, 60_000);
});
