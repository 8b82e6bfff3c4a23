import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { JobskillError, parseOptions } from '@jobskill/data';
import { modelLoadError, onnxFileOf, pretrainedOptions, resolveModel, type Dtype } from './hf-loader.ts';
import { LruCache } from './lru-cache.ts';
import { verifyModelFolder } from './paths.ts';
import { encoderOptionsSchema, type EncoderOptions, type HashedEncoder, type StaticTokenTable } from './types.ts';

const ONNX_FILE: Record<Dtype, string> = { fp32: onnxFileOf('model', 'fp32'), q8: onnxFileOf('model', 'q8') };
const HASHED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
/** Calls with at most this many texts are served from / stored in the query cache; bulk encodes bypass it. */
const CACHEABLE_CALL_SIZE = 8;

interface FeatureTensor {
  dims: number[];
  data: Float32Array;
}
interface MaskTensor {
  dims: number[];
  data: ArrayLike<number | bigint>;
}
/** The parts of a transformers.js FeatureExtractionPipeline this encoder drives. */
type Extractor = ((texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<FeatureTensor>) & {
  tokenizer: ((texts: string[], options: { padding: boolean; truncation: boolean }) => Record<string, unknown> & { attention_mask: MaskTensor }) & {
    encode(text: string, options?: { add_special_tokens?: boolean }): number[];
  };
  model: ((inputs: Record<string, unknown>) => Promise<Record<string, FeatureTensor | undefined>>) & { dispose(): Promise<unknown> };
  dispose(): Promise<void>;
};

/**
 * Mean pooling over the attention mask + L2 normalization, as the pipeline's `{ pooling: 'mean', normalize: true }`.
 * Done here because transformers.js' mean_pooling converts the int64 mask element by element for every
 * dimension, which made pooling ~85% of encode time for short texts (measured: 20k aliases 11.6 s → 1.6 s).
 */
export function meanPoolNormalize(hidden: FeatureTensor, mask: MaskTensor): Float32Array[] {
  if (hidden.dims.length === 2) {
    // Already pooled by the model: only normalize.
    const [rows, d] = hidden.dims as [number, number];
    const data = hidden.data;
    return Array.from({ length: rows }, (_, r) => normalizeInPlace(data.slice(r * d, (r + 1) * d)));
  }
  const [batch, length, d] = hidden.dims as [number, number, number];
  // Read the tensors' data once: `.data` is a getter chain into the ORT tensor, far too slow per element.
  const data = hidden.data;
  const maskData = mask.data;
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const sum = new Float32Array(d);
    for (let t = 0; t < length; t++) {
      if (Number(maskData[b * length + t]) === 0) continue;
      const offset = (b * length + t) * d;
      for (let j = 0; j < d; j++) sum[j]! += data[offset + j]!;
    }
    out.push(normalizeInPlace(sum));
  }
  return out;
}

/** Unit length; a zero vector (a text with no known token) stays zero rather than becoming NaN. */
function normalizeInPlace(v: Float32Array): Float32Array {
  let norm = 0;
  for (let j = 0; j < v.length; j++) norm += v[j]! * v[j]!;
  norm = Math.sqrt(norm);
  if (norm > 0 && Number.isFinite(norm)) for (let j = 0; j < v.length; j++) v[j]! /= norm;
  else v.fill(0);
  return v;
}

interface LocalConfig {
  /** config.json `_name_or_path`, else the folder name (paths move; names don't). */
  name: string;
  /** True for the static (bag-of-token-embeddings) models of @jobskill/models: config `jobskill.kind`. */
  staticEmbedding: boolean;
  vocabSize: number | null;
  maxLength: number | null;
}

async function readLocalConfig(dir: string): Promise<LocalConfig> {
  const file = join(dir, 'config.json');
  let config: unknown;
  try {
    config = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new JobskillError('MODEL_LOAD_FAILED', `${file} is not valid JSON (corrupted model folder?): ${(cause as Error).message}`, {
      cause,
    });
  }
  const c = (config ?? {}) as { _name_or_path?: unknown; vocab_size?: unknown; max_position_embeddings?: unknown; jobskill?: { kind?: unknown } };
  const name = typeof c._name_or_path === 'string' && c._name_or_path.trim() !== '' ? c._name_or_path.trim() : basename(dir);
  const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);
  return {
    name,
    staticEmbedding: c.jobskill?.kind === 'static-embedding',
    vocabSize: int(c.vocab_size),
    maxLength: int(c.max_position_embeddings),
  };
}

/** sha256 over the files that determine the vectors (names included, so a renamed file changes the hash). */
export async function hashModelFiles(dir: string, dtype: Dtype): Promise<string | null> {
  const hash = createHash('sha256');
  let found = 0;
  for (const file of [...HASHED_FILES, ONNX_FILE[dtype]]) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    found++;
    hash.update(`${file}\0`);
    hash.update(await readFile(path));
  }
  return found === 0 ? null : hash.digest('hex');
}

function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * The embedding table of a static model, for the direct path: token ids → sum of rows → normalize, with no tensors
 * and no onnxruntime call (~10 µs a query instead of ~120 µs). Same float32 operations in the same order as the
 * session path + meanPoolNormalize, so the vectors are equal (a test checks it on many strings).
 */
interface StaticTable {
  table: Float32Array;
  vocabSize: number;
  dim: number;
  /** Longer inputs are truncated by the tokenizer exactly as for the session (`truncation: true`). */
  maxLength: number;
}

/** The table read back through the model itself: one run over every token id (works for fp32 and q8 graphs). */
async function readStaticTable(extractor: Extractor, vocabSize: number, maxLength: number): Promise<StaticTable> {
  const { Tensor } = await import('@huggingface/transformers');
  const ids = new BigInt64Array(vocabSize);
  for (let i = 0; i < vocabSize; i++) ids[i] = BigInt(i);
  const mask = new BigInt64Array(vocabSize).fill(1n);
  const outputs = await extractor.model({
    input_ids: new Tensor('int64', ids, [1, vocabSize]),
    attention_mask: new Tensor('int64', mask, [1, vocabSize]),
  });
  const hidden = outputs.last_hidden_state;
  if (hidden === undefined || hidden.dims.length !== 3) throw new Error('static model has no [1, vocab, dim] last_hidden_state');
  const dim = hidden.dims[2]!;
  return { table: new Float32Array(hidden.data), vocabSize, dim, maxLength };
}

function staticVector(t: StaticTable, ids: readonly number[]): Float32Array {
  const sum = new Float32Array(t.dim);
  const { table, dim } = t;
  for (const id of ids) {
    const offset = id * dim;
    for (let j = 0; j < dim; j++) sum[j]! += table[offset + j]!;
  }
  return normalizeInPlace(sum);
}

/** Feature-extraction encoder over transformers.js (onnxruntime-node): mean pooling, L2-normalized. */
class TransformersEncoder implements HashedEncoder {
  readonly id: string;
  readonly dimensions: number;
  readonly contentHash: string;
  readonly dtype: Dtype;
  readonly #extractor: Extractor;
  readonly #batchSize: number;
  readonly #cache: LruCache<string, Float32Array>;
  readonly #static: StaticTable | null;
  #disposed = false;

  constructor(parts: {
    id: string;
    dimensions: number;
    contentHash: string;
    dtype: Dtype;
    extractor: Extractor;
    batchSize: number;
    cacheSize: number;
    staticTable: StaticTable | null;
  }) {
    this.id = parts.id;
    this.dimensions = parts.dimensions;
    this.contentHash = parts.contentHash;
    this.dtype = parts.dtype;
    this.#extractor = parts.extractor;
    this.#batchSize = parts.batchSize;
    this.#cache = new LruCache(parts.cacheSize);
    this.#static = parts.staticTable;
  }

  /** True when texts are encoded by the direct table path (static models). */
  get direct(): boolean {
    return this.#static !== null;
  }

  /** The static model's word-piece table (null for other models, or with `direct: false`). */
  get tokenTable(): StaticTokenTable | null {
    const t = this.#static;
    if (t === null) return null;
    const tokenizer = this.#extractor.tokenizer;
    return { table: t.table, dim: t.dim, pieceIds: (text: string) => tokenizer.encode(text, { add_special_tokens: false }) };
  }

  async encode(texts: string[]): Promise<Float32Array[]> {
    if (this.#disposed) throw new JobskillError('ENCODER_DISPOSED', `encoder ${this.id} was disposed`);
    if (!Array.isArray(texts)) throw new JobskillError('INVALID_INPUT', 'encode expects an array of strings');
    texts.forEach((text, i) => {
      if (typeof text !== 'string') throw new JobskillError('INVALID_INPUT', `encode: text ${i} is not a string`);
    });
    const cacheable = texts.length <= CACHEABLE_CALL_SIZE && this.#cache.capacity > 0;
    const out: Float32Array[] = new Array(texts.length);
    const todo: number[] = [];
    texts.forEach((text, i) => {
      const hit = cacheable ? this.#cache.get(text) : undefined;
      if (hit) {
        out[i] = hit;
        return;
      }
      if (this.#static !== null) {
        let ids: number[];
        try {
          ids = this.#extractor.tokenizer.encode(text);
          // Longer inputs: the ids the session path would see (the tokenizer truncates them the same way).
          if (ids.length > this.#static.maxLength) ids = this.#truncatedIds(text);
        } catch (cause) {
          throw new JobskillError('ENCODER_FAILED', `encoder ${this.id} cannot tokenize "${clip(text)}": ${(cause as Error).message}`, { cause });
        }
        out[i] = staticVector(this.#static, ids);
        if (cacheable) this.#cache.set(text, out[i]);
        return;
      }
      todo.push(i);
    });
    // Length-sorted batches pad less, which is most of the cost for short texts.
    todo.sort((a, b) => texts[a]!.length - texts[b]!.length);
    for (let start = 0; start < todo.length; start += this.#batchSize) {
      const positions = todo.slice(start, start + this.#batchSize);
      const batch = positions.map((i) => texts[i]!);
      let vectors: Float32Array[];
      try {
        vectors = await this.#encodeBySession(batch);
      } catch (cause) {
        throw new JobskillError(
          'ENCODER_FAILED',
          `encoder ${this.id} failed on a batch starting with "${clip(batch[0] ?? '')}": ${(cause as Error).message}`,
          { cause },
        );
      }
      positions.forEach((textIndex, row) => {
        out[textIndex] = vectors[row]!;
        if (cacheable) this.#cache.set(texts[textIndex]!, vectors[row]!);
      });
    }
    return out;
  }

  #truncatedIds(text: string): number[] {
    const inputs = this.#extractor.tokenizer([text], { padding: false, truncation: true }) as { input_ids?: { data: ArrayLike<bigint | number> } };
    const data = inputs.input_ids?.data;
    if (data === undefined) throw new Error('the tokenizer returned no input_ids');
    return Array.from(data, Number);
  }

  async #encodeBySession(batch: string[]): Promise<Float32Array[]> {
    const inputs = this.#extractor.tokenizer(batch, { padding: true, truncation: true });
    const outputs = await this.#extractor.model(inputs);
    // The tensor the feature-extraction pipeline pools, in its order of preference.
    const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
    if (hidden === undefined) throw new Error(`the model has no last_hidden_state output (outputs: ${Object.keys(outputs).join(', ')})`);
    return meanPoolNormalize(hidden, inputs.attention_mask);
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#cache.clear();
    // A static model's session was released once its table was read (see createEncoder).
    if (this.#static === null) await this.#extractor.dispose();
  }
}

/**
 * A feature-extraction encoder for a hub id or a local HF folder. Local folders load with `local_files_only`, so
 * nothing is ever fetched for them; hub ids stay allowed for the rest of the process.
 */
export async function createEncoder(options: EncoderOptions): Promise<HashedEncoder> {
  const o = parseOptions(encoderOptionsSchema, options, { what: 'encoder option' });
  const resolved = resolveModel(o.model, o.dtype);
  const { path: modelPath, local, dtype } = resolved;
  // Integrity first: a damaged file is named as such (and what rebuilds it), not as a confusing load error.
  if (local && o.verify) await verifyModelFolder(modelPath);
  const config = local ? await readLocalConfig(modelPath) : null;

  const { pipeline, env } = await import('@huggingface/transformers');
  let extractor: Extractor;
  try {
    extractor = (await pipeline('feature-extraction', modelPath, pretrainedOptions(resolved, o.cacheDir))) as unknown as Extractor;
  } catch (cause) {
    throw modelLoadError(modelPath, local, cause, dtype);
  }

  let dimensions: number;
  let staticTable: StaticTable | null = null;
  try {
    const probe = await extractor(['probe'], { pooling: 'mean', normalize: true });
    dimensions = probe.dims[probe.dims.length - 1]!;
    if (o.direct && config?.staticEmbedding === true && config.vocabSize !== null) {
      staticTable = await readStaticTable(extractor, config.vocabSize, config.maxLength ?? 512);
      // Every text now encodes from the table (long ones truncated by the tokenizer), so the onnxruntime session
      // and its arena (≈ 70 MB RSS for the embedded encoder) are released: the tokenizer is all that stays.
      await extractor.model.dispose();
    }
  } catch (cause) {
    await extractor.dispose().catch(() => undefined);
    throw new JobskillError('MODEL_LOAD_FAILED', `model ${modelPath} loaded but cannot run: ${(cause as Error).message}`, {
      cause,
    });
  }

  const hashDir = local ? modelPath : join(o.cacheDir ?? env.cacheDir ?? '', modelPath);
  // Hub models without cached files fall back to a name-based identity (documented; not a content hash).
  const contentHash = (await hashModelFiles(hashDir, dtype)) ?? `name:${modelPath}@${dtype}`;
  return new TransformersEncoder({
    id: `transformers:${config?.name ?? o.model}@${dtype}`,
    dimensions,
    contentHash,
    dtype,
    extractor,
    batchSize: o.batchSize,
    cacheSize: o.queryCacheSize,
    staticTable,
  });
}
