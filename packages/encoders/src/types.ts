import { z } from 'zod';

/** The cross-package contract (docs/ARCHITECTURE.md). */
export interface Encoder {
  readonly id: string;
  readonly dimensions: number;
  /** L2-normalized, one per text. */
  encode(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

/** An encoder that also knows a content hash of its model files (what index manifests record). */
export interface HashedEncoder extends Encoder {
  /** sha256 over the model files that determine the vectors (config, tokenizer, ONNX weights). */
  readonly contentHash: string;
  /** The word-piece table when the model is a static embedding model (else null or absent). */
  readonly tokenTable?: StaticTokenTable | null;
}

/**
 * The table of a static embedding model: a text's vector is the L2-normalized sum of the rows of its word pieces
 * (special tokens included, as `encode` does). Stages that embed many overlapping phrases (skill extraction) sum
 * rows themselves instead of calling `encode` per phrase.
 */
export interface StaticTokenTable {
  /** Row-major [vocabSize × dim]. */
  readonly table: Float32Array;
  readonly dim: number;
  /** Word-piece ids of a piece of text, without special tokens (the encoder's own tokenizer). */
  pieceIds(text: string): readonly number[];
}

export interface EncoderIdentity {
  id: string;
  hash: string;
}

/** id + content hash; encoders without a hash are identified by id alone (hash "unknown"). */
export function encoderIdentity(encoder: Encoder): EncoderIdentity {
  const hash = (encoder as Partial<HashedEncoder>).contentHash;
  return { id: encoder.id, hash: typeof hash === 'string' && hash !== '' ? hash : 'unknown' };
}

export const encoderOptionsSchema = z.object({
  /** A Hugging Face hub id (`Xenova/all-MiniLM-L6-v2`) or a local folder in HF layout. */
  model: z.string().min(1, 'model must be a hub id or a folder path'),
  /** Chosen automatically for local folders: `q8` when only onnx/model_quantized.onnx exists. */
  dtype: z.enum(['fp32', 'q8']).optional(),
  batchSize: z.number().int().positive().max(4096).default(64),
  /** Where hub models are cached (transformers.js `cache_dir`). */
  cacheDir: z.string().min(1).optional(),
  /** Size of the in-process LRU cache of single-text embeddings (0 disables it). */
  queryCacheSize: z.number().int().nonnegative().default(1024),
  /** Static models: encode by token ids + the embedding table, without a session run (same vectors, ~10× faster). */
  direct: z.boolean().default(true),
  /** Check a jobskill-built folder against the sha256 of its files in jobskill-manifest.json before loading. */
  verify: z.boolean().default(true),
});
export type EncoderOptions = z.input<typeof encoderOptionsSchema>;
export type ResolvedEncoderOptions = z.infer<typeof encoderOptionsSchema>;
