/**
 * Benchmark of the embedded encoder: the build time of the served build (recorded by the last `pnpm turbo run model`
 * in artifacts/esco-static-encoder.build.json, or measured now with --rebuild: a full build of
 * DEFAULT_ENSEMBLE_RECIPE into a temp folder, ≈ 5 min on one core), model size, peak memory, and encode throughput
 * through transformers.js.
 * Usage: pnpm --filter @jobskill/models bench [-- --rebuild]   (data: $JOBSKILL_DATA_DIR or ../shared/data)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { env, pipeline } from '@huggingface/transformers';
import { buildEscoEnsembleEncoder, DEFAULT_ENSEMBLE_RECIPE } from '../src/static-encoder/build-ensemble.ts';
import { defaultEncoderDir } from '../src/static-encoder/paths.ts';
import { dataDirPath } from '@jobskill/data';

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { rebuild: { type: 'boolean', default: false } } });
const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = dataDirPath();
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

const root = await mkdtemp(join(tmpdir(), 'jobskill-bench-encoder-'));
try {
  let dir = defaultEncoderDir();
  if (values.rebuild) {
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
    const result = await buildEscoEnsembleEncoder({ dataDir, outDir: join(root, 'encoder'), recipe: { ...DEFAULT_ENSEMBLE_RECIPE, devFraction: 0 } });
    clearInterval(sampler);
    dir = result.dir;
    const s = result.seconds;
    console.log(`encoder build (served ensemble, ${DEFAULT_ENSEMBLE_RECIPE.members.length} members, one core): ${s.total.toFixed(1)} s (load ${s.load.toFixed(1)} s, train ${s.train.toFixed(1)} s, merge ${s.merge.toFixed(1)} s), peak RSS ${mb(peakRss)}`);
  } else if (existsSync(`${dir}.build.json`)) {
    const info = JSON.parse(await readFile(`${dir}.build.json`, 'utf8')) as { seconds: { total: number; load: number; train: number; merge: number }; peakRssBytes: number; builtAt: string };
    const s = info.seconds;
    console.log(
      `encoder build (served ensemble, recorded by the last \`pnpm turbo run model\` at ${info.builtAt}, in parallel with the held-out build): ` +
        `${s.total.toFixed(1)} s (load ${s.load.toFixed(1)} s, train ${s.train.toFixed(1)} s, merge ${s.merge.toFixed(1)} s), peak RSS ${mb(info.peakRssBytes)}`,
    );
  } else {
    console.log('encoder build: no build record (artifacts/esco-static-encoder.build.json); run `pnpm turbo run model`, or this bench with --rebuild');
  }
  if (!existsSync(join(dir, 'onnx', 'model.onnx'))) throw new Error(`no encoder at ${dir}; run \`pnpm turbo run model\``);
  const onnx = (await stat(join(dir, 'onnx', 'model.onnx'))).size;
  console.log(`model size: onnx/model.onnx ${mb(onnx)}, folder ${mb(await folderBytes(dir))} (goal ≤ 50 MB)`);

  env.allowRemoteModels = false;
  const extractor = await pipeline('feature-extraction', dir, { dtype: 'fp32' });
  const texts = Array.from({ length: 2000 }, (_, i) => `senior software developer ${i} with data analysis`);
  await extractor(texts.slice(0, 32), { pooling: 'mean', normalize: true });
  const t = performance.now();
  for (let i = 0; i < texts.length; i += 32) await extractor(texts.slice(i, i + 32), { pooling: 'mean', normalize: true });
  const ms = performance.now() - t;
  const single: number[] = [];
  for (let i = 0; i < 200; i++) {
    const s = performance.now();
    await extractor([texts[i]!], { pooling: 'mean', normalize: true });
    single.push(performance.now() - s);
  }
  single.sort((a, b) => a - b);
  console.log(
    `encode (transformers.js, fp32): ${((texts.length / ms) * 1000).toFixed(0)} texts/s in batches of 32; single text p50 ${single[100]!.toFixed(2)} ms, p99 ${single[198]!.toFixed(2)} ms`,
  );
  await extractor.dispose();
} finally {
  await rm(root, { recursive: true, force: true });
}
