import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFingerprint } from './data-fingerprint.ts';

function fixtureDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jobskill-fp-'));
  mkdirSync(join(dir, 'esco', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'esco', 'skills.csv'), 'uri,label\nu1,python\n');
  writeFileSync(join(dir, 'esco', 'sub', 'more.csv'), 'a\n');
  mkdirSync(join(dir, 'unrelated'));
  writeFileSync(join(dir, 'unrelated', 'big.bin'), 'x');
  return dir;
}

describe('dataFingerprint', () => {
  it('keys on content: absolute and relative spellings of one directory give one fingerprint', async () => {
    const dir = fixtureDataDir();
    const cacheFile = join(dir, '..', `${relative(tmpdir(), dir)}.fp-cache.json`);
    const absolute = await dataFingerprint({ dataDir: dir, dirs: ['esco'], cacheFile });
    const rel = await dataFingerprint({ dataDir: relative(process.cwd(), dir), dirs: ['esco'], cacheFile });
    const withSlash = await dataFingerprint({ dataDir: `${dir}/./`, dirs: ['esco'] });
    expect(rel.fingerprint).toBe(absolute.fingerprint);
    expect(withSlash.fingerprint).toBe(absolute.fingerprint);
    expect(absolute.files.map((f) => f.path)).toEqual(['esco/skills.csv', 'esco/sub/more.csv']);
    // The data dir's own path is no part of the key.
    expect(JSON.stringify(absolute)).not.toContain(dir);
  });

  it('changes when a file the models read changes, not when another file does', async () => {
    const dir = fixtureDataDir();
    const before = await dataFingerprint({ dataDir: dir, dirs: ['esco'] });
    writeFileSync(join(dir, 'unrelated', 'big.bin'), 'changed');
    expect((await dataFingerprint({ dataDir: dir, dirs: ['esco'] })).fingerprint).toBe(before.fingerprint);
    writeFileSync(join(dir, 'esco', 'skills.csv'), 'uri,label\nu1,java\n');
    expect((await dataFingerprint({ dataDir: dir, dirs: ['esco'] })).fingerprint).not.toBe(before.fingerprint);
  });

  it('a touched file with the same bytes keeps its fingerprint (content, not mtime, is the key)', async () => {
    const dir = fixtureDataDir();
    const cacheFile = join(dir, 'cache.json');
    const before = await dataFingerprint({ dataDir: dir, dirs: ['esco'], cacheFile });
    utimesSync(join(dir, 'esco', 'skills.csv'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    expect((await dataFingerprint({ dataDir: dir, dirs: ['esco'], cacheFile })).fingerprint).toBe(before.fingerprint);
  });

  it('a missing directory is recorded as missing, not an error (models may skip optional sources)', async () => {
    const dir = fixtureDataDir();
    const result = await dataFingerprint({ dataDir: dir, dirs: ['esco', 'nope'] });
    expect(result.missing).toEqual(['nope']);
  });
});
