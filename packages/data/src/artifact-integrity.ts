import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { resolveCacheDir } from './cache-dir.ts';
import { JobskillError } from './errors.ts';

/**
 * Integrity of built artifacts (encoder folder, skill index, re-ranker, role classifier): the manifest of each
 * carries `integrity.files`, the byte size and sha256 of every file that determines its behaviour, checked when the
 * artifact is opened. Hashing 100+ MB at every start-up would cost ~0.3 s, so a file whose (size, mtime, inode) was
 * verified before is trusted from a small cache in the cache dir; any write to the file changes its mtime and
 * re-hashes it.
 */
export interface ArtifactFileDigest {
  bytes: number;
  sha256: string;
}
export interface ArtifactIntegrity {
  algorithm: 'sha256';
  files: Record<string, ArtifactFileDigest>;
}

export interface VerifyArtifactOptions {
  /** Manifest file name inside the artifact folder. */
  manifest: string;
  /** What the artifact is, for messages ("the embedded encoder"). */
  what: string;
  /** The command that rebuilds it ("pnpm turbo run model"). */
  rebuild: string;
  /** Hash cache file; default `<cache dir>/artifact-hashes.json`. `false` always hashes. */
  hashCache?: string | false;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function checkRelative(dir: string, file: string): string {
  const n = normalize(file);
  if (isAbsolute(n) || n === '..' || n.startsWith(`..${sep}`)) {
    throw new JobskillError('INVALID_MODEL_FILE', `${join(dir, 'manifest')}: file ${JSON.stringify(file)} is outside the artifact folder`);
  }
  return join(dir, n);
}

/** size + sha256 of the listed files of `dir` (the manifest's `integrity` block). */
export async function hashArtifactFiles(dir: string, files: readonly string[]): Promise<ArtifactIntegrity> {
  const out: Record<string, ArtifactFileDigest> = {};
  for (const file of [...files].sort()) {
    const path = checkRelative(dir, file);
    out[file] = { bytes: statSync(path).size, sha256: await sha256File(path) };
  }
  return { algorithm: 'sha256', files: out };
}

/** Adds (or replaces) the `integrity` block of `dir/manifest` for `files`, atomically. Returns the block. */
export async function sealArtifact(dir: string, manifest: string, files: readonly string[]): Promise<ArtifactIntegrity> {
  const manifestPath = join(dir, manifest);
  const parsed = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  const integrity = await hashArtifactFiles(dir, files);
  await writeFileAtomic(manifestPath, `${JSON.stringify({ ...parsed, integrity }, null, 2)}\n`);
  return integrity;
}

interface CacheEntry {
  bytes: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
}
type HashCache = Record<string, CacheEntry>;

const memoryCache = new Map<string, CacheEntry>();

async function readHashCache(file: string): Promise<HashCache> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as HashCache) : {};
  } catch {
    return {};
  }
}

/**
 * Checks every file of the manifest's `integrity` block: present, of the recorded size, of the recorded sha256.
 * Throws `ARTIFACT_UNSEALED` when the manifest has no block and `ARTIFACT_CORRUPT` naming the file and the rebuild
 * command on a mismatch. Returns the parsed manifest.
 */
export async function verifyArtifact(dir: string, options: VerifyArtifactOptions): Promise<Record<string, unknown>> {
  const manifestPath = join(dir, options.manifest);
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw new JobskillError('ARTIFACT_CORRUPT', `${manifestPath} (${options.what}) is missing or not valid JSON; rebuild it with \`${options.rebuild}\``, {
      cause,
    });
  }
  const integrity = manifest.integrity as Partial<ArtifactIntegrity> | undefined;
  const files = integrity?.files;
  if (integrity?.algorithm !== 'sha256' || files === null || typeof files !== 'object' || Object.keys(files).length === 0) {
    throw new JobskillError(
      'ARTIFACT_UNSEALED',
      `${manifestPath} (${options.what}) lists no file hashes; add them with \`pnpm -s seal-artifacts\` (no retraining) or rebuild with \`${options.rebuild}\``,
    );
  }
  const cacheFile = options.hashCache === false ? null : (options.hashCache ?? join(resolveCacheDir(), 'artifact-hashes.json'));
  const diskCache = cacheFile === null ? {} : await readHashCache(cacheFile);
  let cacheChanged = false;
  for (const [file, want] of Object.entries(files)) {
    const path = checkRelative(dir, file);
    const corrupt = (why: string): JobskillError =>
      new JobskillError('ARTIFACT_CORRUPT', `${path} (${options.what}) ${why}; rebuild it with \`${options.rebuild}\``);
    if (!existsSync(path)) throw corrupt('is missing');
    const stat = statSync(path);
    if (stat.size !== want.bytes) throw corrupt(`has ${stat.size} bytes, its manifest says ${want.bytes}`);
    const cached = cacheFile === null ? undefined : (memoryCache.get(path) ?? diskCache[path]);
    const fresh = cached !== undefined && cached.bytes === stat.size && cached.mtimeMs === stat.mtimeMs && cached.ino === stat.ino;
    const actual = fresh ? cached.sha256 : await sha256File(path);
    if (actual !== want.sha256) {
      memoryCache.delete(path);
      throw corrupt(`does not match the sha256 in its manifest (corrupted or modified)`);
    }
    if (!fresh && cacheFile !== null) {
      const entry = { bytes: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, sha256: actual };
      memoryCache.set(path, entry);
      diskCache[path] = entry;
      cacheChanged = true;
    }
  }
  if (cacheChanged && cacheFile !== null) {
    // Entries of files that are gone (temp folders of tests, rebuilt artifacts) are dropped, so the cache stays small.
    for (const path of Object.keys(diskCache)) if (!existsSync(path)) delete diskCache[path];
    // Best effort: an unwritable cache dir only costs re-hashing next time; a concurrent writer's entries may be lost,
    // which also only costs a re-hash.
    await writeFileAtomic(cacheFile, JSON.stringify(diskCache)).catch(() => undefined);
  }
  return manifest;
}
