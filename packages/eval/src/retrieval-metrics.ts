import { z } from 'zod';
import { JobskillError, parseOptions } from '@jobskill/data';

/**
 * Retrieval metrics computed exactly as ranx computes them (ranx/metrics/*.py), which is what the
 * official TalentCLEF 2025/2026 evaluation scripts call. Summary of ranx's semantics, all matched here:
 * - relevant = qrel grade ≥ 1 (ranx rel_lvl=1); docs absent from the qrels are non-relevant;
 * - a metric without "@k" uses the whole submitted ranking (map, ndcg, mrr are uncut);
 * - ndcg gain = the raw grade (Järvelin & Kekäläinen, not 2^g−1), discount log2(rank+1),
 *   IDCG = DCG of the relevant qrels sorted by grade (cut at k for ndcg@k);
 * - map@k: Σ precision@r over relevant hits at r ≤ k, divided by R = all relevant docs (not min(k, R));
 * - precision@k divides by k even when fewer than k docs were returned; uncut precision by the run length;
 * - a query with no relevant doc scores 0 on every metric;
 * - the mean is over the queries in the qrels. ranx itself asserts that run and qrels have the same
 *   query ids; we score a qrels query missing from the run as 0 and ignore run queries absent from the
 *   qrels (ranx's make_comparable behaviour), so partial runs can still be evaluated.
 * Ordering: ranx sorts each query's docs by score descending with numba's (unstable) argsort, so ties
 * are in unspecified order there. We break ties by doc id ascending (UTF-16 code-unit order), always:
 * evaluateRun, sortRanking and the TREC writer all use compareRunEntries.
 */

/** qId → docId → grade. */
export type Qrels = Map<string, Map<string, number>>;
export interface RunEntry {
  docId: string;
  score: number;
}
/** qId → retrieved docs (any order; evaluation sorts by score desc, docId asc). */
export type Run = Map<string, RunEntry[]>;

/** Score descending, then doc id ascending: the one ordering used everywhere in this package. */
export function compareRunEntries(a: RunEntry, b: RunEntry): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0;
}

/** A copy of `entries` in evaluation order. */
export function sortRanking(entries: readonly RunEntry[]): RunEntry[] {
  return [...entries].sort(compareRunEntries);
}

/** A copy of `run` with every query's docs in evaluation order. */
export function sortRun(run: Run): Run {
  return new Map([...run].map(([q, entries]) => [q, sortRanking(entries)]));
}

/** Binary qrels as the 2026 script builds them: every grade > 0 becomes 1, other grades stay. */
export function binarizeQrels(qrels: Qrels): Qrels {
  return new Map([...qrels].map(([q, docs]) => [q, new Map([...docs].map(([d, g]) => [d, g > 0 ? 1 : g]))]));
}

/** The six metrics of the official TalentCLEF scripts, in their order. */
export const OFFICIAL_METRICS = Object.freeze(['map', 'mrr', 'ndcg', 'precision@5', 'precision@10', 'precision@100']);

const METRIC_KINDS = ['map', 'mrr', 'ndcg', 'precision', 'recall', 'hit_rate', 'accuracy', 'hits'] as const;
type MetricKind = (typeof METRIC_KINDS)[number];
interface ParsedMetric {
  name: string;
  kind: MetricKind;
  /** 0 = no cutoff (ranx's k=0). */
  k: number;
}

/**
 * Parses a metric name in ranx spelling: `map`, `mrr`, `ndcg`, `precision`, `recall`, `hits`, each
 * optionally `@k`; `hit_rate@k`; `accuracy@k` is our alias of hit_rate@k (≥ 1 relevant in the top k).
 */
export function parseMetricName(name: string): ParsedMetric {
  const m = /^([a-z_]+)(?:@(\d+))?$/.exec(name);
  const kind = m?.[1] as MetricKind | undefined;
  if (!m || kind === undefined || !(METRIC_KINDS as readonly string[]).includes(kind)) {
    throw new JobskillError(
      'UNKNOWN_METRIC',
      `unknown metric "${name}"; valid: ${METRIC_KINDS.map((k) => `${k}[@k]`).join(', ')}`,
    );
  }
  const k = m[2] === undefined ? 0 : Number(m[2]);
  if (m[2] !== undefined && k < 1) throw new JobskillError('UNKNOWN_METRIC', `metric "${name}": k must be ≥ 1`);
  return { name, kind, k };
}

export const EvaluateRunOptionsSchema = z.object({
  /** true: nDCG gains are the grades as given; false: binarize the qrels first (grade > 0 → 1). */
  graded: z.boolean().default(true),
  metrics: z.array(z.string()).min(1).default([...OFFICIAL_METRICS]),
});
export type EvaluateRunOptions = z.input<typeof EvaluateRunOptionsSchema>;

/** metric name (ranx spelling) → mean over the qrels queries. */
export type RetrievalMetrics = Record<string, number>;

export interface DetailedRetrievalMetrics {
  mean: RetrievalMetrics;
  /** metric name → qId → value, for every query in the qrels. */
  perQuery: Record<string, Record<string, number>>;
}

/** Everything a metric needs about one query's ranking. */
interface RankedQuery {
  /** gains[i] = grade of the doc at rank i+1 if ≥ 1, else 0. */
  gains: Float64Array;
  /** cumHits[i] = relevant docs in ranks 1..i+1. */
  cumHits: Int32Array;
  /** Grades ≥ 1 of the query's qrels, descending (the ideal ranking). */
  idealGains: number[];
}

function prepareQuery(qId: string, judged: Map<string, number>, entries: readonly RunEntry[] | undefined): RankedQuery {
  const idealGains = [...judged.values()].filter((g) => g >= 1).sort((a, b) => b - a);
  const ranked = entries ? sortRanking(entries) : [];
  const gains = new Float64Array(ranked.length);
  const cumHits = new Int32Array(ranked.length);
  let hits = 0;
  const seen = new Set<string>();
  ranked.forEach((e, i) => {
    if (!Number.isFinite(e.score)) {
      throw new JobskillError('INVALID_RUN', `query "${qId}": doc "${e.docId}" has a non-finite score ${e.score}`);
    }
    // ranx keys a run by doc id, so a doc cannot count twice; refuse rather than guess which to keep.
    if (seen.has(e.docId)) throw new JobskillError('INVALID_RUN', `query "${qId}": doc "${e.docId}" is listed twice`);
    seen.add(e.docId);
    const g = judged.get(e.docId) ?? 0;
    if (g >= 1) {
      gains[i] = g;
      hits++;
    }
    cumHits[i] = hits;
  });
  return { gains, cumHits, idealGains };
}

/**
 * Uncut average precision of one ranked list of ids against its relevant ids, as `map` of evaluateRun with binary
 * grades (relevant ids never retrieved count as misses). For training loops, which score one list at a time.
 */
export function averagePrecision(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < ranked.length; i++) {
    if (relevant.has(ranked[i]!)) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / relevant.size;
}

/** ranx fix_k: k = 0 or k beyond the list means the whole list. */
const cut = (k: number, length: number): number => (k === 0 || k > length ? length : k);

function dcg(gains: ArrayLike<number>, k: number): number {
  let sum = 0;
  const n = cut(k, gains.length);
  for (let i = 0; i < n; i++) sum += (gains[i] as number) / Math.log2(i + 2);
  return sum;
}

function computeMetric(q: RankedQuery, metric: ParsedMetric): number {
  const R = q.idealGains.length;
  if (R === 0) return 0;
  const n = q.gains.length;
  const hitsAt = (k: number): number => {
    const m = cut(k, n);
    return m === 0 ? 0 : (q.cumHits[m - 1] as number);
  };
  switch (metric.kind) {
    case 'hits':
      return hitsAt(metric.k);
    case 'precision': {
      const denom = metric.k === 0 ? n : metric.k;
      return denom === 0 ? 0 : hitsAt(metric.k) / denom;
    }
    case 'recall':
      return hitsAt(metric.k) / R;
    case 'hit_rate':
    case 'accuracy':
      return hitsAt(metric.k) > 0 ? 1 : 0;
    case 'mrr': {
      const m = cut(metric.k, n);
      for (let i = 0; i < m; i++) if ((q.gains[i] as number) > 0) return 1 / (i + 1);
      return 0;
    }
    case 'map': {
      const m = cut(metric.k, n);
      let sum = 0;
      for (let i = 0; i < m; i++) if ((q.gains[i] as number) > 0) sum += (q.cumHits[i] as number) / (i + 1);
      return sum / R;
    }
    case 'ndcg': {
      // IDCG is cut at k over the ideal list (ranx: fix_k against the qrels list itself).
      const ideal = dcg(q.idealGains, metric.k);
      return dcg(q.gains, metric.k) / ideal;
    }
  }
}

/** Mean and per-query metrics; see the module comment for the exact semantics. */
export function evaluateRunPerQuery(qrels: Qrels, run: Run, options: EvaluateRunOptions = {}): DetailedRetrievalMetrics {
  const opts = parseOptions(EvaluateRunOptionsSchema, options, { what: 'evaluateRun' });
  if (qrels.size === 0) throw new JobskillError('EMPTY_QRELS', 'qrels contain no query; nothing to average over');
  const metrics = opts.metrics.map(parseMetricName);
  const judgedQrels = opts.graded ? qrels : binarizeQrels(qrels);
  const perQuery: Record<string, Record<string, number>> = {};
  const sums: Record<string, number> = {};
  for (const m of metrics) {
    perQuery[m.name] = {};
    sums[m.name] = 0;
  }
  for (const [qId, judged] of judgedQrels) {
    const prepared = prepareQuery(qId, judged, run.get(qId));
    for (const m of metrics) {
      const value = computeMetric(prepared, m);
      perQuery[m.name]![qId] = value;
      sums[m.name]! += value;
    }
  }
  const mean: RetrievalMetrics = {};
  for (const m of metrics) mean[m.name] = sums[m.name]! / judgedQrels.size;
  return { mean, perQuery };
}

/** metric name → mean over the queries in the qrels (official metrics by default). */
export function evaluateRun(qrels: Qrels, run: Run, options: EvaluateRunOptions = {}): RetrievalMetrics {
  return evaluateRunPerQuery(qrels, run, options).mean;
}

/** Converts qrel records (as @jobskill/data's loadTaskBDir returns them) to the Qrels map. */
export function qrelsFromRecords(records: Iterable<{ qId: string; docId: string; grade: number }>): Qrels {
  const qrels: Qrels = new Map();
  for (const r of records) {
    let docs = qrels.get(r.qId);
    if (!docs) qrels.set(r.qId, (docs = new Map()));
    if (docs.has(r.docId)) {
      throw new JobskillError('DUPLICATE_QREL', `qrels list doc "${r.docId}" twice for query "${r.qId}"`);
    }
    docs.set(r.docId, r.grade);
  }
  return qrels;
}
