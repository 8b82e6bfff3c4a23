import { z } from 'zod';
import { JobskillError } from '@jobskill/data';
import type { Reranker } from './types.ts';
import type { Encoder } from '@jobskill/encoders';
import type { EscoGraph } from '../graph/esco-graph.ts';

/**
 * Options shared by every re-ranker factory. Which fields a factory needs:
 * - 'cross-encoder': `model` (hub id or local HF folder), optional `dtype`, `batchSize`.
 * - 'embedded': `encoder` (the same Encoder as the first stage), optional `model` (folder with the
 *   trained learning-to-rank model; default `defaultRerankerDir()`), and either `graph` or `dataDir`
 *   (ESCO is read from `<dataDir>/esco_v1.1.1` and `<dataDir>/talentclef2025_taskB/training/jobid2terms.json`).
 */
export const RerankerOptionsSchema = z.object({
  model: z.string().min(1).optional(),
  dtype: z.enum(['fp32', 'q8']).optional(),
  batchSize: z.number().int().positive().optional(),
  dataDir: z.string().min(1).optional(),
  encoder: z.custom<Encoder>((v) => typeof v === 'object' && v !== null && 'encode' in v).optional(),
  graph: z.custom<EscoGraph>((v) => typeof v === 'object' && v !== null).optional(),
});
export type RerankerOptions = z.input<typeof RerankerOptionsSchema>;

export type RerankerFactory = (options: RerankerOptions) => Promise<Reranker>;

// Implementations load lazily: the cross-encoder pulls in onnxruntime, the embedded one ESCO.
export const rerankers: Readonly<Record<'cross-encoder' | 'embedded', RerankerFactory>> = Object.freeze({
  'cross-encoder': async (options: RerankerOptions) => {
    const { createCrossEncoderReranker } = await import('./cross-encoder.ts');
    return createCrossEncoderReranker(options);
  },
  embedded: async (options: RerankerOptions) => {
    const { createEmbeddedReranker } = await import('./ltr-reranker.ts');
    return createEmbeddedReranker(options);
  },
});

export type RerankerName = keyof typeof rerankers;

/** Creates a re-ranker by registry name; unknown names fail with the list of valid ones. */
export async function createReranker(name: string, options: RerankerOptions = {}): Promise<Reranker> {
  if (!Object.hasOwn(rerankers, name)) {
    throw new JobskillError(
      'UNKNOWN_RERANKER',
      `Unknown re-ranker "${name}". Valid re-rankers: ${Object.keys(rerankers).join(', ')}`,
    );
  }
  const parsed = RerankerOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new JobskillError('INVALID_OPTION', `Invalid options for re-ranker "${name}": ${z.prettifyError(parsed.error)}`);
  }
  return rerankers[name as RerankerName](parsed.data);
}
