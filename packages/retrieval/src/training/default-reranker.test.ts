import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, JobskillError } from '@jobskill/data';
import { defaultEncoderDir, heldOutEncoderDir } from '@jobskill/models';
import { checkHeldOutBuild, heldOutOccupations } from './default-reranker.ts';

let root: string;
const folder = async (name: string, manifest: unknown): Promise<string> => {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'jobskill-manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  return dir;
};
const recipe = (devFraction: number, epochs = 3) => ({ members: [{ name: 'a', train: { epochs } }], dim: 256, devFraction, splitSeed: 42 });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobskill-default-reranker-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('held-out encoder builds (the re-ranker trains its features with one)', () => {
  it('reads the held-out occupations of a manifest, and refuses a folder without them', async () => {
    const good = await folder('good', { trainer: { recipe: recipe(0.1), heldOutOccupations: ['o:1', 'o:2'] } });
    expect(await heldOutOccupations(good)).toEqual(['o:1', 'o:2']);
    const served = await folder('served', { trainer: { recipe: recipe(0), heldOutOccupations: [] } });
    await expect(heldOutOccupations(served)).rejects.toThrow(/not a held-out encoder build/);
    const broken = await folder('broken', '{ not json');
    const error = await heldOutOccupations(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(/jobskill-manifest\.json/);
  });

  it('accepts a held-out build of the serving recipe and refuses another recipe', async () => {
    const heldOut = await folder('h', { trainer: { recipe: recipe(0.1) } });
    await expect(checkHeldOutBuild(heldOut, await folder('s', { trainer: { recipe: recipe(0) } }))).resolves.toBeUndefined();
    const error = await checkHeldOutBuild(heldOut, await folder('other', { trainer: { recipe: recipe(0, 6) } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobskillError);
    expect((error as JobskillError).code).toBe('ENCODER_MISMATCH');
  });

  it.skipIf(!existsSync(join(heldOutEncoderDir(), 'jobskill-manifest.json')))('the built held-out encoder matches the built serving encoder', async () => {
    await checkHeldOutBuild(heldOutEncoderDir(), defaultEncoderDir());
    expect((await heldOutOccupations(heldOutEncoderDir())).length).toBeGreaterThan(250);
  });
});
