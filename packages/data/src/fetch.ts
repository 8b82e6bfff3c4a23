import { parseOptions } from './parse-options.ts';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { z } from 'zod';
import { tempPathFor } from './atomic-write.ts';
import { DataError, JobskillError } from './errors.ts';
import { loadResumes, REFERENCE_RESUME_COLUMNS } from './resumes.ts';
import { DATA_SOURCES, type DataSourceDefinition, type DataSourceId, type SourceDownload } from './sources.ts';
import { readTable } from './tabular.ts';

const SOURCE_IDS = Object.keys(DATA_SOURCES) as [DataSourceId, ...DataSourceId[]];

export const FetchSourcesOptionsSchema = z.object({
  dataDir: z.string().min(1),
  /** Built-in source ids (default: all), or custom definitions in the same shape. */
  sources: z
    .array(z.union([z.enum(SOURCE_IDS), z.custom<DataSourceDefinition>((v) => typeof v === 'object' && v !== null)]))
    .optional(),
  /** Replaces the origin of every source URL (a mirror, or a local test server): path and query are kept. */
  baseUrl: z.url().optional(),
  /** Re-download even when the files are present (also replaces files that differ from upstream). */
  force: z.boolean().default(false),
  fetchImpl: z.custom<typeof fetch>((v) => typeof v === 'function').optional(),
  timeoutMs: z.number().int().positive().default(600_000),
});
export type FetchSourcesOptions = z.input<typeof FetchSourcesOptionsSchema>;

export interface FetchedFile {
  /** Relative to the data directory. */
  path: string;
  bytes: number;
  sha256: string;
  /** How the content was checked: a known sha256, the download's MD5 only, a structural read, or not at all. */
  verifiedBy: 'sha256' | 'md5' | 'structure' | 'none';
}

export interface FetchReport {
  source: string;
  status: 'downloaded' | 'skipped' | 'failed';
  reason: string;
  urls: string[];
  files: FetchedFile[];
  /** The manual step, for sources without a direct upstream link. */
  manual?: string;
}

/** The source list for `jobskill data fetch --list`: ids, titles, URLs, checks and manual steps. */
export function listDataSources(): DataSourceDefinition[] {
  return Object.values(DATA_SOURCES);
}

/**
 * Downloads public sources into the data directory. Per source: skipped when every output is
 * already there (and matches its sha256 when one is known), else downloaded, checked (archive MD5 /
 * sha256, each output's sha256, or a structural read) and installed with temp-file + rename.
 * A failure (HTTP error, network error, checksum mismatch, unexpected archive) writes nothing for
 * that source and is reported with its reason; other sources still run.
 */
export async function fetchSources(options: FetchSourcesOptions): Promise<FetchReport[]> {
  const parsed = parseOptions(FetchSourcesOptionsSchema, options, { what: 'data fetch' });
  const dataDir = resolve(parsed.dataDir);
  const fetchImpl = parsed.fetchImpl ?? globalThis.fetch;
  const sources = (parsed.sources ?? SOURCE_IDS).map((s) => (typeof s === 'string' ? DATA_SOURCES[s] : s));
  const reports: FetchReport[] = [];
  for (const source of sources) {
    const urls = source.downloads.map((d) => rebase(d.url, parsed.baseUrl));
    const base = { source: source.id, urls, ...(source.manual ? { manual: source.manual } : {}) };
    try {
      const present = parsed.force ? undefined : await checkPresent(source, dataDir);
      if (present) {
        reports.push({ ...base, status: 'skipped', reason: present.reason, files: present.files });
        continue;
      }
      const files = await downloadSource(source, urls, dataDir, fetchImpl, parsed.timeoutMs);
      reports.push({ ...base, status: 'downloaded', reason: `${files.length} file(s) installed`, files });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      reports.push({ ...base, status: 'failed', reason, files: [] });
    }
  }
  return reports;
}

function rebase(url: string, baseUrl: string | undefined): string {
  if (!baseUrl) return url;
  const upstream = new URL(url);
  return `${baseUrl.replace(/\/+$/, '')}${upstream.pathname}${upstream.search}`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function checkPresent(
  source: DataSourceDefinition,
  dataDir: string,
): Promise<{ reason: string; files: FetchedFile[] } | undefined> {
  const outputs = source.downloads.flatMap((d) => d.outputs);
  if (!outputs.every((o) => existsSync(join(dataDir, o.path)))) return undefined;
  const extractDirs = source.downloads.flatMap((d) => (d.extractAllTo === undefined ? [] : [d.extractAllTo]));
  if (!extractDirs.every((dir) => existsSync(join(dataDir, dir)))) return undefined;
  const files: FetchedFile[] = [];
  const differing: string[] = [];
  for (const output of outputs) {
    const bytes = await readFile(join(dataDir, output.path));
    const hash = sha256(bytes);
    if (output.sha256 !== undefined && hash !== output.sha256) differing.push(output.path);
    files.push({
      path: output.path,
      bytes: bytes.length,
      sha256: hash,
      verifiedBy: output.sha256 !== undefined && hash === output.sha256 ? 'sha256' : 'none',
    });
  }
  if (differing.length > 0) {
    return {
      reason: `already present but different from the upstream file (sha256 mismatch: ${differing.join(', ')}); kept as is — pass force to replace`,
      files,
    };
  }
  const known = outputs.filter((o) => o.sha256 !== undefined).length;
  return {
    reason:
      known === outputs.length
        ? 'already present, sha256 verified'
        : 'already present (no published sha256 to compare)',
    files,
  };
}

async function download(url: string, fetchImpl: typeof fetch, timeoutMs: number): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchImpl(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new DataError(
      'DOWNLOAD_FAILED',
      `cannot reach ${url}: ${(error as Error).message}`,
      { file: url },
      { cause: error },
    );
  }
  if (!response.ok) {
    throw new DataError('DOWNLOAD_FAILED', `HTTP ${response.status} ${response.statusText} from ${url}`, { file: url });
  }
  return new Uint8Array(await response.arrayBuffer());
}

interface StagedFile {
  path: string;
  bytes: Uint8Array;
  verifiedBy: FetchedFile['verifiedBy'];
}

async function downloadSource(
  source: DataSourceDefinition,
  urls: string[],
  dataDir: string,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<FetchedFile[]> {
  // Download and check everything first, so a failure leaves the data directory untouched.
  const staged: StagedFile[] = [];
  for (const [index, spec] of source.downloads.entries()) {
    const url = urls[index]!;
    const bytes = await download(url, fetchImpl, timeoutMs);
    checkDigest(bytes, spec, url);
    staged.push(...(spec.kind === 'zip' ? unpack(bytes, spec, url) : [single(bytes, spec, url)]));
  }
  const installed: FetchedFile[] = [];
  for (const file of staged) {
    const target = safeJoin(dataDir, file.path);
    await mkdir(dirname(target), { recursive: true });
    const tmp = tempPathFor(target);
    try {
      await writeFile(tmp, file.bytes);
      if (source.validate === 'reference-resumes-parquet' && file.path.endsWith('.parquet')) {
        await validateReferenceResumes(tmp, file.path);
        file.verifiedBy = 'structure';
      }
      await rename(tmp, target);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    installed.push({
      path: file.path,
      bytes: file.bytes.length,
      sha256: sha256(file.bytes),
      verifiedBy: file.verifiedBy,
    });
  }
  return installed;
}

function checkDigest(bytes: Uint8Array, spec: SourceDownload, url: string): void {
  const checks: [string, string | undefined][] = [
    ['sha256', spec.sha256],
    ['md5', spec.md5],
  ];
  for (const [algorithm, expected] of checks) {
    if (expected === undefined) continue;
    const actual = createHash(algorithm).update(bytes).digest('hex');
    if (actual !== expected) {
      throw new DataError('CHECKSUM_MISMATCH', `${algorithm} of the download is ${actual}, expected ${expected}`, {
        file: url,
      });
    }
  }
}

function single(bytes: Uint8Array, spec: SourceDownload, url: string): StagedFile {
  const output = spec.outputs[0];
  if (!output) throw new JobskillError('BAD_SOURCE', `source download ${url} declares no output`);
  verifyOutput(bytes, output.sha256, output.path);
  const verifiedBy = output.sha256 || spec.sha256 ? 'sha256' : spec.md5 ? 'md5' : 'none';
  return { path: output.path, bytes, verifiedBy };
}

function verifyOutput(bytes: Uint8Array, expected: string | undefined, path: string): void {
  if (expected === undefined) return;
  const actual = sha256(bytes);
  if (actual !== expected) {
    throw new DataError('CHECKSUM_MISMATCH', `sha256 is ${actual}, expected ${expected}`, { file: path });
  }
}

function unpack(bytes: Uint8Array, spec: SourceDownload, url: string): StagedFile[] {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes);
  } catch (error) {
    throw new DataError(
      'CORRUPT_FILE',
      `not a readable zip archive: ${(error as Error).message}`,
      { file: url },
      { cause: error },
    );
  }
  const files = Object.entries(members).filter(([name]) => !name.endsWith('/') && !name.startsWith('__MACOSX/'));
  for (const [name] of files) {
    // "Zip slip": a member path must stay inside the folder it is extracted to.
    if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.split(/[\\/]/).includes('..')) {
      throw new DataError('INVALID_VALUE', `refusing archive member outside the extraction folder: ${name}`, {
        file: url,
        field: name,
      });
    }
  }
  const relativeNames = stripCommonTopFolder(files.map(([name]) => name));
  const byRelative = new Map(files.map(([, data], i) => [relativeNames[i]!, data]));
  const archiveVerified: FetchedFile['verifiedBy'] = spec.sha256 ? 'sha256' : spec.md5 ? 'md5' : 'none';

  const staged: StagedFile[] = [];
  const taken = new Set<string>();
  for (const output of spec.outputs) {
    const member = output.member ?? output.path;
    let name = byRelative.has(member) ? member : undefined;
    if (name === undefined) {
      const sameBase = [...byRelative.keys()].filter((n) => n.split('/').at(-1) === member.split('/').at(-1));
      if (sameBase.length === 1) name = sameBase[0];
    }
    if (name === undefined) {
      if (output.required === false) continue;
      throw new DataError(
        'MALFORMED_ROW',
        `archive has no member "${member}" (members: ${[...byRelative.keys()].slice(0, 20).join(', ')})`,
        {
          file: url,
          field: member,
        },
      );
    }
    const data = byRelative.get(name)!;
    verifyOutput(data, output.sha256, output.path);
    taken.add(name);
    staged.push({ path: output.path, bytes: data, verifiedBy: output.sha256 ? 'sha256' : archiveVerified });
  }
  if (spec.extractAllTo !== undefined) {
    for (const [name, data] of byRelative) {
      if (taken.has(name)) continue;
      staged.push({ path: `${spec.extractAllTo}/${name}`, bytes: data, verifiedBy: archiveVerified });
    }
  }
  return staged;
}

/** Archives usually wrap everything in one folder (TaskB/…); paths are matched without it. */
function stripCommonTopFolder(names: string[]): string[] {
  const tops = new Set(names.map((n) => (n.includes('/') ? n.split('/')[0] : '')));
  if (tops.size === 1 && !tops.has('')) {
    const prefix = `${[...tops][0]}/`;
    return names.map((n) => n.slice(prefix.length));
  }
  return names;
}

/** Second guard: nothing is ever written outside the data directory. */
function safeJoin(root: string, path: string): string {
  const target = resolve(root, path);
  if (target !== root && !target.startsWith(root + sep)) {
    throw new DataError('INVALID_VALUE', `refusing to write outside the data directory: ${path}`, { file: path });
  }
  return target;
}

async function validateReferenceResumes(file: string, path: string): Promise<void> {
  const table = await readTable(file, 'parquet');
  for (const column of ['Unnamed: 0.1', ...Object.values(REFERENCE_RESUME_COLUMNS)]) {
    if (!table.columns.includes(column)) {
      throw new DataError('MISSING_COLUMN', `downloaded parquet lacks reference column "${column}"`, {
        file: path,
        field: column,
      });
    }
  }
  try {
    await loadResumes(file, { format: 'parquet' });
  } catch (error) {
    // Name the destination, not the temp file the check ran on.
    if (error instanceof DataError) {
      throw new DataError(error.code, error.reason, {
        file: path,
        ...(error.row !== undefined ? { row: error.row } : {}),
        ...(error.field !== undefined ? { field: error.field } : {}),
      });
    }
    throw error;
  }
}
