/**
 * `pnpm turbo run model` for @jobskill/labeling: trains the default `trained` role classifier on the
 * rules-reference labels of resumes/resumes.parquet and writes artifacts/role-classifier atomically.
 * Usage: scripts/build-classifier.ts [--data-dir DIR] [--out DIR]
 */
import { isAbsolute, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '@jobskill/data';
import { buildDefaultClassifier } from '../src/index.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, out: { type: 'string' } } });
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// turbo runs this inside packages/labeling: a relative data dir is taken from the repo root.
const dataDir = resolveDataDir(values['data-dir']);

const result = await buildDefaultClassifier({
  dataDir,
  ...(values.out !== undefined ? { out: resolve(values.out) } : {}),
  log: (line) => console.log(`  ${line}`),
});
console.log(
  `role classifier → ${result.file}: ${result.examples} resumes, training accuracy ${result.trainingAccuracy.toFixed(4)}, ` +
    `temperature ${result.temperature.toFixed(3)} (${result.seconds.toFixed(1)} s)`,
);
