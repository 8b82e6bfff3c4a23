/**
 * Node side of @jobskill/web: where the built page lives, and a Vite build of it for `jobskill serve` when a
 * checkout has not built it yet (turbo's `build` task writes the same `dist/`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webRoot = fileURLToPath(new URL('..', import.meta.url));
export const webDistDir = join(webRoot, 'dist');

export function webPageBuilt(): boolean {
  return existsSync(join(webDistDir, 'index.html'));
}

/** Builds the page into `webDistDir` with the package's vite.config.ts; returns that directory. */
export async function buildWebPage(): Promise<string> {
  const { build } = await import('vite');
  await build({ root: webRoot, configFile: join(webRoot, 'vite.config.ts'), logLevel: 'warn' });
  return webDistDir;
}
