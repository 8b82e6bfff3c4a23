import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoTokenizer, env, pipeline } from '@huggingface/transformers';
import { Prng } from '@jobskill/data';
import { BERT_SPECIAL_TOKENS } from './wordpiece-tokenizer.ts';
import { dequantizeRowsInt8, quantizeRowsInt8, writeStaticEmbeddingModel } from './static-embedding-model.ts';

env.allowRemoteModels = false;

const VOCAB = [...BERT_SPECIAL_TOKENS, 'data', 'scien', '##tist', '##s', 'python', 'machine', 'learn', '##ing', 'java', ','];
const DIM = 16;
const SPECIAL = new Set(['[PAD]', '[CLS]', '[SEP]', '[MASK]']);
const TEXTS = ['Data Scientist', 'python, java', 'machine learning with python and qqq', 'data'];

/** What the trainer computes: normalized mean of the rows of the text's tokens, specials excluded. */
function expected(ids: number[], table: Float32Array): number[] {
  const sum = new Float64Array(DIM);
  const used = ids.filter((id) => !SPECIAL.has(VOCAB[id]!));
  for (const id of used) for (let k = 0; k < DIM; k++) sum[k]! += table[id * DIM + k]!;
  const norm = Math.hypot(...sum);
  return Array.from(sum, (v) => v / norm);
}

describe('writeStaticEmbeddingModel through transformers.js feature-extraction', () => {
  let root: string;
  let dir: string;
  const table = new Prng(7).normals(VOCAB.length * DIM);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'jobskill-static-'));
    dir = join(root, 'static');
    await writeStaticEmbeddingModel(dir, {
      vocab: VOCAB,
      embeddings: table,
      dim: DIM,
      modelId: 'jobskill/test-static',
      manifest: { seed: 7 },
      quantize: 'q8',
    });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes fp32 and q8 ONNX files plus a manifest with their hashes', async () => {
    expect((await readdir(join(dir, 'onnx'))).sort()).toEqual(['model.onnx', 'model_quantized.onnx']);
    const manifest = JSON.parse(await readFile(join(dir, 'jobskill-manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ modelId: 'jobskill/test-static', dim: DIM, vocabSize: VOCAB.length, trainer: { seed: 7 } });
    expect(manifest.onnx['model.onnx'].sha256).toMatch(/^[0-9a-f]{64}$/);
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'bert', hidden_size: DIM, vocab_size: VOCAB.length });
  });

  it('fp32: mean-pooled normalized vectors equal the mean of the token rows, specials excluded', async () => {
    const tok = await AutoTokenizer.from_pretrained(dir);
    const extractor = await pipeline('feature-extraction', dir, { dtype: 'fp32' });
    try {
      const out = await extractor(TEXTS, { pooling: 'mean', normalize: true });
      expect(out.dims).toEqual([TEXTS.length, DIM]);
      const rows = out.tolist() as number[][];
      TEXTS.forEach((text, i) => {
        const ids = tok.encode(text);
        expect(ids[0]).toBe(2); // [CLS] is in the input, and its zero row must not move the direction
        const want = expected(ids, table);
        rows[i]!.forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 5));
      });
      // 'qqq' is unknown: its [UNK] row counts (the trainer must treat [UNK] as a token too).
      expect(tok.tokenize('qqq')).toEqual(['[UNK]']);
    } finally {
      await extractor.dispose();
    }
  });

  it('fp32: unpooled output is the table rows, zeroed at specials and padding', async () => {
    const extractor = await pipeline('feature-extraction', dir, { dtype: 'fp32' });
    try {
      const out = await extractor(['python', 'data scientists'], { pooling: 'none' });
      expect(out.dims).toEqual([2, 6, DIM]);
      const t = out.tolist() as number[][][];
      expect(t[0]![1]).toEqual(Array.from(table.subarray(9 * DIM, 10 * DIM)));
      expect(t[0]![0]!.every((v) => v === 0)).toBe(true); // [CLS]
      expect(t[0]![3]!.every((v) => v === 0)).toBe(true); // padding
    } finally {
      await extractor.dispose();
    }
  });

  it('q8: loads with dtype q8 and matches the dequantized table, cosine > 0.999 to fp32', async () => {
    const tok = await AutoTokenizer.from_pretrained(dir);
    const { q, scales } = quantizeRowsInt8(table, DIM);
    const deq = dequantizeRowsInt8(q, scales, DIM);
    const q8 = await pipeline('feature-extraction', dir, { dtype: 'q8' });
    try {
      const rows = (await q8(TEXTS, { pooling: 'mean', normalize: true })).tolist() as number[][];
      TEXTS.forEach((text, i) => {
        const ids = tok.encode(text);
        const want = expected(ids, deq);
        rows[i]!.forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 5));
        const fp = expected(ids, table);
        expect(rows[i]!.reduce((s, v, k) => s + v * fp[k]!, 0)).toBeGreaterThan(0.999);
      });
    } finally {
      await q8.dispose();
    }
  });

  it('rejects a table of the wrong size and non-finite values', async () => {
    const base = { vocab: VOCAB, dim: DIM, modelId: 'x', manifest: null };
    await expect(writeStaticEmbeddingModel(join(root, 'bad'), { ...base, embeddings: new Float32Array(3) })).rejects.toThrow(
      /expected vocab 15 × dim 16 = 240/,
    );
    const nan = new Float32Array(VOCAB.length * DIM);
    nan[DIM * 5 + 2] = Number.NaN;
    await expect(writeStaticEmbeddingModel(join(root, 'bad'), { ...base, embeddings: nan })).rejects.toThrow(
      /row 5, column 2 is not finite/,
    );
  });
});

describe('quantizeRowsInt8', () => {
  it('reconstructs each row within half a quantization step and keeps zero rows zero', () => {
    const table = new Prng(3).normals(4 * 8);
    table.fill(0, 8, 16);
    const { q, scales } = quantizeRowsInt8(table, 8);
    expect(scales[1]).toBe(0);
    const deq = dequantizeRowsInt8(q, scales, 8);
    for (let i = 0; i < table.length; i++) {
      expect(Math.abs(deq[i]! - table[i]!)).toBeLessThanOrEqual(scales[Math.floor(i / 8)]! / 2 + 1e-7);
    }
    // The largest magnitude of each row maps to ±127.
    expect(Math.max(...Array.from(q.subarray(0, 8), Math.abs))).toBe(127);
  });
});
