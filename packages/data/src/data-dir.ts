import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { checkoutRoot } from './checkout.ts';
import { JobskillError } from './errors.ts';

/**
 * The data directory, with one meaning everywhere (CLI, scripts, benches, tests): explicit flag (relative to the
 * working directory), else $JOBSKILL_DATA_DIR (a relative value is read against the repository root in a checkout,
 * so a turbo task running in a package folder sees the same directory as the shell at the root), else `shared/data`
 * beside the checkout (`<repo>/../shared/data`), else `../shared/data` from the working directory.
 * Not checked: see resolveDataDir.
 */
export function dataDirPath(flag?: string): string {
  if (flag !== undefined && flag.trim() !== '') return resolve(flag);
  const env = process.env.JOBSKILL_DATA_DIR;
  const root = checkoutRoot();
  if (env !== undefined && env.trim() !== '') return isAbsolute(env) ? env : resolve(root ?? process.cwd(), env);
  return root !== null ? resolve(join(root, '..', 'shared', 'data')) : resolve('../shared/data');
}

/** dataDirPath(flag), refusing a directory that does not exist (DATA_DIR_NOT_FOUND, saying how to point at one). */
export function resolveDataDir(flag?: string): string {
  const dir = dataDirPath(flag);
  if (!existsSync(dir)) {
    throw new JobskillError('DATA_DIR_NOT_FOUND', `data directory not found: ${dir} (pass --data-dir DIR or set JOBSKILL_DATA_DIR)`);
  }
  if (!statSync(dir).isDirectory()) {
    throw new JobskillError('DATA_DIR_NOT_FOUND', `data directory ${dir} is a file, not a folder (pass --data-dir DIR or set JOBSKILL_DATA_DIR)`);
  }
  return dir;
}
