import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { JobskillError, findEscoFile, resolveCacheDir, resolveDataDir, parseOptions } from '@jobskill/data';
import { createEncoderByName, embeddedEncoderDir, resolveEncoderDir } from '@jobskill/encoders';
import type { HashedEncoder } from '@jobskill/encoders';
import { loadEscoGraph } from '../graph/esco-graph.ts';
import { SkillIndex, type SkillIndexOptions } from '../index/skill-index.ts';
import { resolveRerankerDir } from '../rerank/ltr-reranker.ts';
import { createReranker } from '../rerank/registry.ts';
import type { Reranker } from '../rerank/types.ts';
import type { SkillCorpus } from '../corpus/corpus.ts';
import { SkillRetriever } from '../retriever/skill-retriever.ts';
import { vacancyMemoryFor, type VacancyNeighbours } from '../neighbours/vacancy-neighbours.ts';
import { loadEscoCorpus, parseEscoCorpus, saveEscoCorpusSnapshot } from './esco-corpus-snapshot.ts';

/**
 * What the product serves (CLI `skills`/`index build`, the HTTP API): the embedded encoder, all ESCO
 * skills as the corpus, the saved USearch index opened memory-mapped, and the embedded re-ranker.
 * The apps only call these functions.
 */

/** The corpus name stored in the index manifest (an index of another corpus is refused on open). */
export const ESCO_CORPUS_NAME = 'esco-v1.1.1';

/**
 * Where the served ESCO skill index is saved by default: `<cache dir>/esco-skill-index` ($JOBSKILL_CACHE_DIR, else
 * `<repo>/.jobskill-cache` in a checkout, else the user's cache dir). An index of another encoder than the embedded
 * one goes beside it, keyed by that encoder's content hash, so switching encoders never overwrites the other's index.
 */
export function defaultIndexDir(encoderHash?: string): string {
  return join(resolveCacheDir(), encoderHash === undefined ? 'esco-skill-index' : `esco-skill-index-${encoderHash.slice(0, 12)}`);
}

/** defaultIndexDir() of the encoder loaded from `encoderDir` (the embedded one shares the plain folder). */
export function defaultIndexDirFor(encoder: HashedEncoder, encoderDir: string = resolveEncoderDir()): string {
  return defaultIndexDir(resolve(encoderDir) === embeddedEncoderDir() ? undefined : encoder.contentHash);
}

/**
 * All ESCO v1.1.1 skills of a data directory as a retrieval corpus (doc id = skill URI). Read from the snapshot in
 * `indexDir` (default: the served index) when it was made from the same skills_en.csv, else parsed from the CSV.
 */
export async function escoSkillCorpus(dataDir: string, indexDir: string = defaultIndexDir()): Promise<SkillCorpus> {
  return (await loadEscoCorpus(indexDir, dataDir, ESCO_CORPUS_NAME)).corpus;
}

/**
 * URIs of ESCO's transversal skills ("work in teams", "think critically"): job ads list them for almost every title,
 * so a hit among them is graded `contextual`, never `core` (SkillRetriever option `importance`).
 */
export async function escoGeneralSkills(dataDir: string, indexDir: string = defaultIndexDir()): Promise<Set<string>> {
  if (findEscoFile(join(dataDir, 'esco_v1.1.1'), 'skills') === undefined) return new Set();
  return (await loadEscoCorpus(indexDir, dataDir, ESCO_CORPUS_NAME)).generalSkills;
}

const logSchema = z.custom<(line: string) => void>((v) => typeof v === 'function');

export const BuildDefaultIndexOptionsSchema = z.object({
  /** Data directory (must exist) holding esco_v1.1.1. */
  dataDir: z.string().min(1),
  /** Index folder; default `defaultIndexDir()`. Replaced atomically. */
  indexDir: z.string().min(1).optional(),
  /** Index options (granularity, quantization, …); default: the served `skill` / `f16`. */
  index: z.custom<SkillIndexOptions>((v) => typeof v === 'object' && v !== null).optional(),
});
export type BuildDefaultIndexOptions = z.input<typeof BuildDefaultIndexOptionsSchema>;

export interface BuildDefaultIndexResult {
  indexDir: string;
  skills: number;
  seconds: number;
  manifest: SkillIndex['manifest'];
}

/** Encodes every ESCO skill with the embedded encoder and saves the index atomically. */
export async function buildDefaultIndex(options: BuildDefaultIndexOptions): Promise<BuildDefaultIndexResult> {
  const opts = parseOptions(BuildDefaultIndexOptionsSchema, options, { what: 'buildDefaultIndex' });
  const dataDir = resolveDataDir(opts.dataDir);
  const indexDir = resolve(opts.indexDir ?? defaultIndexDir());
  const started = performance.now();
  const encoder = await createEncoderByName('embedded', { batchSize: 512 });
  try {
    const corpus = await escoSkillCorpus(dataDir);
    const index = await SkillIndex.build(corpus, encoder, opts.index ?? {});
    await index.save(indexDir);
    await saveEscoCorpusSnapshot(indexDir, dataDir, ESCO_CORPUS_NAME);
    return { indexDir, skills: corpus.skills.length, seconds: (performance.now() - started) / 1000, manifest: index.manifest };
  } finally {
    await encoder.dispose();
  }
}

export const DefaultSkillSearchOptionsSchema = z.object({
  /** Data directory (must exist) holding esco_v1.1.1 (+ talentclef2025_taskB/training/jobid2terms.json for the re-ranker). */
  dataDir: z.string().min(1),
  /** Saved index folder (default `defaultIndexDir()`); built and saved there once when missing. */
  indexDir: z.string().min(1).optional(),
  /**
   * Rebuild an index of another encoder build or corpus instead of refusing it (INDEX_MISMATCH). Default: true for
   * the default folder (a cache the product fills itself, stale after `pnpm turbo run model`), false for a given one.
   */
  rebuildStale: z.boolean().optional(),
  /**
   * Build a missing (or, with rebuildStale, stale) index here (default true, for a user's first run). False: refuse
   * with INDEX_NOT_BUILT — tests and servers use the index the retrieval `model` task builds (`pnpm model`).
   */
  buildIfMissing: z.boolean().default(true),
  /**
   * Load the embedded learning-to-rank re-ranker (default false: first stage only). On the TechWolf dev set of job-ad
   * titles it gained +0.0007 MAP over the first stage (−0.002 on TalentCLEF validation) at ≈ 4× the query cost.
   */
  rerank: z.boolean().default(false),
  /**
   * Searches remembered by the retriever (`resultCache`, LRU; 0 = off). Served traffic repeats popular titles
   * ("software engineer"); a hit costs a map lookup instead of ~3–7 ms of encode + ANN + re-rank.
   */
  resultCache: z.number().int().nonnegative().default(4096),
  /**
   * Add vacancy-neighbour evidence from the TechWolf training vacancies of the data directory (default true; without
   * the file the retriever runs without it). TechWolf dev set: +0.05 MAP (docs/STATUS.md, session 8).
   */
  jobAds: z.boolean().default(true),
  /** Encoder folder (HF layout); default $JOBSKILL_ENCODER, else the embedded encoder. */
  encoder: z.string().min(1).optional(),
  /** Re-ranker folder (implies `rerank`, as a set $JOBSKILL_RERANKER does); default the embedded re-ranker. */
  reranker: z.string().min(1).optional(),
  /** Progress lines (e.g. "building the index once"). */
  log: logSchema.optional(),
});
export type DefaultSkillSearchOptions = z.input<typeof DefaultSkillSearchOptionsSchema>;

export interface DefaultSkillSearch {
  retriever: SkillRetriever;
  encoder: HashedEncoder;
  corpus: SkillCorpus;
  reranker: Reranker | null;
  /** The memory of job ads behind vacancy-neighbour evidence; null when off or without the TechWolf file. */
  vacancies: VacancyNeighbours | null;
  indexDir: string;
  /** True when this call built (and saved) the index. */
  built: boolean;
  /** Releases the re-ranker and the encoder's onnxruntime session. */
  close(): Promise<void>;
}

/**
 * The served retriever: embedded encoder + the saved ESCO index (memory-mapped, `view`) + the embedded
 * re-ranker. A missing index is built and saved once; an index of another encoder or corpus is refused
 * by SkillIndex.open (INDEX_MISMATCH, naming both).
 */
export async function openDefaultSkillSearch(options: DefaultSkillSearchOptions): Promise<DefaultSkillSearch> {
  const opts = parseOptions(DefaultSkillSearchOptionsSchema, options, { what: 'openDefaultSkillSearch' });
  const dataDir = resolveDataDir(opts.dataDir);
  const encoderDir = resolveEncoderDir(opts.encoder);
  const rebuildStale = opts.rebuildStale ?? opts.indexDir === undefined;
  const log = opts.log ?? (() => {});
  const encoder = await createEncoderByName('embedded', { model: encoderDir });
  const indexDir = resolve(opts.indexDir ?? defaultIndexDirFor(encoder, encoderDir));
  let reranker: Reranker | null = null;
  try {
    // The snapshot beside the index spares parsing skills_en.csv at every start (see esco-corpus-snapshot.ts).
    const { corpus, generalSkills } = existsSync(join(indexDir, 'manifest.json'))
      ? await loadEscoCorpus(indexDir, dataDir, ESCO_CORPUS_NAME, { save: true, log })
      : await parseEscoCorpus(dataDir, ESCO_CORPUS_NAME);
    let built = false;
    const build = async (why: string): Promise<void> => {
      if (!opts.buildIfMissing) {
        throw new JobskillError('INDEX_NOT_BUILT', `${why}; build it with \`pnpm model\` (or \`pnpm jobskill index build\`)`);
      }
      log(`${why}; building the skill index at ${indexDir} (once)`);
      const index = await SkillIndex.build(corpus, encoder, {});
      try {
        await index.save(indexDir);
      } catch (error) {
        // Another process (a parallel test run, a second server) may have saved the same index first.
        if (!existsSync(join(indexDir, 'manifest.json'))) throw error;
      }
      try {
        await saveEscoCorpusSnapshot(indexDir, dataDir, ESCO_CORPUS_NAME);
      } catch (error) {
        log(`could not save the ESCO corpus snapshot in ${indexDir}: ${(error as Error).message}`);
      }
      built = true;
    };
    if (!existsSync(join(indexDir, 'manifest.json'))) await build(`no skill index at ${indexDir}`);
    // A re-ranker named by option or $JOBSKILL_RERANKER is loaded: pointing at one means wanting it.
    if (opts.rerank || opts.reranker !== undefined || (process.env.JOBSKILL_RERANKER?.trim() ?? '') !== '') {
      reranker = await createReranker('embedded', { encoder, graph: await loadEscoGraph(dataDir), model: resolveRerankerDir(opts.reranker) });
    }
    const importance = { coreTopK: 10, coreRelativeScore: 0.85, generalSkills };
    const vacancies = opts.jobAds ? ((await vacancyMemoryFor(dataDir, encoder, log)?.(corpus)) ?? null) : null;
    const open = () => SkillRetriever.open(indexDir, { encoder, corpus, reranker, vacancies, mode: 'view', resultCache: opts.resultCache, importance });
    let retriever: SkillRetriever;
    try {
      retriever = await open();
    } catch (error) {
      if (!(rebuildStale && !built && error instanceof JobskillError && error.code === 'INDEX_MISMATCH')) throw error;
      await build(`the cached skill index is stale (${error.message})`);
      retriever = await open();
    }
    return {
      retriever,
      encoder,
      corpus,
      reranker,
      vacancies,
      indexDir,
      built,
      async close() {
        await reranker?.dispose?.();
        await encoder.dispose();
      },
    };
  } catch (error) {
    await reranker?.dispose?.();
    await encoder.dispose();
    throw error;
  }
}
