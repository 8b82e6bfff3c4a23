import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, JobskillError, sealArtifact } from '@jobskill/data';
import { defaultEncoderDir as modelsDefaultEncoderDir } from '@jobskill/models';
import { TINY_DIM, TOPICS, tinyEmbeddingTable, writeTinyEncoder } from './testing/tiny-encoder.ts';
import { pretrainedOptions, resolveModel } from './hf-loader.ts';
import { createEncoderByName, defaultEncoderDir, encoders, requireDefaultEncoderDir } from './registry.ts';
import { createEncoder } from './transformers-encoder.ts';
import { isLocalModel as isLocalModelPath } from './hf-loader.ts';
import { encoderIdentity } from './types.ts';

let root: string;
let modelDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobskill-encoder-'));
  modelDir = join(root, 'tiny');
  await writeTinyEncoder(modelDir, { quantize: true });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The static model by hand: normalized mean of the word rows. */
function expectedVector(words: string[]): Float32Array {
  const { vocab, table } = tinyEmbeddingTable();
  const sum = new Float64Array(TINY_DIM);
  for (const word of words) {
    const row = vocab.indexOf(word);
    for (let j = 0; j < TINY_DIM; j++) sum[j]! += table[row * TINY_DIM + j]!;
  }
  const norm = Math.hypot(...sum);
  return Float32Array.from(sum, (v) => v / norm);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

async function expectCode(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JobskillError);
  expect((error as JobskillError).code).toBe(code);
  expect((error as Error).message).toMatch(message);
}

describe('createEncoder on a local HF folder (real onnxruntime session)', () => {
  it('returns L2-normalized mean-pooled vectors equal to the model computed by hand', async () => {
    const encoder = await createEncoder({ model: modelDir });
    try {
      expect(encoder.dimensions).toBe(TINY_DIM);
      expect(encoder.id).toBe('transformers:jobskill/tiny-test-encoder@fp32');
      const [a, b, c] = await encoder.encode(['Data Scientist', 'forklift operation', 'data scientist']);
      const want = expectedVector(['data', 'scientist']);
      for (let j = 0; j < TINY_DIM; j++) expect(a![j]).toBeCloseTo(want[j]!, 5);
      expect(Math.hypot(...b!)).toBeCloseTo(1, 5);
      expect(cosine(a!, c!)).toBeCloseTo(1, 6);
      expect(cosine(a!, b!)).toBeLessThan(0.5);
    } finally {
      await encoder.dispose();
    }
  });

  it("pools exactly like the pipeline's own { pooling: 'mean', normalize: true }", async () => {
    const { pipeline } = await import('@huggingface/transformers');
    const reference = await pipeline('feature-extraction', modelDir, { dtype: 'fp32', local_files_only: true });
    const encoder = await createEncoder({ model: modelDir, batchSize: 3 });
    try {
      const texts = ['data', 'machine learning with python and java', 'care for patients', 'nurse nurse nurse', 'operate'];
      const mine = await encoder.encode(texts);
      for (const [i, text] of texts.entries()) {
        const theirs = (await reference([text], { pooling: 'mean', normalize: true })).data as Float32Array;
        for (let j = 0; j < TINY_DIM; j++) expect(mine[i]![j]).toBeCloseTo(theirs[j]!, 5);
      }
    } finally {
      await encoder.dispose();
      await reference.dispose();
    }
  });

  it('keeps input order across length-sorted batches', async () => {
    const encoder = await createEncoder({ model: modelDir, batchSize: 2 });
    try {
      const texts = ['nurse', 'software development and java script programming', 'data', 'operate forklift'];
      const batched = await encoder.encode(texts);
      for (const [i, text] of texts.entries()) {
        const [single] = await encoder.encode([text]);
        expect(cosine(batched[i]!, single!)).toBeCloseTo(1, 5);
      }
      expect(await encoder.encode([])).toEqual([]);
    } finally {
      await encoder.dispose();
    }
  });

  it('gives a text with no known token a zero vector instead of NaN', async () => {
    const encoder = await createEncoder({ model: modelDir });
    try {
      const [v] = await encoder.encode(['zzqx']);
      // [UNK] is not zeroed by the static model, so it has a real row; an empty string has no token at all.
      expect(Number.isFinite(v![0]!)).toBe(true);
      const [empty] = await encoder.encode(['']);
      expect([...empty!].every((x) => x === 0)).toBe(true);
    } finally {
      await encoder.dispose();
    }
  });

  it('serves repeated queries from the LRU cache', async () => {
    const encoder = await createEncoder({ model: modelDir, queryCacheSize: 4 });
    try {
      const [first] = await encoder.encode(['data scientist']);
      const [second] = await encoder.encode(['data scientist']);
      expect(second).toBe(first);
      const uncached = await createEncoder({ model: modelDir, queryCacheSize: 0 });
      const [x] = await uncached.encode(['data scientist']);
      const [y] = await uncached.encode(['data scientist']);
      expect(y).not.toBe(x);
      await uncached.dispose();
    } finally {
      await encoder.dispose();
    }
  });

  it('chooses q8 when the folder has only onnx/model_quantized.onnx', async () => {
    const q8Dir = join(root, 'q8-only');
    await cp(modelDir, q8Dir, { recursive: true });
    await rm(join(q8Dir, 'onnx', 'model.onnx'));
    await sealArtifact(q8Dir, 'jobskill-manifest.json', ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']);
    const encoder = await createEncoder({ model: q8Dir });
    const fp32 = await createEncoder({ model: modelDir });
    try {
      expect(encoder.id).toMatch(/@q8$/);
      const [q] = await encoder.encode(['machine learning']);
      const [f] = await fp32.encode(['machine learning']);
      expect(cosine(q!, f!)).toBeGreaterThan(0.999);
      expect(encoder.contentHash).not.toBe(fp32.contentHash);
    } finally {
      await encoder.dispose();
      await fp32.dispose();
    }
    await expectCode(createEncoder({ model: q8Dir, dtype: 'fp32' }), 'MODEL_NOT_FOUND', /onnx\/model\.onnx/);
  });

  it('identifies the model by a content hash that changes with the weights', async () => {
    const a = await createEncoder({ model: modelDir });
    const b = await createEncoder({ model: modelDir });
    const otherDir = join(root, 'other-seed');
    await writeTinyEncoder(otherDir, { seed: 99 });
    const c = await createEncoder({ model: otherDir });
    try {
      expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(b.contentHash).toBe(a.contentHash);
      expect(c.id).toBe(a.id);
      expect(c.contentHash).not.toBe(a.contentHash);
      expect(encoderIdentity(a)).toEqual({ id: a.id, hash: a.contentHash });
    } finally {
      await Promise.all([a.dispose(), b.dispose(), c.dispose()]);
    }
  });
});

describe('createEncoder bad input', () => {
  it('refuses a corrupted ONNX file with a clear error', async () => {
    const dir = join(root, 'corrupt-onnx');
    await cp(modelDir, dir, { recursive: true });
    await writeFile(join(dir, 'onnx', 'model.onnx'), Buffer.from('this is not a protobuf model'));
    await expectCode(createEncoder({ model: dir }), 'ARTIFACT_CORRUPT', /corrupt-onnx\/onnx\/model\.onnx .*pnpm turbo run model/);
    await expectCode(createEncoder({ model: dir, verify: false }), 'MODEL_LOAD_FAILED', /cannot load model folder .*corrupt-onnx/);
  });

  it('refuses a same-size bit flip of the weights, naming the file and the rebuild command', async () => {
    const dir = join(root, 'bit-flip');
    await cp(modelDir, dir, { recursive: true });
    const onnx = join(dir, 'onnx', 'model.onnx');
    // Loads once (fills the size+mtime hash cache), then one bit of the last weight flips in place.
    await (await createEncoder({ model: dir })).dispose();
    const bytes = await readFile(onnx);
    bytes[bytes.length - 2]! ^= 0x01;
    await writeFile(onnx, bytes);
    await expectCode(createEncoder({ model: dir }), 'ARTIFACT_CORRUPT', /bit-flip\/onnx\/model\.onnx .*does not match the sha256.*pnpm turbo run model/);
  });

  it('refuses a jobskill model folder whose manifest carries no hashes', async () => {
    const dir = join(root, 'unsealed');
    await cp(modelDir, dir, { recursive: true });
    const manifestFile = join(dir, 'jobskill-manifest.json');
    const { integrity: _dropped, ...rest } = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    await writeFile(manifestFile, JSON.stringify(rest));
    await expectCode(createEncoder({ model: dir }), 'ARTIFACT_UNSEALED', /seal-artifacts/);
  });

  it('refuses a corrupted config.json and a folder without tokenizer', async () => {
    const dir = join(root, 'corrupt-config');
    await cp(modelDir, dir, { recursive: true });
    await writeFile(join(dir, 'config.json'), '{"model_type": "bert",');
    await expectCode(createEncoder({ model: dir }), 'ARTIFACT_CORRUPT', /corrupt-config\/config\.json/);
    await expectCode(createEncoder({ model: dir, verify: false }), 'MODEL_LOAD_FAILED', /config\.json is not valid JSON/);
    const noTokenizer = join(root, 'no-tokenizer');
    await cp(modelDir, noTokenizer, { recursive: true });
    await rm(join(noTokenizer, 'tokenizer.json'));
    await expectCode(createEncoder({ model: noTokenizer }), 'MODEL_NOT_FOUND', /tokenizer\.json is missing/);
  });

  it('reports a missing folder and bad options', async () => {
    await expectCode(createEncoder({ model: join(root, 'nope') }), 'MODEL_NOT_FOUND', /model folder not found/);
    await expectCode(createEncoder({ model: '' }), 'INVALID_OPTION', /model/);
    await expectCode(createEncoder({ model: modelDir, batchSize: 0 }), 'INVALID_OPTION', /batchSize/);
  });

  it('tells paths from hub ids', () => {
    expect(isLocalModelPath('/abs/model')).toBe(true);
    expect(isLocalModelPath('./model')).toBe(true);
    expect(isLocalModelPath('Xenova/all-MiniLM-L6-v2')).toBe(false);
  });
});

describe('encoder registry', () => {
  it('is frozen and names the valid encoders on a typo', async () => {
    expect(Object.isFrozen(encoders)).toBe(true);
    expect(Object.keys(encoders).sort()).toEqual(['embedded', 'transformers']);
    await expectCode(createEncoderByName('bert'), 'UNKNOWN_ENCODER', /valid: embedded, transformers/);
    await expectCode(createEncoderByName('transformers'), 'INVALID_OPTION', /needs a model/);
  });

  it('creates a transformers encoder by name', async () => {
    const encoder = await createEncoderByName('transformers', { model: modelDir });
    expect(encoder.dimensions).toBe(TINY_DIM);
    await encoder.dispose();
  });

  it('points the embedded encoder at the models artifact, or says how to build it', () => {
    const dir = defaultEncoderDir();
    expect(dir).toMatch(/packages[/\\]models[/\\]artifacts[/\\]esco-static-encoder$/);
    // The folder the builder writes (@jobskill/models, a devDependency here) is the one this package serves.
    expect(dir).toBe(modelsDefaultEncoderDir());
    if (existsSync(join(dir, 'config.json'))) {
      expect(requireDefaultEncoderDir()).toBe(dir);
    } else {
      expect(() => requireDefaultEncoderDir()).toThrow(/pnpm turbo run model/);
    }
  });
});

describe('the direct path of static models', () => {
  it('reads the written fp32 table back exactly (the one static-table reader; special rows zeroed by the writer)', async () => {
    const encoder = await createEncoder({ model: modelDir, queryCacheSize: 0 });
    try {
      const { vocab, table } = tinyEmbeddingTable();
      const expected = Float32Array.from(table);
      for (const token of ['[PAD]', '[CLS]', '[SEP]', '[MASK]']) expected.fill(0, vocab.indexOf(token) * TINY_DIM, (vocab.indexOf(token) + 1) * TINY_DIM);
      const read = encoder.tokenTable!;
      expect(read.dim).toBe(TINY_DIM);
      expect(read.table.length).toBe(vocab.length * TINY_DIM);
      expect(Array.from(read.table)).toEqual(Array.from(expected));
      expect(read.pieceIds('data scientist')).toEqual([vocab.indexOf('data'), vocab.indexOf('scientist')]);
    } finally {
      await encoder.dispose();
    }
  });

  it('gives the same vectors as the onnxruntime session on many strings (within 1e-6)', async () => {
    const direct = await createEncoder({ model: modelDir, queryCacheSize: 0 });
    const session = await createEncoder({ model: modelDir, queryCacheSize: 0, direct: false });
    try {
      expect((direct as unknown as { direct: boolean }).direct).toBe(true);
      expect((session as unknown as { direct: boolean }).direct).toBe(false);
      const words = Object.values(TOPICS).flat();
      const texts: string[] = ['', ' ', 'zzqx unknown-words only', 'Ärztin für Pflege', '🙂 data', 'C++/C# .NET', 'DATA   scientist!!'];
      const next = createRng(7);
      for (let i = 0; i < 300; i++) {
        const n = 1 + Math.floor(next() * 12);
        texts.push(Array.from({ length: n }, () => (next() < 0.15 ? 'qwxz' : words[Math.floor(next() * words.length)]!)).join(next() < 0.5 ? ' ' : ', '));
      }
      const a = await direct.encode(texts);
      const b = await session.encode(texts);
      for (let i = 0; i < texts.length; i++) {
        for (let j = 0; j < TINY_DIM; j++) expect(Math.abs(a[i]![j]! - b[i]![j]!)).toBeLessThanOrEqual(1e-6);
      }
      // One at a time too (the query path).
      for (const text of texts.slice(0, 20)) expect([...(await direct.encode([text]))[0]!]).toEqual([...(await session.encode([text]))[0]!]);
    } finally {
      await Promise.all([direct.dispose(), session.dispose()]);
    }
  });

  it('truncates texts longer than the model length as the session does (the direct path has no session)', async () => {
    const direct = await createEncoder({ model: modelDir, queryCacheSize: 0 });
    const session = await createEncoder({ model: modelDir, queryCacheSize: 0, direct: false });
    try {
      // The words past the model length differ from those before it: a vector of the untruncated text would differ.
      const long = Array.from({ length: 700 }, (_, i) => (i < 400 ? (i % 2 === 0 ? 'data' : 'nurse') : 'welder')).join(' ');
      const [a] = await direct.encode([long]);
      const [b] = await session.encode([long]);
      for (let j = 0; j < TINY_DIM; j++) expect(Math.abs(a![j]! - b![j]!)).toBeLessThanOrEqual(1e-6);
    } finally {
      await Promise.all([direct.dispose(), session.dispose()]);
    }
  });
});

describe('remote/local policy per call', () => {
  it('loading a local folder leaves hub ids allowed for the rest of the process', async () => {
    const { env } = await import('@huggingface/transformers');
    const before = env.allowRemoteModels;
    await (await createEncoder({ model: modelDir })).dispose();
    expect(env.allowRemoteModels).toBe(before);
    expect(pretrainedOptions(resolveModel(modelDir, undefined))).toMatchObject({ local_files_only: true, dtype: 'fp32' });
    expect(pretrainedOptions(resolveModel('jobskill/some-hub-model', undefined))).toMatchObject({ local_files_only: false, dtype: 'fp32' });
  });

  it('loads a hub id through the hub code path from a local model root (never the network)', async () => {
    const { env } = await import('@huggingface/transformers');
    const saved = { localModelPath: env.localModelPath, remoteHost: env.remoteHost, allowLocalModels: env.allowLocalModels };
    const hubRoot = join(root, 'hub-root');
    await mkdir(join(hubRoot, 'jobskill'), { recursive: true });
    await cp(modelDir, join(hubRoot, 'jobskill', 'tiny-hub'), { recursive: true });
    // A hub id resolves under env.localModelPath first; the remote host is a closed local port, so a fetch would fail.
    env.localModelPath = `${hubRoot}/`;
    env.remoteHost = 'http://127.0.0.1:9/';
    env.allowLocalModels = true;
    try {
      expect(isLocalModelPath('jobskill/tiny-hub')).toBe(false);
      const encoder = await createEncoder({ model: 'jobskill/tiny-hub', cacheDir: join(root, 'hub-cache') });
      try {
        expect(encoder.id).toBe('transformers:jobskill/tiny-hub@fp32');
        const [v] = await encoder.encode(['data scientist']);
        const want = expectedVector(['data', 'scientist']);
        for (let j = 0; j < TINY_DIM; j++) expect(v![j]).toBeCloseTo(want[j]!, 5);
      } finally {
        await encoder.dispose();
      }
      await expectCode(createEncoder({ model: 'jobskill/not-there' }), 'MODEL_LOAD_FAILED', /hub model jobskill\/not-there/);
    } finally {
      Object.assign(env, saved);
    }
  });
});
