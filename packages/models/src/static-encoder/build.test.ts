import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, pipeline } from '@huggingface/transformers';
import { buildEscoStaticEncoder, type BuildEncoderResult } from './build.ts';
import { DEFAULT_ENSEMBLE_RECIPE } from './build-ensemble.ts';
import { defaultEncoderDir, embeddedModelDir } from './paths.ts';
import { HAVE_ESCO, TEST_DATA_DIR } from './test-data.ts';

env.allowRemoteModels = false;

// Small and quick: the numerics are the real ones, only the sizes shrink.
const recipe = {
  devFraction: 0.1,
  vocab: { maxWords: 4000, maxPieces: 1000 },
  train: { dim: 16, epochs: 1, batchSize: 64, learningRate: 0.02, seed: 5 },
};

describe.skipIf(!HAVE_ESCO)('buildEscoStaticEncoder (real ESCO, tiny recipe)', () => {
  let root: string;
  let first: BuildEncoderResult;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'jobskill-build-'));
    first = await buildEscoStaticEncoder({ dataDir: TEST_DATA_DIR, outDir: join(root, 'a'), recipe });
  }, 300_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('writes an HF folder with a manifest of seed, data hashes and training figures', async () => {
    const manifest = JSON.parse(await readFile(join(first.dir, 'jobskill-manifest.json'), 'utf8'));
    expect(manifest.trainer.seed).toBe(5);
    expect(manifest.trainer.data['esco_v1.1.1/skills_en.csv']).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.trainer.data['talentclef2025_taskB/training/jobid2terms.json']).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.trainer.training.pairsPerEpoch.titleSkill).toBeGreaterThan(100_000);
    // even one tiny epoch ranks held-out occupations' skills far above chance (≈ 0.01 on this corpus)
    expect(first.dev!.mapMeanOfAliases).toBeGreaterThan(0.05);
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) {
      expect(existsSync(join(first.dir, f))).toBe(true);
    }
  });

  it('is deterministic: a second build with the same seed writes the same ONNX bytes', async () => {
    const second = await buildEscoStaticEncoder({ dataDir: TEST_DATA_DIR, outDir: join(root, 'b'), recipe });
    const [a, b] = await Promise.all([readFile(join(first.dir, 'onnx/model.onnx')), readFile(join(second.dir, 'onnx/model.onnx'))]);
    expect(a.equals(b)).toBe(true);
    const [ma, mb] = await Promise.all([
      readFile(join(first.dir, 'jobskill-manifest.json'), 'utf8'),
      readFile(join(second.dir, 'jobskill-manifest.json'), 'utf8'),
    ]);
    expect(ma).toBe(mb);
  }, 300_000);

  it('loads through transformers.js feature-extraction and ranks a related skill above an unrelated one', async () => {
    const extractor = await pipeline('feature-extraction', first.dir, { dtype: 'fp32' });
    try {
      const out = (await extractor(['software developer', 'develop software', 'harvest grapes'], { pooling: 'mean', normalize: true })).tolist() as number[][];
      const cos = (x: number[], y: number[]) => x.reduce((s, v, k) => s + v * y[k]!, 0);
      expect(out[0]!.length).toBe(16);
      expect(cos(out[0]!, out[1]!)).toBeGreaterThan(cos(out[0]!, out[2]!));
    } finally {
      await extractor.dispose();
    }
  });

  it('reports a missing data directory as a typed error naming it', async () => {
    await expect(buildEscoStaticEncoder({ dataDir: join(root, 'nowhere'), outDir: join(root, 'c'), recipe })).rejects.toThrow(
      /nowhere.*no ESCO skills file/,
    );
  });
});

describe('embedded model paths', () => {
  it('resolve inside packages/models/artifacts and refuse path tricks', () => {
    expect(defaultEncoderDir()).toMatch(/packages[/\\]models[/\\]artifacts[/\\]esco-static-encoder$/);
    expect(() => embeddedModelDir('../x')).toThrow(/plain folder name/);
    expect(() => embeddedModelDir('a/b')).toThrow(/plain folder name/);
  });
});

describe.skipIf(!existsSync(join(defaultEncoderDir(), 'onnx', 'model.onnx')))('the built default encoder artifact', () => {
  it('is ≤ 50 MB, has the ensemble recipe\'s dimension and puts job titles near their skills', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(join(defaultEncoderDir(), 'onnx', 'model.onnx')).size).toBeLessThanOrEqual(50 * 1024 * 1024);
    const extractor = await pipeline('feature-extraction', defaultEncoderDir(), { dtype: 'fp32' });
    try {
      const texts = ['software developer', 'use software development tools', 'harvest grapes', 'nurse', 'administer medication'];
      const v = (await extractor(texts, { pooling: 'mean', normalize: true })).tolist() as number[][];
      const cos = (x: number[], y: number[]) => x.reduce((s, a, k) => s + a * y[k]!, 0);
      expect(v[0]!.length).toBe(DEFAULT_ENSEMBLE_RECIPE.dim);
      expect(cos(v[0]!, v[1]!)).toBeGreaterThan(cos(v[0]!, v[2]!));
      expect(cos(v[3]!, v[4]!)).toBeGreaterThan(cos(v[3]!, v[1]!));
    } finally {
      await extractor.dispose();
    }
  });
});
