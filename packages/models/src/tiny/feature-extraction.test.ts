import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoTokenizer, env, pipeline } from '@huggingface/transformers';
import { writeTinyFeatureExtractionModel } from './feature-extraction.ts';

env.allowRemoteModels = false;

describe('writeTinyFeatureExtractionModel', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'jobskill-tiny-fe-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('gives seeded, L2-normalized mean vectors through the feature-extraction pipeline (fp32 and q8)', async () => {
    const dir = join(root, 'fe');
    const { vocab, embeddings, dim } = await writeTinyFeatureExtractionModel(dir, { seed: 9, dim: 24, words: ['kubernetes'], quantize: 'q8' });
    expect(vocab).toContain('kubernetes');
    const tok = await AutoTokenizer.from_pretrained(dir);
    const ids = tok.encode('Kubernetes engineer').slice(1, -1); // drop [CLS]/[SEP]
    const want = new Float64Array(dim);
    for (const id of ids) for (let k = 0; k < dim; k++) want[k]! += embeddings[id * dim + k]!;
    const norm = Math.hypot(...want);

    for (const dtype of ['fp32', 'q8'] as const) {
      const extractor = await pipeline('feature-extraction', dir, { dtype });
      try {
        const out = await extractor(['Kubernetes engineer', 'data scientist'], { pooling: 'mean', normalize: true });
        expect(out.dims).toEqual([2, dim]);
        const row = Array.from((out.data as Float32Array).subarray(0, dim));
        const cosine = row.reduce((s, v, k) => s + (v * want[k]!) / norm, 0);
        expect(cosine).toBeGreaterThan(dtype === 'fp32' ? 0.999999 : 0.999);
      } finally {
        await extractor.dispose();
      }
    }
  });
});
