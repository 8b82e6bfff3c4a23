import { z } from 'zod';
import type { Encoder } from '@jobskill/encoders';
import type { EscoGraph } from '../graph/esco-graph.ts';

/**
 * Options shared by every re-ranker factory. Which fields a factory needs:
 * - 'cross-encoder': `model` (hub id or local HF folder), optional `dtype`, `batchSize`.
 * - 'graph': `encoder` and `graph` (nothing trained: the ESCO-graph votes of the title's nearest occupations).
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
