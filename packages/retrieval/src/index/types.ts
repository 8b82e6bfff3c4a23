import { z } from 'zod';

export const quantizationSchema = z.enum(['f32', 'f16', 'i8']);
export type Quantization = z.infer<typeof quantizationSchema>;

export const backendSchema = z.enum(['usearch', 'exact']);
export type VectorIndexBackend = z.infer<typeof backendSchema>;

/** One vector per alias (skill scored by its best alias) or one per skill (mean of its alias vectors). */
export const granularitySchema = z.enum(['alias', 'skill']);
export type Granularity = z.infer<typeof granularitySchema>;

export interface VectorMatch {
  key: number;
  /** Cosine similarity (1 − USearch cosine distance); higher is better. */
  score: number;
}

/**
 * A nearest-neighbour index over L2-normalized vectors with integer keys, cosine metric.
 * Implementations: `usearch` (HNSW, approximate) and `exact` (brute force, the baseline for recall checks).
 */
export interface VectorIndex {
  readonly backend: VectorIndexBackend;
  readonly dimensions: number;
  readonly quantization: Quantization;
  /** Number of vectors. */
  size(): number;
  /** Adds `keys.length` vectors given as one flat row-major matrix. */
  add(keys: ArrayLike<number>, vectors: Float32Array): void;
  /** The `k` nearest vectors, best first (fewer when the index is smaller). */
  search(query: Float32Array, k: number): VectorMatch[];
  /** Writes the index to one file (not atomic by itself: persistence wraps it in writeDirAtomic). */
  save(file: string): void;
}

export const vectorIndexOptionsSchema = z.object({
  dimensions: z.number().int().positive(),
  quantization: quantizationSchema.default('f32'),
  /** HNSW graph degree (USearch `connectivity`); 0 = library default. */
  connectivity: z.number().int().nonnegative().default(16),
  expansionAdd: z.number().int().nonnegative().default(64),
  expansionSearch: z.number().int().nonnegative().default(256),
});
export type VectorIndexOptions = z.input<typeof vectorIndexOptionsSchema>;
export type ResolvedVectorIndexOptions = z.infer<typeof vectorIndexOptionsSchema>;

/** What the manifest beside a saved index records; loading compares encoder and corpus against it. */
export interface IndexManifest {
  format: 'jobskill-skill-index';
  version: 1;
  backend: VectorIndexBackend;
  metric: 'cos';
  quantization: Quantization;
  granularity: Granularity;
  dimensions: number;
  connectivity: number;
  expansionAdd: number;
  expansionSearch: number;
  encoder: { id: string; hash: string };
  corpus: { name: string; hash: string };
  counts: { skills: number; vectors: number };
  /** Byte size of each file of the index directory, checked on open (catches truncation before USearch reads). */
  files: Record<string, number>;
  created: string;
  /**
   * Skills (skill granularity, corpus positions) that a graph search for their own vector does not find: HNSW can
   * leave a node without incoming links, and then no query reaches it. `SkillIndex.candidates` scores them exactly
   * beside the graph. Absent in indexes saved before it existed (then none are known).
   */
  unreachable?: number[];
}
