/**
 * Model-selection runs: builds one recipe with 10 % of the ESCO occupations held out (unless the recipe says
 * otherwise), prints the dev MAP and writes the model folder to --out (default a temp folder) so that the few
 * best dev candidates can then get the final validation check with @jobskill/retrieval's scripts/eval-first-stage.ts — validation is
 * never computed here, so it cannot leak into selection.
 * Usage: node --conditions=@jobskill/source --import tsx scripts/experiment.ts '<json recipe>' [--out DIR]
 */
import { appendFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildEscoStaticEncoder, EncoderRecipeSchema } from '../src/static-encoder/build.ts';
import { dataDirPath } from '@jobskill/data';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, log: { type: 'string' } } });
const dataDir = dataDirPath();
const spec = JSON.parse(positionals[0] ?? '{}') as Record<string, unknown>;
const recipe = EncoderRecipeSchema.parse({ devFraction: 0.1, ...spec });
const outDir = values.out !== undefined ? resolve(values.out) : join(await mkdtemp(join(tmpdir(), 'jobskill-exp-')), 'encoder');
const result = await buildEscoStaticEncoder({ dataDir, outDir, recipe }, (l) => console.log(l));
const line = JSON.stringify({
  spec,
  dir: result.dir,
  dev: result.dev,
  seconds: result.seconds,
  losses: result.epochs.map((e) => Number(e.meanLoss.toFixed(4))),
});
console.log(`RESULT ${line}`);
if (values.log !== undefined) await appendFile(values.log, `${line}\n`);
