import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './atomic-write.ts';
import { withSkipped, type SkippedRow } from './rows.ts';

/**
 * Parsed ESCO exports, saved once per content: parsing and validating the five CSVs (35 MB) costs seconds at every
 * start of every process that needs ESCO (server workers, CLI commands); reading the parsed rows back as JSON a few
 * hundred milliseconds. The file name is the sha256 of the CSVs' bytes and of the loaders' code, so a changed export
 * or parser is parsed again.
 */
const SNAPSHOT_FORMAT = 'jobskill-esco-snapshot-v1';

/** `$JOBSKILL_CACHE_DIR/esco`, else `<repo>/.jobskill-cache/esco` (git-ignored); `JOBSKILL_ESCO_SNAPSHOT=0` turns it off. */
export function escoSnapshotDir(): string | null {
  if (process.env.JOBSKILL_ESCO_SNAPSHOT === '0') return null;
  const root = process.env.JOBSKILL_CACHE_DIR ?? fileURLToPath(new URL('../../../.jobskill-cache', import.meta.url));
  return join(root, 'esco');
}

/**
 * sha256 of this package's own modules (the loaders' code): a changed parser must not be answered with rows the old
 * one produced. Computed once per process (~40 small files).
 */
let codeHash: string | undefined;
function loaderCodeHash(): string {
  if (codeHash === undefined) {
    // The TypeScript sources when present (so src and dist runs share one snapshot), else this folder.
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const dir = existsSync(src) ? src : fileURLToPath(new URL('.', import.meta.url));
    const hash = createHash('sha256');
    for (const name of readdirSync(dir).sort()) {
      if (/\.(ts|js)$/.test(name) && !/\.test\.|\.d\.ts$/.test(name)) hash.update(name).update(readFileSync(join(dir, name)));
    }
    codeHash = hash.digest('hex');
  }
  return codeHash;
}

export function escoSnapshotKey(files: readonly string[]): string {
  const hash = createHash('sha256').update(SNAPSHOT_FORMAT).update(loaderCodeHash());
  for (const file of files) hash.update(createHash('sha256').update(readFileSync(file)).digest('hex'));
  return hash.digest('hex');
}

type Tables = Record<string, unknown[] & { skipped: readonly SkippedRow[] }>;

/** The saved tables for `key`, each an array with its `skipped` rows again; null when none is saved (or unreadable). */
export function readEscoSnapshot(dir: string, key: string): Tables | null {
  const file = join(dir, `${key}.json`);
  if (!existsSync(file)) return null;
  let saved: { format?: unknown; tables?: Record<string, { rows: unknown[]; skipped: SkippedRow[] }> };
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // a damaged cache entry is a miss: the CSVs are parsed again and the entry rewritten
  }
  if (saved.format !== SNAPSHOT_FORMAT || typeof saved.tables !== 'object' || saved.tables === null) return null;
  const out: Tables = {};
  for (const [name, table] of Object.entries(saved.tables)) out[name] = withSkipped(table.rows, table.skipped) as Tables[string];
  return out;
}

export async function writeEscoSnapshot(dir: string, key: string, tables: Record<string, readonly unknown[] & { readonly skipped: readonly SkippedRow[] }>): Promise<void> {
  const body: Record<string, { rows: readonly unknown[]; skipped: readonly SkippedRow[] }> = {};
  for (const [name, rows] of Object.entries(tables)) body[name] = { rows: [...rows], skipped: rows.skipped };
  await writeFileAtomic(join(dir, `${key}.json`), JSON.stringify({ format: SNAPSHOT_FORMAT, tables: body }));
}
