// Lints the served OpenAPI document with Redocly's recommended rules:
//   pnpm --filter @jobskill/api lint:openapi
// Builds the app (no models: the document does not depend on them), saves GET /openapi.json to a temp file and runs
// `npx -y @redocly/cli@latest lint --extends recommended` on it. Needs the npm registry, so it runs outside CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.ts';

const notLoaded = Promise.reject(new Error('not loaded: only the document is needed'));
notLoaded.catch(() => undefined);
const app = await buildApp({ services: notLoaded, webDir: null, docs: false });
const res = await app.inject('/openapi.json');
await app.close();
if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}`);
const dir = mkdtempSync(join(tmpdir(), 'jobskill-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, res.body);
const lint = spawnSync('npx', ['-y', '@redocly/cli@latest', 'lint', '--extends', 'recommended', file], { stdio: 'inherit' });
rmSync(dir, { recursive: true, force: true });
process.exitCode = lint.status ?? 1;
