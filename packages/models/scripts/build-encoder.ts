/**
 * Builds the embedded default encoder into artifacts/esco-static-encoder/ (turbo task `model`).
 * Data directory: --data-dir DIR, else $JOBSKILL_DATA_DIR, else ../shared/data next to the repository.
 * --out DIR writes elsewhere; --dev-fraction F holds out F of the ESCO occupations and reports dev MAP.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EncoderRecipeSchema, buildEscoStaticEncoder } from '../src/static-encoder/build.ts';
import { DEFAULT_ENCODER_RECIPE } from '../src/static-encoder/recipe.ts';
import { dataDirPath } from '@jobskill/data';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    out: { type: 'string' },
    'dev-fraction': { type: 'string' },
    quantize: { type: 'boolean', default: false },
  },
});
// turbo runs this inside packages/models: a relative data dir (flag or env) is taken from the repo root.
const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = dataDirPath(values['data-dir']);
const recipe = EncoderRecipeSchema.parse({
  ...DEFAULT_ENCODER_RECIPE,
  ...(values['dev-fraction'] !== undefined ? { devFraction: Number(values['dev-fraction']) } : {}),
});
try {
  const result = await buildEscoStaticEncoder(
    { dataDir, recipe, quantize: values.quantize, ...(values.out !== undefined ? { outDir: resolve(values.out) } : {}) },
    (line) => console.log(line),
  );
  console.log(
    `wrote ${result.dir} in ${result.seconds.total.toFixed(1)} s (load ${result.seconds.load.toFixed(1)} s, train ${result.seconds.train.toFixed(1)} s)`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
