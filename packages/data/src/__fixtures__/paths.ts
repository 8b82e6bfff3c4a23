import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirPath } from '../data-dir.ts';

export const fixturesDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
/** The shared real data (never copied into the repo). */
export const realDataDir = dataDirPath();

export function fixture(...parts: string[]): string {
  return join(fixturesDir, ...parts);
}

/** A scratch directory for generated bad-input files; `cleanup` removes it. */
export async function scratchDir(): Promise<{
  dir: string;
  write: (name: string, content: string | Uint8Array) => Promise<string>;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'jobskill-data-test-'));
  return {
    dir,
    write: async (name, content) => {
      const file = join(dir, name);
      await writeFile(file, content);
      return file;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
