import { describe, expect, it } from 'vitest';
import { spawnCli } from './__fixtures__/spawn-cli.ts';

describe('stdout into a pipe', () => {
  it('a reader that closes early (EPIPE) ends the CLI quietly with exit 0', async () => {
    // The reader goes away before the CLI has written anything: every write then fails with EPIPE.
    const child = spawnCli(['data', 'fetch', '--list']);
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
