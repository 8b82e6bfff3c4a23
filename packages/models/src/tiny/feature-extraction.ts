import { z } from 'zod';
import { writeStaticEmbeddingModel } from '../hf/static-embedding-model.ts';
import { Prng } from '@jobskill/data';
import { tinyVocab } from './vocab.ts';

export const TinyFeatureExtractionOptionsSchema = z.object({
  seed: z.number().int().default(1),
  dim: z.number().int().positive().default(32),
  /** Words added to the built-in tiny vocab (lowercase, no whitespace). */
  words: z.array(z.string()).default([]),
  quantize: z.literal('q8').optional(),
});
export type TinyFeatureExtractionOptions = z.input<typeof TinyFeatureExtractionOptionsSchema>;

/**
 * A tiny static-embedding encoder with seeded random rows (see writeStaticEmbeddingModel), for testing
 * feature-extraction code paths. Returns the vocab and table so tests can compute expected vectors.
 */
export async function writeTinyFeatureExtractionModel(
  dir: string,
  options: TinyFeatureExtractionOptions = {},
): Promise<{ vocab: string[]; embeddings: Float32Array; dim: number }> {
  const o = TinyFeatureExtractionOptionsSchema.parse(options);
  const vocab = tinyVocab('bert', o.words);
  const embeddings = new Prng(o.seed).normals(vocab.length * o.dim, 1 / Math.sqrt(o.dim));
  await writeStaticEmbeddingModel(dir, {
    vocab,
    embeddings,
    dim: o.dim,
    modelId: `jobskill/tiny-feature-extraction-seed${o.seed}`,
    manifest: { generator: 'writeTinyFeatureExtractionModel', seed: o.seed },
    quantize: o.quantize,
  });
  return { vocab, embeddings, dim: o.dim };
}
