/**
 * Node side of @jobskill/web: where the built page lives, and a Vite build of it for `jobskill serve` when a
 * checkout has not built it yet (turbo's `build` task writes the same `dist/`). Plain JavaScript (types in
 * build-page.d.ts) so the built CLI imports it under plain node, without a TypeScript loader.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webRoot = fileURLToPath(new URL('..', import.meta.url));
export const webDistDir = join(webRoot, 'dist');

/** @returns {boolean} */
export function webPageBuilt() {
  return existsSync(join(webDistDir, 'index.html'));
}

/**
 * Builds the page into `webDistDir` with the package's vite.config.ts; returns that directory.
 * @returns {Promise<string>}
 */
export async function buildWebPage() {
  const { build } = await import('vite');
  await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
  return webDistDir;
}
