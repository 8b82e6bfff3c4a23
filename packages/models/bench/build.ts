/**
 * Benchmark of the embedded encoder build: wall time of a full build (load ESCO, pairs, vocab, train, export)
 * with the default recipe into a temp folder, model size, peak memory, and encode throughput through transformers.js.
 * Usage: pnpm --filter @jobskill/models bench   (data: $JOBSKILL_DATA_DIR or ../shared/data)
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { buildEscoStaticEncoder } from '../src/static-encoder/build.ts';
import { DEFAULT_ENCODER_RECIPE } from '../src/static-encoder/recipe.ts';

const dataDir = process.env.JOBSKILL_DATA_DIR ?? resolve(import.meta.dirname, '../../../../shared/data');

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

const root = await mkdtemp(join(tmpdir(), 'jobskill-bench-encoder-'));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
try {
  const result = await buildEscoStaticEncoder({ dataDir, outDir: join(root, 'encoder'), recipe: DEFAULT_ENCODER_RECIPE });
  clearInterval(sampler);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const onnx = (await stat(join(result.dir, 'onnx', 'model.onnx'))).size;
  console.log(`encoder build: ${result.seconds.total.toFixed(1)} s total (load+pairs+vocab ${result.seconds.load.toFixed(1)} s, train ${result.seconds.train.toFixed(1)} s, ${result.epochs.length} epochs)`);
  console.log(`model size: onnx/model.onnx ${mb(onnx)}, folder ${mb(await folderBytes(result.dir))} (goal ≤ 50 MB)`);
  console.log(`peak RSS during build: ${mb(peakRss)}`);

  env.allowRemoteModels = false;
  const extractor = await pipeline('feature-extraction', result.dir, { dtype: 'fp32' });
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
  clearInterval(sampler);
  await rm(root, { recursive: true, force: true });
}
