import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinySequenceClassificationModel } from '@jobskill/models';
import { createReranker } from './registry.ts';
import { CrossEncoderReranker } from './cross-encoder.ts';

let root: string;
let dir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobskill-xenc-'));
  dir = join(root, 'tiny-cross-encoder');
  await writeTinySequenceClassificationModel(dir, { kind: 'cross-encoder', seed: 5, words: ['nurse', 'patient', 'care', 'python', 'programming', 'data', 'scientist', 'statistics'] });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('cross-encoder re-ranker (tiny generated model, real onnxruntime session)', () => {
  it('scores (title, preferred label) pairs; the overlapping label wins', async () => {
    const reranker = await createReranker('cross-encoder', { model: dir, batchSize: 2 });
    try {
      expect(reranker).toBeInstanceOf(CrossEncoderReranker);
      const candidates = [
        { docId: 'a', aliases: ['python programming'], firstStageScore: 0 },
        { docId: 'b', aliases: ['patient care', 'care for patients'], firstStageScore: 0 },
        { docId: 'c', aliases: ['data scientist statistics'], firstStageScore: 0 },
      ];
      const scores = await reranker.rerank('data scientist', candidates);
      expect(scores).toHaveLength(3);
      expect(scores.every(Number.isFinite)).toBe(true);
      expect(scores[2]).toBeGreaterThan(scores[0]!);
      expect(scores[2]).toBeGreaterThan(scores[1]!);
      // Batching must not change scores.
      const one = await reranker.rerank('data scientist', [candidates[2]!]);
      expect(one[0]).toBeCloseTo(scores[2]!, 5);
      await expect(reranker.rerank('', candidates)).rejects.toThrow(/empty/);
    } finally {
      await reranker.dispose?.();
    }
  });

  it('fails clearly for a missing folder, no model, or a corrupted ONNX file', async () => {
    await expect(createReranker('cross-encoder', {})).rejects.toThrow(/needs `model`/);
    await expect(createReranker('cross-encoder', { model: join(root, 'nope') })).rejects.toThrow(/not found/);
    const broken = join(root, 'broken');
    await writeTinySequenceClassificationModel(broken, { kind: 'cross-encoder', seed: 5 });
    await writeFile(join(broken, 'onnx', 'model.onnx'), 'not an onnx model');
    await expect(createReranker('cross-encoder', { model: broken })).rejects.toThrow(/cannot load cross-encoder/);
  });
});
