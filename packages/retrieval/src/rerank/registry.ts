import { z } from 'zod';
import { JobskillError } from '@jobskill/data';
import { RerankerOptionsSchema, type RerankerOptions } from './options.ts';
import type { Reranker } from './types.ts';

export { RerankerOptionsSchema, type RerankerOptions };

export type RerankerFactory = (options: RerankerOptions) => Promise<Reranker>;

// Implementations load lazily: the cross-encoder pulls in onnxruntime, the embedded one ESCO. They import the
// options from options.ts, never this file, so there is no import cycle.
export const rerankers: Readonly<Record<'cross-encoder' | 'embedded' | 'graph', RerankerFactory>> = Object.freeze({
  'cross-encoder': async (options: RerankerOptions) => {
    const { createCrossEncoderReranker } = await import('./cross-encoder.ts');
    return createCrossEncoderReranker(options);
  },
  embedded: async (options: RerankerOptions) => {
    const { createEmbeddedReranker } = await import('./ltr-reranker.ts');
    return createEmbeddedReranker(options);
  },
  graph: async (options: RerankerOptions) => {
    const { GraphEvidenceReranker } = await import('./graph-evidence-reranker.ts');
    if (!options.encoder || !options.graph) {
      throw new JobskillError('INVALID_OPTION', 'the graph re-ranker needs `encoder` and `graph` (an EscoGraph)');
    }
    return GraphEvidenceReranker.create({ encoder: options.encoder, graph: options.graph });
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
