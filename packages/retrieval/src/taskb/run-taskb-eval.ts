import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { JobskillError, TECHWOLF_FILE, loadTaskBDir, resolveDataDir } from '@jobskill/data';
import { createEncoderByName } from '@jobskill/encoders';
import type { Encoder } from '@jobskill/encoders';
import { loadEscoGraph } from '../graph/esco-graph.ts';
import { createReranker } from '../rerank/registry.ts';
import type { Reranker } from '../rerank/types.ts';
import { checkTaskBEvaluable, evalTaskB, type TaskBEvaluation } from './eval-taskb.ts';
import { GraphEvidenceReranker } from '../rerank/graph-evidence-reranker.ts';
import { defaultTaskBSystems, type TaskBSystem, type VacancyMemoryProvider } from './systems.ts';
import { vacancyMemoryFor } from '../neighbours/vacancy-neighbours.ts';

/** The Task B directories evaluated when none is given, relative to the data directory. */
export const DEFAULT_TASKB_DIRS = Object.freeze(['talentclef2025_taskB/validation', 'talentclef2026_taskB_toy']);

export interface TaskBProgress {
  /** The directory being evaluated (as resolved). */
  dir: string;
  /** The system that just finished (undefined at the start of a directory). */
  system?: string;
  done: number;
  total: number;
}

export const RunTaskBEvalOptionsSchema = z
  .object({
    /**
     * Data directory (must exist when given): ESCO for the graph systems, and the default Task B directories.
     * Without one (only with `dirs`), `encoder+graph` and `default` are skipped with a note.
     */
    dataDir: z.string().min(1).optional(),
    /** Task B directories; relative ones are taken inside `dataDir` (else the cwd). Default `DEFAULT_TASKB_DIRS`. */
    dirs: z.array(z.string().min(1)).min(1).optional(),
    /** Where `<runDir>/<dir name>/<system>.trec` are written; default none (null). */
    runDir: z.string().min(1).nullable().default(null),
    /** Called when a directory starts and after each system. */
    onProgress: z.custom<(event: TaskBProgress) => void>((v) => typeof v === 'function').optional(),
    /** Called with a line when a system is skipped (e.g. the re-ranker is not built). */
    onNote: z.custom<(line: string) => void>((v) => typeof v === 'function').optional(),
    /** The encoder of every encoder system; default the embedded encoder (created and disposed here). */
    encoder: z.custom<Encoder>((v) => typeof v === 'object' && v !== null && 'encode' in v).optional(),
    /** Folder of the embedded re-ranker behind `default`; default the built artifact (`defaultRerankerDir()`). */
    rerankerModel: z.string().min(1).optional(),
  })
  .refine((o) => o.dataDir !== undefined || o.dirs !== undefined, { message: 'give dataDir, or dirs to evaluate' });
export type RunTaskBEvalOptions = z.input<typeof RunTaskBEvalOptionsSchema>;

export interface TaskBEvalReport {
  /** One evaluation per directory, in order; systems in table order. */
  evaluations: TaskBEvaluation[];
  /** Systems left out, with why (the table is still worth printing without them). */
  skipped: { system: string; reason: string }[];
}

/**
 * The Task B comparison of `pnpm jobskill eval` and `pnpm turbo run eval`: on each directory, the systems
 * `bm25`, `encoder-exact` and `encoder-ann` (no query expansion), `encoder+prf` (pseudo-relevance feedback),
 * `encoder+graph` (+ ESCO-graph evidence, α = 0.7; see GraphEvidenceReranker), `encoder+ltr` (+ the embedded
 * re-ranker), `encoder+jobads` (ANN + vacancy-neighbour evidence from the TechWolf training vacancies, no PRF) and
 * `default` (encoder + PRF + ANN + vacancy-neighbour evidence: what the product serves). A graph or re-ranker that cannot be loaded (ESCO missing, model not built) drops its
 * system with a note instead of failing the whole table.
 */
export async function runTaskBEval(options: RunTaskBEvalOptions): Promise<TaskBEvalReport> {
  const parsed = RunTaskBEvalOptionsSchema.safeParse(options);
  if (!parsed.success) throw new JobskillError('INVALID_OPTION', `runTaskBEval: ${z.prettifyError(parsed.error)}`);
  const opts = parsed.data;
  const dataDir = opts.dataDir === undefined ? undefined : resolveDataDir(opts.dataDir);
  // The TechWolf dev set (job-ad titles, written by `pnpm turbo run model`) joins the default table when built; it is a build output of @jobskill/models (loaded lazily: a build-time package).
  const { techWolfDevDir } = await import('@jobskill/models');
  const defaults = existsSync(resolve(techWolfDevDir(), 'queries')) ? [DEFAULT_TASKB_DIRS[0]!, techWolfDevDir(), ...DEFAULT_TASKB_DIRS.slice(1)] : DEFAULT_TASKB_DIRS;
  const dirs = (opts.dirs ?? defaults).map((d) => (isAbsolute(d) ? d : resolve(dataDir ?? '.', d)));
  // A directory in the wrong layout, without qrels or with qrels of unknown queries fails here, before model loading.
  for (const dir of dirs) checkTaskBEvaluable(await loadTaskBDir(dir));
  const skipped: TaskBEvalReport['skipped'] = [];
  const skip = (system: string, error: unknown): void => {
    const reason = (error as Error).message;
    skipped.push({ system, reason });
    opts.onNote?.(`system "${system}" skipped: ${reason}`);
  };

  const encoder = opts.encoder ?? (await createEncoderByName('embedded'));
  const rerankers: Reranker[] = [];
  try {
    let graphReranker: Reranker | null = null;
    let embeddedReranker: Reranker | null = null;
    let graph: Awaited<ReturnType<typeof loadEscoGraph>> | null = null;
    try {
      if (dataDir === undefined) throw new JobskillError('DATA_DIR_NOT_FOUND', 'no data directory given (ESCO is needed for the graph and the re-ranker)');
      graph = await loadEscoGraph(dataDir);
    } catch (error) {
      skip('encoder+graph', error);
      skip('encoder+ltr', error);
    }
    if (graph) {
      graphReranker = await GraphEvidenceReranker.create({ encoder, graph });
      rerankers.push(graphReranker);
      try {
        embeddedReranker = await createReranker('embedded', { encoder, graph, ...(opts.rerankerModel ? { model: opts.rerankerModel } : {}) });
        rerankers.push(embeddedReranker);
      } catch (error) {
        skip('encoder+ltr', error);
      }
    }
    const vacancies: VacancyMemoryProvider | null = dataDir === undefined ? null : vacancyMemoryFor(dataDir, encoder, opts.onNote);
    if (vacancies === null) {
      skip('encoder+jobads', new JobskillError('FILE_NOT_FOUND', `no ${TECHWOLF_FILE} (and ESCO v1.1.1 skills) in the data directory: default runs without job-ad evidence`));
    }
    const systems = defaultTaskBSystems({ encoder, graphReranker, embeddedReranker, vacancies });
    const names = Object.keys(systems);
    const evaluations: TaskBEvaluation[] = [];
    for (const dir of dirs) {
      let done = 0;
      const tracked: Record<string, TaskBSystem> = {};
      for (const name of names) {
        tracked[name] = async (context) => {
          const run = await systems[name]!(context);
          opts.onProgress?.({ dir, system: name, done: ++done, total: names.length });
          return run;
        };
      }
      opts.onProgress?.({ dir, done: 0, total: names.length });
      evaluations.push(await evalTaskB(dir, { systems: tracked, runDir: opts.runDir }));
    }
    return { evaluations, skipped };
  } finally {
    for (const r of rerankers) await r.dispose?.();
    if (!opts.encoder) await encoder.dispose();
  }
}
