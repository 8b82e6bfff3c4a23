import { z } from 'zod';
import { JobskillError } from '@jobskill/data';
import { encoderIdentity, type Encoder } from '@jobskill/encoders';
import { SkillIndex, type SkillIndexOptions } from '../index/skill-index.ts';
import type { PreparedCandidate, Reranker, RerankCandidate } from '../rerank/types.ts';
import { BOUND_MARGIN, firstStage } from './first-stage.ts';
import { LruCache } from '@jobskill/encoders';
import { corpusHash, type SkillCorpus } from '../corpus/corpus.ts';
import { normalizeJobTitle } from '../lexical/title-normalizer.ts';
import { vacancyNeighbourSettingsSchema, type VacancyNeighbours } from '../neighbours/vacancy-neighbours.ts';

/**
 * Longest job title accepted, in characters. Titles are a few words (the longest TalentCLEF validation title
 * has 54 characters); anything past this is a pasted description or garbage, and is refused rather than
 * silently truncated so callers notice.
 */
export const MAX_TITLE_LENGTH = 512;

/** Searches asking for more hits than this are never kept in the result cache (a full ranking is ~14k objects). */
export const MAX_CACHED_K = 1000;

export const retrieverOptionsSchema = z.object({
  /** First-stage candidates handed to the re-ranker (the reference uses 200). */
  candidates: z.number().int().positive().default(200),
  /**
   * Pseudo-relevance feedback before the first stage (`expandQuery` in first-stage.ts): the title vector moves toward
   * the centroid of its top `topK` skills with `weight`; `false` switches it off. Standard Rocchio settings,
   * not fitted to any evaluation set.
   */
  expansion: z.union([z.literal(false), z.object({ topK: z.number().int().positive().default(10), weight: z.number().nonnegative().default(1) })]).default({ topK: 10, weight: 1 }),
  /**
   * Vacancy-neighbour evidence (`VacancyNeighbours`, used when the retriever is given a memory of job ads): each
   * skill's first-stage score gains `weight` × the mean probability with which the `topK` nearest posted titles'
   * ads list it (weights cosine^`power`); the skills they list join the candidates. `false` switches it off.
   */
  neighbours: z.union([z.literal(false), vacancyNeighbourSettingsSchema]).default({ topK: 50, power: 16, weight: 1, prior: 0.5, priorPower: 0.25 }),
  /** Blend weight of the first stage: final = α·bi + (1−α)·rerank (both min-max normalized over the candidates). */
  alpha: z.number().min(0).max(1).default(0.7),
  /** Extra candidates asked from a re-ranker that can propose them (`proposeCandidates`, e.g. ESCO-graph evidence). */
  proposed: z.number().int().nonnegative().default(100),
  /**
   * Results of this many recent searches (k ≤ MAX_CACHED_K) are kept and returned again for the same cleaned title
   * and options; 0 (default) keeps none. Search is deterministic, so a hit returns exactly what a new search would.
   */
  resultCache: z.number().int().nonnegative().default(0),
  /**
   * Spell out job-ad abbreviations and drop gender tags before encoding and re-ranking ("sr sw eng (m/f/d)" →
   * "senior software engineer"; `normalizeJobTitle`). The embedded encoder's vocabulary comes from ESCO labels.
   */
  normalizeTitles: z.boolean().default(true),
  /**
   * `importance` of each hit (TalentCLEF 2026 grades core 2 vs contextual 1): core when the hit is among the top
   * `coreTopK`, its first-stage cosine is ≥ `coreRelativeScore` × the best hit's, and it is not a general skill
   * (`generalSkills`, e.g. ESCO transversal skills such as "work in teams", which job ads list for every title).
   */
  importance: z
    .object({
      coreTopK: z.number().int().nonnegative().default(10),
      coreRelativeScore: z.number().min(0).max(1).default(0.85),
      generalSkills: z.custom<ReadonlySet<string>>((v) => v instanceof Set).default(new Set<string>()),
    })
    .default({ coreTopK: 10, coreRelativeScore: 0.85, generalSkills: new Set<string>() }),
});
export type RetrieverOptions = z.input<typeof retrieverOptionsSchema>;

export const searchOptionsSchema = z.object({
  /** How many hits to return; default the whole corpus (a complete ranking: MAP is uncut). */
  k: z.number().int().positive().optional(),
  /** Apply the re-ranker (when the retriever has one). */
  rerank: z.boolean().default(true),
  alpha: z.number().min(0).max(1).optional(),
  candidates: z.number().int().positive().optional(),
  /** `ann` (default): candidates from the index backend; `exact`: brute force (the baseline). */
  firstStage: z.enum(['ann', 'exact']).default('ann'),
  /** Overrides the retriever's pseudo-relevance feedback setting for this search. */
  expansion: z.union([z.literal(false), z.object({ topK: z.number().int().positive(), weight: z.number().nonnegative() })]).optional(),
  /** Compute the best-matching alias of each hit (costs one dot product per alias of the returned hits). */
  evidence: z.boolean().default(true),
  /** Add the retriever's vacancy-neighbour evidence (when it has a memory of job ads and `neighbours` is on). */
  neighbours: z.boolean().default(true),
});
export type SearchOptions = z.input<typeof searchOptionsSchema>;

export interface SkillHitEvidence {
  /** `reranked`: among the first-stage candidates (re-ranked when a re-ranker ran); `rest`: after them, in exact first-stage order. */
  stage: 'reranked' | 'candidate' | 'rest';
  /** Cosine similarity of the title to the skill (ANN score for candidates, exact for the rest). */
  firstStageScore: number;
  /** 1-based rank in the first stage (0 for a skill the re-ranker proposed outside the first stage's top N). */
  firstStageRank: number;
  /**
   * `first-stage`: from the vector index; `proposed`: added by the re-ranker's proposeCandidates; `job-ads`: listed by
   * the ads of the nearest posted titles and not among the index's candidates.
   */
  source: 'first-stage' | 'proposed' | 'job-ads';
  /** Vacancy-neighbour evidence in [0, 1] (mean probability over the nearest posted titles' ads), when non-zero. */
  neighbourScore?: number;
  /** The job-ad prior added to the score (how many of all the ads list the skill; see `neighbours.prior`), when non-zero. */
  priorScore?: number;
  /** Raw re-ranker score, when the re-ranker saw this skill. */
  rerankScore?: number;
  /** Re-ranker score min-max normalized over the candidates, in [0, 1]. */
  rerankNormalized?: number;
  /** The alias closest to the title, and its cosine (when evidence was requested). */
  bestAlias?: string;
  bestAliasScore?: number;
}

export interface SkillHit {
  rank: number;
  docId: string;
  escoUri: string;
  label: string;
  /** Ranking score, strictly decreasing along the list (see README: blending and the tail). */
  score: number;
  /** Estimated grade: `core` (what the job is about) or `contextual` (see the retriever's `importance` option). */
  importance: 'core' | 'contextual';
  evidence: SkillHitEvidence;
}

export interface CreateRetrieverOptions extends RetrieverOptions {
  encoder: Encoder;
  corpus: SkillCorpus;
  reranker?: Reranker | null;
  /** A built or opened index for this corpus and encoder, or options to build one. */
  index?: SkillIndex | SkillIndexOptions;
  /** Memory of job ads for the corpus and encoder (`VacancyNeighbours`); none: no vacancy-neighbour evidence. */
  vacancies?: VacancyNeighbours | null;
}

function invalidOption(error: z.ZodError, what: string): JobskillError {
  const issue = error.issues[0]!;
  return new JobskillError('INVALID_OPTION', `${what} option "${issue.path.join('.')}": ${issue.message}`);
}

/** Checks a job title; returns it trimmed with inner whitespace collapsed. */
export function validateTitle(title: unknown): string {
  if (typeof title !== 'string') throw new JobskillError('INVALID_QUERY', `job title must be a string, got ${typeof title}`);
  const clean = title.replace(/\s+/g, ' ').trim();
  if (clean === '') throw new JobskillError('INVALID_QUERY', 'job title is empty');
  if (clean.length > MAX_TITLE_LENGTH) {
    throw new JobskillError(
      'QUERY_TOO_LONG',
      `job title has ${clean.length} characters; the limit is ${MAX_TITLE_LENGTH} (pass a job title, not a description)`,
    );
  }
  return clean;
}

function minMax(values: ArrayLike<number>): { min: number; range: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  const range = max - min;
  // All equal: the signal carries no order, so it normalizes to 0 for everyone.
  return { min, range: range > 0 && Number.isFinite(range) ? range : Infinity };
}

/**
 * The `k` best items by `score` (ties: smaller `docId` first, then input order): exactly `items` sorted with
 * `byScoreThenId` (a stable sort) and cut at `k`, by bounded insertion: each item is compared with the current k-th
 * and most are rejected there.
 */
export function topCandidates<T>(items: readonly T[], k: number, score: (item: T) => number, docId: (item: T) => string): T[] {
  const scores = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) scores[i] = score(items[i]!);
  const ids: (string | undefined)[] = new Array(items.length);
  const id = (i: number): string => (ids[i] ??= docId(items[i]!));
  const better = (a: number, b: number): boolean => scores[a]! > scores[b]! || (scores[a] === scores[b] && id(a) < id(b));
  const best: number[] = [];
  for (let i = 0; i < items.length && k > 0; i++) {
    if (best.length === k && !better(i, best[k - 1]!)) continue;
    let at = best.length < k ? best.length : k - 1;
    best[at] = i;
    while (at > 0 && better(i, best[at - 1]!)) (best[at] = best[at - 1]!), (best[--at] = i);
  }
  return best.map((i) => items[i]!);
}

/** The k-th largest of `values` (1-based; −Infinity when there are fewer than k). */
export function kthLargest(values: readonly number[], k: number): number {
  if (k < 1 || k > values.length) return -Infinity;
  return Float64Array.from(values).sort()[values.length - k]!;
}

/** The corpus as `Reranker.prepare` wants it: the very objects `#rank` will hand to `rerank`. */
function preparedCandidates(corpus: SkillCorpus): PreparedCandidate[] {
  return corpus.skills.map((skill) => ({ docId: skill.docId, aliases: skill.aliases, escoUri: skill.escoUri }));
}

function copyHits(hits: readonly SkillHit[]): SkillHit[] {
  return hits.map((h) => ({ ...h, evidence: { ...h.evidence } }));
}

/** Score desc, doc id asc: the order @jobskill/eval evaluates in, so returned order and scores agree. */
function byScoreThenId(a: { score: number; docId: string }, b: { score: number; docId: string }): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0;
}

/**
 * Two-stage skill retrieval for a job title: encoder + vector index candidates, optionally re-ranked,
 * then the rest of the corpus in exact first-stage order, so every search can return a complete ranking.
 */
export class SkillRetriever {
  readonly encoder: Encoder;
  readonly index: SkillIndex;
  readonly reranker: Reranker | null;
  readonly vacancies: VacancyNeighbours | null;
  readonly options: z.infer<typeof retrieverOptionsSchema>;
  readonly #results: LruCache<string, SkillHit[]>;
  /** The job-ad prior by corpus position (`VacancyNeighbours.priorScores`); null without a memory or with prior 0. */
  readonly #prior: Float32Array | null;
  #cacheHits = 0;
  #cacheMisses = 0;

  private constructor(
    encoder: Encoder,
    index: SkillIndex,
    reranker: Reranker | null,
    vacancies: VacancyNeighbours | null,
    options: z.infer<typeof retrieverOptionsSchema>,
  ) {
    this.encoder = encoder;
    this.vacancies = vacancies;
    this.index = index;
    this.reranker = reranker;
    this.options = options;
    this.#results = new LruCache(options.resultCache);
    const settings = options.neighbours;
    this.#prior = vacancies !== null && settings !== false && settings.prior > 0 ? vacancies.priorScores(index.corpus.skills.length, settings) : null;
  }

  /** Result-cache counters since the retriever was created (all zero when `resultCache` is 0). */
  cacheStats(): { size: number; capacity: number; hits: number; misses: number } {
    return { size: this.#results.size, capacity: this.#results.capacity, hits: this.#cacheHits, misses: this.#cacheMisses };
  }

  get corpus(): SkillCorpus {
    return this.index.corpus;
  }

  static async create(options: CreateRetrieverOptions): Promise<SkillRetriever> {
    const parsed = retrieverOptionsSchema.safeParse(options);
    if (!parsed.success) throw invalidOption(parsed.error, 'retriever');
    let index: SkillIndex;
    if (options.index instanceof SkillIndex) {
      index = options.index;
      SkillRetriever.checkIndex(index, options.encoder, options.corpus);
    } else {
      index = await SkillIndex.build(options.corpus, options.encoder, options.index ?? {});
    }
    await options.reranker?.prepare?.(preparedCandidates(index.corpus));
    return new SkillRetriever(options.encoder, index, options.reranker ?? null, options.vacancies ?? null, parsed.data);
  }

  /** Opens a saved index (memory-mapped by default) and serves it; a mismatched index is refused. */
  static async open(
    dir: string,
    options: Omit<CreateRetrieverOptions, 'index'> & { mode?: 'load' | 'view' },
  ): Promise<SkillRetriever> {
    const parsed = retrieverOptionsSchema.safeParse(options);
    if (!parsed.success) throw invalidOption(parsed.error, 'retriever');
    const index = await SkillIndex.open(dir, { corpus: options.corpus, encoder: options.encoder, mode: options.mode ?? 'view' });
    await options.reranker?.prepare?.(preparedCandidates(index.corpus));
    return new SkillRetriever(options.encoder, index, options.reranker ?? null, options.vacancies ?? null, parsed.data);
  }

  private static checkIndex(index: SkillIndex, encoder: Encoder, corpus: SkillCorpus): void {
    const identity = encoderIdentity(encoder);
    const built = index.manifest.encoder;
    if (built.id !== identity.id || built.hash !== identity.hash) {
      throw new JobskillError(
        'INDEX_MISMATCH',
        `the index was built with encoder ${built.id} (hash ${built.hash.slice(0, 12)}), not ${identity.id} (hash ${identity.hash.slice(0, 12)})`,
      );
    }
    if (index.manifest.corpus.hash !== corpusHash(corpus)) {
      throw new JobskillError(
        'INDEX_MISMATCH',
        `the index was built for corpus "${index.manifest.corpus.name}" (${index.manifest.counts.skills} skills), ` +
          `not for corpus "${corpus.name}" (${corpus.skills.length} skills)`,
      );
    }
  }

  /** Ranks the corpus for one job title. */
  async search(title: string, options: SearchOptions = {}): Promise<SkillHit[]> {
    const clean = validateTitle(title);
    const o = this.#searchOptions(options);
    const key = this.#cacheKey(clean, o);
    const cached = key === null ? undefined : this.#cached(key);
    if (cached) return cached;
    const text = this.#queryText(clean);
    const [vector] = await this.encoder.encode([text]);
    return this.#remember(key, await this.#rank(text, vector!, o));
  }

  /** Ranks the corpus for many titles (one batched encode); results in input order. */
  async searchMany(titles: string[], options: SearchOptions = {}): Promise<SkillHit[][]> {
    const clean = titles.map((title, i) => {
      try {
        return validateTitle(title);
      } catch (error) {
        if (error instanceof JobskillError) throw new JobskillError(error.code, `title ${i}: ${error.message}`, { cause: error });
        throw error;
      }
    });
    const o = this.#searchOptions(options);
    const keys = clean.map((t) => this.#cacheKey(t, o));
    const out: (SkillHit[] | undefined)[] = keys.map((key) => (key === null ? undefined : this.#cached(key)));
    const missing = clean.flatMap((t, i) => (out[i] === undefined ? [i] : []));
    const texts = missing.map((i) => this.#queryText(clean[i]!));
    const vectors = missing.length > 0 ? await this.encoder.encode(texts) : [];
    for (let j = 0; j < missing.length; j++) {
      const i = missing[j]!;
      out[i] = this.#remember(keys[i]!, await this.#rank(texts[j]!, vectors[j]!, o));
    }
    return out as SkillHit[][];
  }

  /** What is encoded and re-ranked for a validated title. */
  #queryText(clean: string): string {
    return this.options.normalizeTitles ? normalizeJobTitle(clean) : clean;
  }

  /** Null when this search is not cacheable (cache off, or k above MAX_CACHED_K / the whole corpus). */
  #cacheKey(clean: string, o: z.infer<typeof searchOptionsSchema>): string | null {
    if (this.#results.capacity <= 0 || o.k === undefined || o.k > MAX_CACHED_K) return null;
    return JSON.stringify([clean, o.k, o.rerank, o.alpha ?? null, o.candidates ?? null, o.firstStage, o.expansion ?? null, o.evidence, o.neighbours]);
  }

  #cached(key: string): SkillHit[] | undefined {
    const hits = this.#results.get(key);
    if (hits === undefined) {
      this.#cacheMisses++;
      return undefined;
    }
    this.#cacheHits++;
    return copyHits(hits);
  }

  /** Keeps a private copy, so a caller that edits its result cannot change what the next caller gets. */
  #remember(key: string | null, hits: SkillHit[]): SkillHit[] {
    if (key !== null) this.#results.set(key, copyHits(hits));
    return hits;
  }

  #searchOptions(options: SearchOptions): z.infer<typeof searchOptionsSchema> {
    const parsed = searchOptionsSchema.safeParse(options);
    if (!parsed.success) throw invalidOption(parsed.error, 'search');
    return parsed.data;
  }

  async #rank(title: string, titleVector: Float32Array, o: z.infer<typeof searchOptionsSchema>): Promise<SkillHit[]> {
    const skills = this.corpus.skills;
    const returned = Math.min(o.k ?? skills.length, skills.length);
    // Ranked at least `coreTopK` deep: importance compares a hit with the best of the top `coreTopK`, so a search for
    // fewer hits grades them as a longer one does.
    const k = Math.min(Math.max(returned, this.options.importance.coreTopK), skills.length);
    const alpha = o.alpha ?? this.options.alpha;
    const reranker = o.rerank ? this.reranker : null;
    const proposing = reranker?.proposeCandidates !== undefined && this.options.proposed > 0;
    // Vacancy-neighbour evidence from the raw title vector (the nearest posted titles, not the PRF-moved query).
    const settings = this.options.neighbours;
    const neighbourWeight = settings === false ? 0 : settings.weight;
    const neighbour = new Map<number, number>();
    if (o.neighbours && settings !== false && settings.weight > 0 && this.vacancies !== null) {
      const evidence = this.vacancies.scores(titleVector, settings);
      evidence.skills.forEach((skill, i) => neighbour.set(skill, evidence.scores[i]!));
    }
    // The job-ad prior goes with the neighbours' evidence (both are what the ads say; `neighbours: false` drops both).
    // It is left out of the PRF feedback choice (TechWolf dev: 0.1683 without vs 0.1675 with, exact search): the
    // skills every ad lists would pull the query toward the generic.
    const prior = o.neighbours && neighbour.size > 0 ? this.#prior : null;
    const priorOf = (skill: number): number => (prior === null ? 0 : prior[skill]!);
    const first = await firstStage(this.index, titleVector, {
      candidates: o.candidates ?? this.options.candidates,
      expansion: o.expansion ?? this.options.expansion,
      search: o.firstStage,
      ...(neighbour.size > 0 ? { feedbackBoost: { evidence: neighbour, weight: neighbourWeight } } : {}),
      ...(proposing ? { propose: () => reranker!.proposeCandidates!(title, this.options.proposed, { queryVector: titleVector }) } : {}),
    });
    const query = first.query;
    const candidates: { skill: number; score: number; rank: number; source: SkillHitEvidence['source'] }[] = first.candidates;
    /** A candidate's first-stage score: cosine + weight × neighbour evidence + job-ad prior. */
    const fusedScore = (c: (typeof candidates)[number]): number => c.score + neighbourWeight * (neighbour.get(c.skill) ?? 0) + priorOf(c.skill);
    if (neighbour.size > 0 && candidates.length > 0) {
      // The skills the ads list join the candidates (scored exactly), so the evidence can lift them.
      const present = new Set(candidates.map((c) => c.skill));
      let floor = -Infinity;
      const searched = o.candidates ?? this.options.candidates;
      if (reranker === null && k <= candidates.length && candidates.length === searched) {
        // Only the top k are returned: a skill the search did not find has a cosine at most the lowest found, so it
        // can reach the top k only if that cosine plus its evidence and prior reaches the k-th fused score of the
        // found ones. The others (most of the ~1,000 listed skills, with evidence of a few thousandths) need no
        // exact scoring; complete rankings keep them all.
        let lowestCosine = Infinity;
        for (const c of candidates) lowestCosine = Math.min(lowestCosine, c.score);
        floor = kthLargest(candidates.map(fusedScore), k) - lowestCosine - BOUND_MARGIN;
      }
      const added: number[] = [];
      for (const [skill, evidence] of neighbour) if (!present.has(skill) && neighbourWeight * evidence + priorOf(skill) >= floor) added.push(skill);
      const cosines = new Float64Array(added.length);
      this.index.scoreSkills(query, added, cosines);
      added.forEach((skill, i) => candidates.push({ skill, score: cosines[i]!, rank: 0, source: 'job-ads' }));
    }

    interface Ranked {
      skill: number;
      docId: string;
      score: number;
      evidence: SkillHitEvidence;
    }
    const toRanked = (c: (typeof candidates)[number]): Ranked => {
      const nbr = neighbour.get(c.skill);
      const evidence: SkillHitEvidence = { stage: 'candidate', firstStageScore: c.score, firstStageRank: c.rank, source: c.source };
      if (nbr !== undefined) evidence.neighbourScore = nbr;
      const jobAdPrior = priorOf(c.skill);
      if (jobAdPrior > 0) evidence.priorScore = jobAdPrior;
      return { skill: c.skill, docId: skills[c.skill]!.docId, score: fusedScore(c), evidence };
    };
    const ranked: Ranked[] =
      reranker === null && k <= candidates.length
        ? // Only the top k are returned (a served search: k ≈ 20 of ~1,200 candidates): select them in the order the
          // full sort gives (score, then docId; ties keep candidate order) and build hits for those alone.
          topCandidates(candidates, k, fusedScore, (c) => skills[c.skill]!.docId).map(toRanked)
        : candidates.map(toRanked);

    const reranking = reranker !== null && ranked.length > 0;
    // The first-stage signal the re-ranker is blended with: cosine + vacancy-neighbour evidence.
    const bi = minMax(ranked.map((r) => r.score));
    if (reranking) {
      const candidates: RerankCandidate[] = ranked.map((r) => {
        const skill = skills[r.skill]!;
        // The cosine, as the re-rankers are trained on (job-ad evidence enters through the blend's first-stage term).
        return { docId: skill.docId, aliases: skill.aliases, firstStageScore: r.evidence.firstStageScore, escoUri: skill.escoUri };
      });
      let raw: number[];
      try {
        raw = await this.reranker!.rerank(title, candidates, { queryVector: titleVector });
      } catch (cause) {
        if (cause instanceof JobskillError) throw cause;
        throw new JobskillError('RERANK_FAILED', `re-ranker ${this.reranker!.id} failed: ${(cause as Error).message}`, { cause });
      }
      if (!Array.isArray(raw) || raw.length !== candidates.length || raw.some((s) => !Number.isFinite(s))) {
        throw new JobskillError(
          'RERANK_FAILED',
          `re-ranker ${this.reranker!.id} must return ${candidates.length} finite scores, got ${Array.isArray(raw) ? raw.length : typeof raw}`,
        );
      }
      // Both signals min-max normalized over the candidates, so α weighs comparable [0, 1] ranges
      // (a cosine spread of 0.2 and a logit spread of 10 would otherwise not blend meaningfully).
      const rr = minMax(raw);
      ranked.forEach((r, i) => {
        const biNorm = (r.score - bi.min) / bi.range;
        const rrNorm = (raw[i]! - rr.min) / rr.range;
        r.score = alpha * biNorm + (1 - alpha) * rrNorm;
        r.evidence = { ...r.evidence, stage: 'reranked', rerankScore: raw[i]!, rerankNormalized: rrNorm };
      });
    }
    ranked.sort(byScoreThenId);

    if (k > ranked.length) {
      // The rest of the corpus in exact first-stage order (+ the job-ad prior). With a re-ranker its score continues the blend
      // with the re-ranker term at the candidates' minimum (0): α·normalized(bi), below every candidate.
      const exact = this.index.scoreAll(query);
      const inCandidates = new Set(ranked.map((r) => r.skill));
      const rest: Ranked[] = [];
      for (let s = 0; s < skills.length; s++) {
        if (inCandidates.has(s)) continue;
        const cosine = exact[s]!;
        // Without a re-ranker the tail is scored as the candidates are, less the neighbours' evidence (no neighbour
        // lists a tail skill): cosine + job-ad prior (TechWolf dev 0.1682 → 0.1689 MAP over cosine alone).
        const jobAdPrior = reranking ? 0 : priorOf(s);
        const evidence: SkillHitEvidence = { stage: 'rest', firstStageScore: cosine, firstStageRank: 0, source: 'first-stage' };
        if (jobAdPrior > 0) evidence.priorScore = jobAdPrior;
        rest.push({
          skill: s,
          docId: skills[s]!.docId,
          score: reranking ? (alpha * (cosine - bi.min)) / (Number.isFinite(bi.range) ? bi.range : 1) : cosine + jobAdPrior,
          evidence,
        });
      }
      rest.sort(byScoreThenId);
      rest.forEach((r, i) => {
        r.evidence.firstStageRank = ranked.length + i + 1;
      });
      // Candidates come first whatever the scores say (ANN can miss a skill that scores higher exactly),
      // so scores are clamped to keep the list strictly decreasing and its order stable under re-sorting.
      let previous = ranked.length > 0 ? ranked[ranked.length - 1]!.score : Infinity;
      for (const r of rest) {
        if (r.score >= previous) r.score = previous - Math.max(1e-9, Math.abs(previous) * 1e-9);
        previous = r.score;
        ranked.push(r);
        if (ranked.length >= k) break;
      }
    }

    const imp = this.options.importance;
    let bestCosine = -Infinity;
    for (let i = 0; i < Math.min(imp.coreTopK, ranked.length); i++) bestCosine = Math.max(bestCosine, ranked[i]!.evidence.firstStageScore);
    const top = ranked.slice(0, returned);
    return top.map((r, i) => {
      const skill = skills[r.skill]!;
      const evidence = r.evidence;
      if (o.evidence) {
        const best = this.index.bestAlias(query, r.skill);
        evidence.bestAlias = best.alias;
        evidence.bestAliasScore = best.score;
      }
      const core = i < imp.coreTopK && evidence.firstStageScore >= imp.coreRelativeScore * bestCosine && !imp.generalSkills.has(skill.escoUri);
      const importance = core ? ('core' as const) : ('contextual' as const);
      return { rank: i + 1, docId: skill.docId, escoUri: skill.escoUri, label: skill.label, score: r.score, importance, evidence };
    });
  }
}
