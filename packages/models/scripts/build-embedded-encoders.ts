/**
 * Builds the embedded encoders (turbo task `model`), both from DEFAULT_ENSEMBLE_RECIPE (build-ensemble.ts,
 * `EMBEDDED_ENCODER_BUILDS`):
 * - artifacts/esco-static-encoder: trained on all ESCO occupations — the served default encoder;
 * - artifacts/esco-static-encoder-heldout: the same recipe with 10 % of the occupations held out (listed in its
 *   manifest); @jobskill/retrieval trains the embedded re-ranker's features with it (see its README).
 * The two builds run in parallel child processes (each is single-threaded). Data directory: --data-dir DIR, else
 * $JOBSKILL_DATA_DIR, else ../shared/data next to the repository.
 * Usage: node --conditions=@jobskill/source --import tsx scripts/build-embedded-encoders.ts [--data-dir DIR] [--only served|heldout]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { buildEmbeddedEncoder, EMBEDDED_ENCODER_BUILDS, type EmbeddedEncoderBuild } from '../src/static-encoder/build-ensemble.ts';
import { dataDirPath } from '@jobskill/data';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, only: { type: 'string' }, variant: { type: 'string' } } });
// turbo runs this inside packages/models: a relative data dir (flag or env) is taken from the repo root.
const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = dataDirPath(values['data-dir']);

async function buildVariant(variant: EmbeddedEncoderBuild): Promise<void> {
  const result = await buildEmbeddedEncoder(variant, { dataDir }, (line) => console.log(`[${variant}] ${line}`));
  const s = result.seconds;
  console.log(`[${variant}] wrote ${result.dir} in ${s.total.toFixed(1)} s (load ${s.load.toFixed(1)} s, train ${s.train.toFixed(1)} s, merge ${s.merge.toFixed(1)} s)`);
}

try {
  if (values.variant !== undefined) {
    if (!Object.hasOwn(EMBEDDED_ENCODER_BUILDS, values.variant)) throw new Error(`unknown --variant ${values.variant}`);
    await buildVariant(values.variant as EmbeddedEncoderBuild);
  } else {
    const wanted = (values.only === undefined ? Object.keys(EMBEDDED_ENCODER_BUILDS) : [values.only]) as EmbeddedEncoderBuild[];
    for (const v of wanted) if (!Object.hasOwn(EMBEDDED_ENCODER_BUILDS, v)) throw new Error(`unknown --only ${v}; valid: ${Object.keys(EMBEDDED_ENCODER_BUILDS).join(', ')}`);
    const started = Date.now();
    // The TechWolf dev set (Task B layout) beside the models: `jobskill eval` picks it up (a second, no training).
    const dev = spawn(process.execPath, [...process.execArgv, resolve(import.meta.dirname, 'build-techwolf-dev.ts'), '--data-dir', dataDir], { stdio: 'inherit' });
    const [devCode] = await once(dev, 'exit');
    if (devCode !== 0) throw new Error(`writing the TechWolf dev set failed (exit ${devCode})`);
    const script = fileURLToPath(import.meta.url);
    const children = wanted.map((variant) => {
      const child = spawn(process.execPath, [...process.execArgv, script, '--data-dir', dataDir, '--variant', variant], { stdio: 'inherit' });
      return once(child, 'exit').then(([code]) => {
        if (code !== 0) throw new Error(`building the ${variant} encoder failed (exit ${code})`);
      });
    });
    await Promise.all(children);
    console.log(`embedded encoders built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
