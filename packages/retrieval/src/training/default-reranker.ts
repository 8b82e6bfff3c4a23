import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DataError, JobskillError, Prng, resolveDataDir, parseOptions } from '@jobskill/data';
import { createEncoder } from '@jobskill/encoders';
import { requireDefaultEncoderDir } from '@jobskill/encoders';
import { escoPaths, loadEscoGraph } from '../graph/esco-graph.ts';
import { defaultRerankerDir, writeLtrModel } from '../rerank/ltr-reranker.ts';
import { trainLtrModel, type LtrTrainingReport, type LtrTrainOptions } from './ltr-train.ts';
import { encoderIdentity } from '@jobskill/encoders';

export const BuildDefaultRerankerOptionsSchema = z.object({
  /** Data directory (must exist) holding esco_v1.1.1 and talentclef2025_taskB/training/jobid2terms.json. */
  dataDir: z.string().min(1),
  /** Output folder; default `defaultRerankerDir()` (packages/retrieval/artifacts/embedded-reranker). */
  out: z.string().min(1).optional(),
  /** Encoder folder the re-ranker is served with; default the embedded encoder. */
  encoder: z.string().min(1).optional(),
  /**
   * Encoder folder the training features are computed with: a build of the serving encoder's recipe that never saw
   * some occupations, listed in its manifest (`trainer.heldOutOccupations`); only those occupations' titles become
   * training queries, so encoder and graph features look like those of titles the served encoder never saw.
   * Default: the embedded held-out build (`heldOutEncoderDir()`) when `encoder` is not given and it exists; `null`:
   * train with the serving encoder itself.
   */
  trainingEncoder: z.string().min(1).nullable().optional(),
  /** Trainer options (e.g. fewer occupations/epochs for a quick build). */
  train: z.custom<Omit<LtrTrainOptions, 'log'>>((v) => typeof v === 'object' && v !== null).optional(),
  createdBy: z.string().default('@jobskill/retrieval buildDefaultReranker'),
  log: z.custom<(line: string) => void>((v) => typeof v === 'function').optional(),
});
export type BuildDefaultRerankerOptions = z.input<typeof BuildDefaultRerankerOptionsSchema>;

async function readEncoderManifest(encoderDir: string): Promise<{ file: string; manifest: unknown }> {
  const file = join(encoderDir, 'jobskill-manifest.json');
  try {
    return { file, manifest: JSON.parse(await readFile(file, 'utf8')) };
  } catch (cause) {
    throw new DataError('BAD_JSON', `cannot read the encoder manifest (${(cause as Error).message})`, { file }, { cause });
  }
}

/** The training recipe recorded in an encoder manifest, without its held-out share (what both builds share). */
function recipeOf(manifest: unknown): string {
  const recipe = (manifest as { trainer?: { recipe?: Record<string, unknown> } } | null)?.trainer?.recipe ?? {};
  const { devFraction: _heldOut, ...rest } = recipe;
  return JSON.stringify(rest);
}

/**
 * Checks that a held-out encoder build is the serving encoder's recipe (a stale held-out folder would train the
 * re-ranker on another model's features); throws ENCODER_MISMATCH naming both folders.
 */
export async function checkHeldOutBuild(heldOutDir: string, servingDir: string): Promise<void> {
  const [heldOut, serving] = await Promise.all([readEncoderManifest(heldOutDir), readEncoderManifest(servingDir)]);
  if (recipeOf(heldOut.manifest) !== recipeOf(serving.manifest)) {
    throw new JobskillError(
      'ENCODER_MISMATCH',
      `the held-out encoder ${heldOutDir} was built from another recipe than the serving encoder ${servingDir}; rebuild both (pnpm turbo run model)`,
    );
  }
}

/** `trainer.heldOutOccupations` of an encoder folder's jobskill-manifest.json (a DataError when absent or empty). */
export async function heldOutOccupations(encoderDir: string): Promise<string[]> {
  const { file, manifest } = await readEncoderManifest(encoderDir);
  const list = (manifest as { trainer?: { heldOutOccupations?: unknown } } | null)?.trainer?.heldOutOccupations;
  if (!Array.isArray(list) || list.length === 0 || !list.every((u) => typeof u === 'string')) {
    throw new DataError('INVALID_VALUE', 'not a held-out encoder build: no list of held-out occupations', { file, field: 'trainer.heldOutOccupations' });
  }
  return list as string[];
}

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
  // Build-time package, loaded only when training (importing @jobskill/retrieval never loads it).
  const { heldOutEncoderDir, perturbTitle } = await import('@jobskill/models');
  const opts = parseOptions(BuildDefaultRerankerOptionsSchema, options, { what: 'buildDefaultReranker' });
  const dataDir = resolveDataDir(opts.dataDir);
  const dir = resolve(opts.out ?? defaultRerankerDir());
  const started = performance.now();
  const graph = await loadEscoGraph(dataDir);
  const servingDir = opts.encoder ?? requireDefaultEncoderDir();
  const trainingDir =
    opts.trainingEncoder === undefined ? (opts.encoder === undefined && existsSync(join(heldOutEncoderDir(), 'config.json')) ? heldOutEncoderDir() : null) : opts.trainingEncoder;
  const heldOut = trainingDir === null ? undefined : await heldOutOccupations(trainingDir);
  if (trainingDir !== null) await checkHeldOutBuild(trainingDir, servingDir);
  const encoder = await createEncoder({ model: trainingDir ?? servingDir, batchSize: 512, queryCacheSize: 0 });
  try {
    let servingEncoder: { id: string; hash: string } | undefined;
    if (trainingDir !== null) {
      const serving = await createEncoder({ model: servingDir, queryCacheSize: 0 });
      servingEncoder = encoderIdentity(serving);
      await serving.dispose();
      opts.log?.(`training features with the held-out encoder ${trainingDir} on its ${heldOut!.length} held-out occupations`);
    }
    // Half the training titles as free-form job-ad variants (served titles are job-ad titles, ESCO's are labels).
    const prng = new Prng(20251);
    const { model, report } = await trainLtrModel(graph, encoder, {
      perturbQueries: 0.5,
      perturb: (title) => perturbTitle(title, prng),
      ...(heldOut ? { queryOccupationUris: heldOut } : {}),
      ...(servingEncoder ? { servingEncoder } : {}),
      ...(opts.train ?? {}),
      ...(opts.log ? { log: opts.log } : {}),
    });
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
    await writeLtrModel(dir, model, {
      createdBy: opts.createdBy,
      inputs,
      trainingEncoder: trainingDir === null ? 'the serving encoder' : { dir: trainingDir, ...encoderIdentity(encoder) },
      training: report,
      buildSeconds: seconds,
    });
    return { dir, seconds, report };
  } finally {
    await encoder.dispose();
  }
}
