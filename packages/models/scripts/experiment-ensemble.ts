/**
 * Builds the merged-ensemble encoder with 10 % of the ESCO occupations held out (unless the recipe says
 * otherwise) and prints the dev MAP of each member and of the merged table; the folder is kept (--out) for the
 * final checks. Validation is never computed here.
 * Usage: node --conditions=@jobskill/source --import tsx scripts/experiment-ensemble.ts ['<json recipe>'] [--out DIR]
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildEscoEnsembleEncoder, DEFAULT_ENSEMBLE_RECIPE, EnsembleRecipeSchema } from '../src/static-encoder/build-ensemble.ts';
import { dataDirPath } from '@jobskill/data';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' } } });
const dataDir = dataDirPath();
const spec = JSON.parse(positionals[0] ?? '{}') as Record<string, unknown>;
const recipe = EnsembleRecipeSchema.parse({ ...DEFAULT_ENSEMBLE_RECIPE, devFraction: 0.1, ...spec });
const outDir = values.out !== undefined ? resolve(values.out) : join(await mkdtemp(join(tmpdir(), 'jobskill-ens-')), 'encoder');
const result = await buildEscoEnsembleEncoder({ dataDir, outDir, recipe }, (l) => console.log(l));
console.log(`RESULT ${JSON.stringify({ spec, dir: result.dir, dev: result.dev, seconds: result.seconds })}`);
