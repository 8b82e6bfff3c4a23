import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.ts';

export const DataFingerprintOptionsSchema = z.object({
  dataDir: z.string(),
  /** Sub-directories (or files) of the data dir that the consumer reads, e.g. the model builders' inputs. */
  dirs: z.array(z.string()).min(1),
  /** Where sha256 per (path, size, mtime) is remembered, so an unchanged file is not read again. */
  cacheFile: z.string().optional(),
});
export type DataFingerprintOptions = z.input<typeof DataFingerprintOptionsSchema>;

export interface DataFingerprint {
  /** sha256 over the sorted (relative path, size, sha256) of every file: independent of how the dir is spelled. */
  fingerprint: string;
  files: { path: string; size: number; sha256: string }[];
  /** Entries of `dirs` that do not exist. */
  missing: string[];
}

type HashCache = Record<string, { size: number; mtimeMs: number; sha256: string }>;

async function* walk(path: string): AsyncGenerator<string> {
  if (!statSync(path).isDirectory()) {
    yield path;
    return;
  }
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) yield* walk(join(path, entry.name));
}

function sha256File(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}

/**
 * Content fingerprint of the data files a task reads. Turbo keys the `model` tasks on it (instead of the
 * JOBSKILL_DATA_DIR string, which differs for relative, absolute and unset spellings of one directory).
 */
export async function dataFingerprint(input: DataFingerprintOptions): Promise<DataFingerprint> {
  const options = DataFingerprintOptionsSchema.parse(input);
  const root = resolve(options.dataDir);
  let cache: HashCache = {};
  if (options.cacheFile && existsSync(options.cacheFile)) {
    try {
      cache = JSON.parse(readFileSync(options.cacheFile, 'utf8')) as HashCache;
    } catch {
      cache = {}; // a torn or foreign cache file only costs a re-hash
    }
  }
  const nextCache: HashCache = {};
  const files: DataFingerprint['files'] = [];
  const missing: string[] = [];
  for (const dir of [...options.dirs].sort()) {
    const start = join(root, dir);
    if (!existsSync(start)) {
      missing.push(dir);
      continue;
    }
    for await (const file of walk(start)) {
      const stat = statSync(file);
      const key = resolve(file);
      const cached = cache[key];
      const sha256 = cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs ? cached.sha256 : await sha256File(file);
      nextCache[key] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256 };
      files.push({ path: relative(root, file).split(sep).join('/'), size: stat.size, sha256 });
    }
  }
  if (options.cacheFile) await writeFileAtomic(options.cacheFile, JSON.stringify(nextCache));
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.path}\0${f.size}\0${f.sha256}\n`);
  for (const m of missing) hash.update(`missing\0${m}\n`);
  return { fingerprint: hash.digest('hex'), files, missing };
}
