import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { resolveDataDir } from '@jobskill/data';
import { createEncoder } from '../encoder/transformers-encoder.ts';
import { requireDefaultEncoderDir } from '../encoder/registry.ts';
import { escoPaths, loadEscoGraph } from '../graph/esco-graph.ts';
import { defaultRerankerDir, writeLtrModel } from '../rerank/ltr-reranker.ts';
import { trainLtrModel, type LtrTrainingReport, type LtrTrainOptions } from '../rerank/ltr-train.ts';

export const BuildDefaultRerankerOptionsSchema = z.object({
  /** Data directory (must exist) holding esco_v1.1.1 and talentclef2025_taskB/training/jobid2terms.json. */
  dataDir: z.string().min(1),
  /** Output folder; default `defaultRerankerDir()` (packages/retrieval/artifacts/embedded-reranker). */
  out: z.string().min(1).optional(),
  /** Encoder folder; default the embedded encoder. */
  encoder: z.string().min(1).optional(),
  /** Trainer options (e.g. fewer occupations/epochs for a quick build). */
  train: z.custom<Omit<LtrTrainOptions, 'log'>>((v) => typeof v === 'object' && v !== null).optional(),
  createdBy: z.string().default('@jobskill/retrieval buildDefaultReranker'),
  log: z.custom<(line: string) => void>((v) => typeof v === 'function').optional(),
});
export type BuildDefaultRerankerOptions = z.input<typeof BuildDefaultRerankerOptionsSchema>;

export interface BuildDefaultRerankerResult {
  dir: string;
  seconds: number;
  report: LtrTrainingReport;
}

/**
 * Trains the embedded learning-to-rank re-ranker on ESCO-derived queries (never TalentCLEF queries or
 * qrels) and writes it atomically with a manifest recording the sha256 of its ESCO/jobid2terms inputs.
 * The same steps as `scripts/build-reranker.ts` (the package's `model` script), as a library call for
 * the CLI's `model build`.
 */
export async function buildDefaultReranker(options: BuildDefaultRerankerOptions): Promise<BuildDefaultRerankerResult> {
  const opts = BuildDefaultRerankerOptionsSchema.parse(options);
  const dataDir = resolveDataDir(opts.dataDir);
  const dir = resolve(opts.out ?? defaultRerankerDir());
  const started = performance.now();
  const graph = await loadEscoGraph(dataDir);
  const encoder = await createEncoder({ model: opts.encoder ?? requireDefaultEncoderDir(), batchSize: 512, queryCacheSize: 0 });
  try {
    const { model, report } = await trainLtrModel(graph, encoder, { ...(opts.train ?? {}), ...(opts.log ? { log: opts.log } : {}) });
    const paths = escoPaths(dataDir);
    const inputs: Record<string, string> = {};
    for (const [name, file] of Object.entries({
      skills: resolve(paths.escoDir, 'skills_en.csv'),
      occupations: resolve(paths.escoDir, 'occupations_en.csv'),
      relations: resolve(paths.escoDir, 'occupationSkillRelations.csv'),
      jobIdToTerms: paths.jobIdToTerms,
    })) {
      inputs[name] = createHash('sha256').update(await readFile(file)).digest('hex');
    }
    const seconds = (performance.now() - started) / 1000;
    await writeLtrModel(dir, model, { createdBy: opts.createdBy, inputs, training: report, buildSeconds: seconds });
    return { dir, seconds, report };
  } finally {
    await encoder.dispose();
  }
}
