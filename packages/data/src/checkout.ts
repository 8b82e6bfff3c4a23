import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null | undefined;

/**
 * The jobskill repository root when this package runs from a checkout (packages/data/{src,dist}/…), else null
 * (installed under node_modules). Defaults that mean "beside the repository" use it.
 */
export function checkoutRoot(): string | null {
  if (cached !== undefined) return cached;
  cached = null;
  const here = fileURLToPath(import.meta.url);
  if (here.split(sep).includes('node_modules')) return cached;
  const root = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
  if (!existsSync(join(root, 'pnpm-workspace.yaml'))) return cached;
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: unknown };
    if (pkg.name === 'jobskill') cached = root;
  } catch {
    // not our repository
  }
  return cached;
}
