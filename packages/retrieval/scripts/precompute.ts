/**
 * Start-up precomputation on existing model artifacts (no encoder or re-ranker training): what the served
 * processes would otherwise compute at every start from artifacts and data alone. Run by the `model` script after
 * the builds; runnable on its own (`pnpm --filter @jobskill/retrieval precompute`), seconds on 2 cores.
 * Usage: tsx scripts/precompute.ts [--data-dir DIR] [--index-dir DIR]
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { precomputeServedArtifacts } from '../src/serve/precompute.ts';
import { defaultIndexDir } from '../src/serve/default-skill-search.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'index-dir': { type: 'string' } } });
const repoRoot = resolve(import.meta.dirname, '../../..');
const chosen = values['data-dir'] ?? process.env.JOBSKILL_DATA_DIR ?? '../shared/data';
const dataDir = isAbsolute(chosen) ? chosen : resolve(repoRoot, chosen);
const indexDir = resolve(values['index-dir'] ?? defaultIndexDir());
if (!existsSync(join(indexDir, 'manifest.json'))) {
  console.error(`no skill index at ${indexDir}: build it first (pnpm turbo run model)`);
  process.exit(1);
}
const report = await precomputeServedArtifacts({ dataDir, indexDir, log: (line) => console.log(`  ${line}`) });
for (const line of report) console.log(line);
