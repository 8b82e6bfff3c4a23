import { JobskillError, TECHWOLF_FILE, type TaskBData } from '@jobskill/data';
import type { Run } from '@jobskill/eval';
import type { Encoder } from '@jobskill/encoders';
import { SkillIndex, type SkillIndexOptions } from '../index/skill-index.ts';
import { Bm25Index, type Bm25Options } from '../lexical/bm25.ts';
import type { Reranker } from '../rerank/types.ts';
import type { SkillCorpus } from '../corpus/corpus.ts';
import { SkillRetriever, type SearchOptions } from '../retriever/skill-retriever.ts';
import type { VacancyNeighbours } from '../neighbours/vacancy-neighbours.ts';

/** A directory's memory of job ads (`VacancyNeighbours` for its corpus), null when there is none. */
export type VacancyMemoryProvider = (corpus: SkillCorpus) => Promise<VacancyNeighbours | null>;

/** What a system sees for one Task B directory. */
export interface TaskBContext {
  data: TaskBData;
  corpus: SkillCorpus;
  /** Memo shared by the systems of one directory (e.g. one vector index for several systems). */
  shared: Map<string, Promise<unknown>>;
}

/** A system = a function producing a complete run (qId → every corpus doc with a score) for a directory. */
export type TaskBSystem = (context: TaskBContext) => Promise<Run>;

export function memo<T>(context: TaskBContext, key: string, make: () => Promise<T>): Promise<T> {
  let value = context.shared.get(key) as Promise<T> | undefined;
  if (value === undefined) {
    value = make();
    context.shared.set(key, value);
  }
  return value;
}

/** BM25 over each skill's concatenated aliases (the lexical baseline). */
export function bm25System(options: Bm25Options = {}): TaskBSystem {
  return async ({ data, corpus }) => {
    const bm25 = new Bm25Index(
      corpus.skills.map((skill) => ({ id: skill.docId, texts: skill.aliases })),
      options,
    );
    const run: Run = new Map();
    for (const query of data.queries) {
      const scores = bm25.scoreAll(query.jobTitle);
      run.set(
        query.qId,
        corpus.skills.map((skill, i) => ({ docId: skill.docId, score: scores[i]! })),
      );
    }
    return run;
  };
}

/** The directory's vector index for `encoder`, built once and shared by every system that asks. */
export function sharedSkillIndex(context: TaskBContext, encoder: Encoder, options: SkillIndexOptions = {}): Promise<SkillIndex> {
  const key = `skill-index:${encoder.id}:${JSON.stringify(options)}`;
  return memo(context, key, () => SkillIndex.build(context.corpus, encoder, options));
}

export interface RetrieverSystemOptions {
  encoder: Encoder;
  /** null/undefined: encoder only. */
  reranker?: Reranker | null;
  index?: SkillIndexOptions;
  search?: Omit<SearchOptions, 'k' | 'evidence'>;
  alpha?: number;
  candidates?: number;
  /** Vacancy-neighbour evidence from this memory (built once per directory and shared); none: without it. */
  vacancies?: VacancyMemoryProvider;
}

/** The two-stage retriever as a system: complete rankings for every query. */
export function retrieverSystem(options: RetrieverSystemOptions): TaskBSystem {
  return async (context) => {
    const index = await sharedSkillIndex(context, options.encoder, options.index);
    const provider = options.vacancies;
    const vacancies = provider === undefined ? null : await memo(context, `vacancies:${options.encoder.id}`, () => provider(context.corpus));
    if (provider !== undefined && vacancies === null) {
      throw new JobskillError('FILE_NOT_FOUND', `no job-ad memory for this system (${TECHWOLF_FILE} missing from the data directory)`);
    }
    const retriever = await SkillRetriever.create({
      encoder: options.encoder,
      corpus: context.corpus,
      index,
      vacancies,
      reranker: options.reranker ?? null,
      ...(options.alpha !== undefined ? { alpha: options.alpha } : {}),
      ...(options.candidates !== undefined ? { candidates: options.candidates } : {}),
    });
    const titles = context.data.queries.map((q) => q.jobTitle);
    const results = await retriever.searchMany(titles, {
      ...options.search,
      rerank: options.reranker != null && options.search?.rerank !== false,
      evidence: false,
    });
    const run: Run = new Map();
    context.data.queries.forEach((query, i) => {
      run.set(
        query.qId,
        results[i]!.map((hit) => ({ docId: hit.docId, score: hit.score })),
      );
    });
    return run;
  };
}

export interface DefaultSystemsOptions {
  encoder: Encoder;
  index?: SkillIndexOptions;
  /** Re-ranker that adds ESCO-graph evidence (system `encoder+graph`, e.g. GraphEvidenceReranker), when available. */
  graphReranker?: Reranker | null;
  /** The embedded learning-to-rank re-ranker (system `default`), when available. */
  embeddedReranker?: Reranker | null;
  /** The memory of job ads behind `encoder+jobads` and `default` (TechWolf training vacancies), when available. */
  vacancies?: VacancyMemoryProvider | null;
  alpha?: number;
}

/**
 * The comparison table of the issue, stage by stage: `bm25`, `encoder-exact`, `encoder-ann` (no query expansion),
 * `encoder+prf` (ANN + pseudo-relevance feedback), `encoder+graph`, `encoder+ltr` (+ the embedded re-ranker) and
 * `default` (what the product serves: encoder + PRF + ANN, no re-ranker); the last four expand the query.
 * Re-ranker systems are listed only when their re-ranker is given.
 */
export function defaultTaskBSystems(options: DefaultSystemsOptions): Record<string, TaskBSystem> {
  const base = { encoder: options.encoder, ...(options.index ? { index: options.index } : {}) };
  const systems: Record<string, TaskBSystem> = {
    bm25: bm25System(),
    // Stage by stage: the plain encoder (exact, then ANN), + pseudo-relevance feedback, + graph / re-ranker.
    'encoder-exact': retrieverSystem({ ...base, search: { firstStage: 'exact', expansion: false } }),
    'encoder-ann': retrieverSystem({ ...base, search: { firstStage: 'ann', expansion: false } }),
    'encoder+prf': retrieverSystem({ ...base, search: { firstStage: 'ann' } }),
  };
  const alpha = options.alpha !== undefined ? { alpha: options.alpha } : {};
  if (options.graphReranker) systems['encoder+graph'] = retrieverSystem({ ...base, ...alpha, reranker: options.graphReranker });
  if (options.embeddedReranker) systems['encoder+ltr'] = retrieverSystem({ ...base, ...alpha, reranker: options.embeddedReranker });
  const vacancies = options.vacancies ? { vacancies: options.vacancies } : {};
  if (options.vacancies) systems['encoder+jobads'] = retrieverSystem({ ...base, ...vacancies, search: { firstStage: 'ann', expansion: false } });
  // What the product serves: the best first stage, + vacancy-neighbour evidence when the job ads are there. The LTR
  // re-ranker gained < +0.01 MAP on the TechWolf dev set (job-ad titles; +0.0007) and −0.002 on validation, at ≈ 4×
  // the cost, so it is an option, not the default.
  systems.default = retrieverSystem({ ...base, ...vacancies, search: { firstStage: 'ann' } });
  return systems;
}
