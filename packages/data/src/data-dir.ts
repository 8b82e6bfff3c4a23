import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { JobskillError } from './errors.ts';

/** Data directory: explicit flag, else $JOBSKILL_DATA_DIR, else ../shared/data relative to the cwd. */
export function resolveDataDir(flag?: string): string {
  const chosen = flag ?? process.env.JOBSKILL_DATA_DIR ?? '../shared/data';
  const dir = resolve(chosen);
  if (!existsSync(dir)) {
    throw new JobskillError(
      'DATA_DIR_NOT_FOUND',
      `data directory not found: ${dir} (pass --data-dir DIR or set JOBSKILL_DATA_DIR)`,
    );
  }
  if (!statSync(dir).isDirectory()) {
    throw new JobskillError('DATA_DIR_NOT_FOUND', `data directory ${dir} is a file, not a folder (pass --data-dir DIR or set JOBSKILL_DATA_DIR)`);
  }
  return dir;
}
