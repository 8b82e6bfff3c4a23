import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkoutRoot } from './checkout.ts';

/**
 * Where derived, rebuildable files go (the served skill index, the artifact hash cache):
 * explicit flag, else $JOBSKILL_CACHE_DIR, else `<repo>/.jobskill-cache` when this package runs from a checkout of
 * the jobskill repository (the model task and the tests build and read the index there), else
 * `$XDG_CACHE_HOME/jobskill` or `~/.cache/jobskill`: a package installed in node_modules never writes beside itself.
 */
export function resolveCacheDir(flag?: string): string {
  const chosen = flag ?? nonEmpty(process.env.JOBSKILL_CACHE_DIR);
  if (chosen !== undefined) return resolve(chosen);
  const repo = checkoutRoot();
  if (repo !== null) return join(repo, '.jobskill-cache');
  return join(nonEmpty(process.env.XDG_CACHE_HOME) ?? join(homedir(), '.cache'), 'jobskill');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
