import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashArtifactFiles, sealArtifact, verifyArtifact } from './artifact-integrity.ts';
import { resolveCacheDir } from './cache-dir.ts';
import { JobskillError } from './errors.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobskill-integrity-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const options = (dir: string) => ({ manifest: 'manifest.json', what: 'test artifact', rebuild: 'pnpm rebuild-it', hashCache: join(dir, 'hashes.json') });

async function errorOf(promise: Promise<unknown>): Promise<JobskillError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(JobskillError);
  return error as JobskillError;
}

describe('artifact integrity', () => {
  it('seals, verifies, and names a flipped, resized or missing file with the rebuild command', async () => {
    const dir = join(root, 'a');
    await writeFile(join(await mkdirp(dir), 'weights.bin'), Buffer.from([1, 2, 3, 4]));
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ name: 'x' }));
    expect((await errorOf(verifyArtifact(dir, options(dir)))).code).toBe('ARTIFACT_UNSEALED');
    const integrity = await sealArtifact(dir, 'manifest.json', ['weights.bin']);
    expect(integrity.files['weights.bin']).toEqual({ bytes: 4, sha256: '9f64a747e1b97f131fabb6b447296c9b6f0201e79fb3c5356e6c77e89b6a806a' });
    expect(await verifyArtifact(dir, options(dir))).toMatchObject({ name: 'x', integrity });
    expect(JSON.parse(await readFile(join(dir, 'hashes.json'), 'utf8'))[join(dir, 'weights.bin')].sha256).toBe(integrity.files['weights.bin']!.sha256);

    await writeFile(join(dir, 'weights.bin'), Buffer.from([1, 2, 3, 5]));
    const flipped = await errorOf(verifyArtifact(dir, options(dir)));
    expect(flipped.code).toBe('ARTIFACT_CORRUPT');
    expect(flipped.message).toBe(`${join(dir, 'weights.bin')} (test artifact) does not match the sha256 in its manifest (corrupted or modified); rebuild it with \`pnpm rebuild-it\``);
    await writeFile(join(dir, 'weights.bin'), Buffer.from([1, 2, 3]));
    expect((await errorOf(verifyArtifact(dir, options(dir)))).message).toMatch(/has 3 bytes, its manifest says 4/);
    await rm(join(dir, 'weights.bin'));
    expect((await errorOf(verifyArtifact(dir, options(dir)))).message).toMatch(/weights\.bin \(test artifact\) is missing/);
  });

  it('trusts the size+mtime cache only while the file is untouched', async () => {
    const dir = join(root, 'b');
    const file = join(await mkdirp(dir), 'weights.bin');
    await writeFile(file, Buffer.from('abcd'));
    await writeFile(join(dir, 'manifest.json'), '{}');
    await sealArtifact(dir, 'manifest.json', ['weights.bin']);
    await verifyArtifact(dir, options(dir));
    const before = await stat(file);
    // A same-size change that restores the old mtime is the one thing the cache cannot see; any other write is seen.
    await writeFile(file, Buffer.from('abce'));
    await utimes(file, before.atime, new Date(before.mtimeMs + 5));
    expect((await errorOf(verifyArtifact(dir, options(dir)))).code).toBe('ARTIFACT_CORRUPT');
    await writeFile(file, Buffer.from('abcd'));
    await verifyArtifact(dir, { ...options(dir), hashCache: false });
  });

  it('refuses manifest paths outside the folder', async () => {
    await expect(hashArtifactFiles(root, ['../etc/passwd'])).rejects.toThrow(/outside the artifact folder/);
  });
});

describe('resolveCacheDir', () => {
  it('flag > JOBSKILL_CACHE_DIR > <repo>/.jobskill-cache for a checkout', () => {
    const saved = process.env.JOBSKILL_CACHE_DIR;
    try {
      process.env.JOBSKILL_CACHE_DIR = join(root, 'env-cache');
      expect(resolveCacheDir(join(root, 'flag'))).toBe(join(root, 'flag'));
      expect(resolveCacheDir()).toBe(join(root, 'env-cache'));
      delete process.env.JOBSKILL_CACHE_DIR;
      const repoRoot = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');
      expect(resolveCacheDir()).toBe(join(repoRoot, '.jobskill-cache'));
    } finally {
      if (saved === undefined) delete process.env.JOBSKILL_CACHE_DIR;
      else process.env.JOBSKILL_CACHE_DIR = saved;
    }
  });
});

async function mkdirp(dir: string): Promise<string> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  return dir;
}
