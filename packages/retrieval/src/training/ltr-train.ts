import { createHash } from 'node:crypto';
import { z } from 'zod';
import { JobskillError, parseOptions, createRng } from '@jobskill/data';
import { encoderIdentity, type Encoder } from '@jobskill/encoders';
import type { EscoGraph } from '../graph/esco-graph.ts';
import { graphScore } from '../graph/evidence.ts';
import { FEATURE_COUNT, LTR_FEATURES, LtrFeatureExtractor } from '../rerank/ltr-features.ts';
import { scoreRows, trainListwise, type LtrList, type LtrModelFile } from '../rerank/ltr-model.ts';
import { normalizeInPlace, rankEvidenceSkills } from '../rerank/ltr-reranker.ts';
import { averagePrecision } from '@jobskill/eval';
import { argsortDescending } from '../rerank/ranking-metrics.ts';
import type { RerankCandidate } from '../rerank/types.ts';
import { SkillIndex } from '../index/skill-index.ts';
import type { SkillCorpus } from '../corpus/corpus.ts';
import { firstStage } from '../retriever/first-stage.ts';
import { normalizeJobTitle } from '../lexical/title-normalizer.ts';

export const LtrTrainOptionsSchema = z.object({
  seed: z.number().int().default(20250),
  /** Occupations whose title variants become training/dev queries. */
  queryOccupations: z.number().int().positive().default(600),
  devFraction: z.number().min(0).max(0.9).default(0.25),
  /** Occupations with fewer relations make poor queries (too few relevant skills). */
  minRelations: z.number().int().positive().default(5),
  variantsPerOccupation: z.number().int().positive().default(2),
  /** Queries are grouped; a group's corpus is the union of its occupations' skills, like a TalentCLEF corpus. */
  corpusGroupSize: z.number().int().positive().default(150),
  /** First-stage candidates re-ranked per query. */
  candidates: z.number().int().positive().default(200),
  /** Skills of the nearest occupations added to the candidates (what a retriever gets from proposeCandidates). */
  graphCandidates: z.number().int().nonnegative().default(100),
  topOccupations: z.number().int().positive().default(20),
  /**
   * The first stage simulated for training lists, as SkillRetriever serves it: skills as the mean of their alias
   * vectors, the title expanded by pseudo-relevance feedback (`false`: none). Its scores are the `first_stage` features.
   */
  expansion: z.union([z.literal(false), z.object({ topK: z.number().int().positive(), weight: z.number().nonnegative() })]).default({ topK: 10, weight: 1 }),
  hiddenSizes: z.array(z.number().int().nonnegative()).min(1).default([0, 8]),
  epochs: z.number().int().positive().default(200),
  learningRate: z.number().positive().default(0.03),
  l2: z.number().nonnegative().default(1e-4),
  /** Evaluate dev MAP every this many epochs (early stopping keeps the best). */
  evalEvery: z.number().int().positive().default(25),
  /**
   * Restrict query occupations to these URIs: the occupations an encoder was NOT trained on, when `encoder`
   * is such a held-out build (its scores then behave as for unseen titles).
   */
  queryOccupationUris: z.array(z.string()).optional(),
  /** Identity recorded in the model (the encoder it will be served with); default: the training encoder. */
  servingEncoder: z.object({ id: z.string(), hash: z.string() }).optional(),
  /** Share of training/dev titles replaced by `perturb(title)` (free-form job-ad variants of ESCO titles). */
  perturbQueries: z.number().min(0).max(1).default(0),
  /** Makes a free-form variant of an ESCO title (deterministic for the sequence of calls); needed when perturbQueries > 0. */
  perturb: z.custom<(title: string) => string>((v) => typeof v === 'function').optional(),
  /** Clean titles as SkillRetriever does before re-ranking (`normalizeJobTitle`, its default). */
  normalizeTitles: z.boolean().default(true),
  log: z.custom<(line: string) => void>((v) => typeof v === 'function').optional(),
});
export type LtrTrainOptions = z.input<typeof LtrTrainOptionsSchema>;

/** One ESCO-derived query with its candidates' features (raw) and the rest of its first-stage ranking. */
interface PreparedQuery {
  occupation: number;
  text: string;
  features: Float32Array;
  relevance: Float32Array;
  /** Candidate doc ids in first-stage order, then the remaining corpus in first-stage order. */
  candidateIds: string[];
  restIds: string[];
  /** Graph scores in first-stage order (firstStageIds). */
  graphScores: Float64Array;
  firstStageIds: string[];
  relevant: Set<string>;
}

export interface LtrTrainingReport {
  queries: { train: number; dev: number };
  occupations: { train: number; dev: number };
  candidatesPerQuery: number;
  /** Mean AP on the ESCO dev queries (held-out occupations, leave-one-occupation-out graph evidence). */
  devMap: { encoder: number; graph: number; ltr: number; ltrByHidden: Record<string, { map: number; epoch: number }> };
  chosenHidden: number;
  /** Mean relevant skills in the candidate list / in the corpus (first-stage recall). */
  candidateRecall: number;
  seconds: { features: number; training: number };
  trainingDataHash: string;
}

/**
 * Trains the embedded re-ranker on queries derived from ESCO only: title variants of sampled
 * occupations, relevant = the occupation's essential + optional skills. The query's own occupation is
 * excluded from its graph evidence and popularity, so features look like those of an unseen title.
 */
export async function trainLtrModel(graph: EscoGraph, encoder: Encoder, options: LtrTrainOptions = {}): Promise<{ model: LtrModelFile; report: LtrTrainingReport }> {
  const o = parseOptions(LtrTrainOptionsSchema, options, { what: 'learning-to-rank training' });
  if (o.perturbQueries > 0 && o.perturb === undefined) {
    throw new JobskillError('INVALID_OPTION', 'perturbQueries > 0 needs a `perturb` function');
  }
  const log = o.log ?? (() => {});
  const rand = createRng(o.seed);
  const allowed = o.queryOccupationUris ? new Set(o.queryOccupationUris) : undefined;
  const eligible = graph.occupations
    .map((occ, i) => ({ occ, i }))
    .filter(({ occ }) => !allowed || allowed.has(occ.uri))
    .filter(({ occ }) => occ.essential.length + occ.optional.length >= o.minRelations && occ.variants.length >= 2)
    .map(({ i }) => i);
  shuffle(eligible, rand);
  const chosen = eligible.slice(0, o.queryOccupations);
  if (chosen.length < 4) throw new JobskillError('TOO_FEW_OCCUPATIONS', `only ${chosen.length} occupations usable as training queries`);
  const nDev = Math.max(1, Math.round(chosen.length * o.devFraction));
  const devOcc = chosen.slice(0, nDev);
  const trainOcc = chosen.slice(nDev);

  const extractor = await LtrFeatureExtractor.create(graph, encoder, { topOccupations: o.topOccupations });
  const t0 = performance.now();
  const train = await prepareQueries(graph, extractor, trainOcc, o, rand);
  const dev = await prepareQueries(graph, extractor, devOcc, o, rand);
  const featureSeconds = (performance.now() - t0) / 1000;
  log(`features: ${train.length} train + ${dev.length} dev queries in ${featureSeconds.toFixed(1)} s`);

  // z-normalization from the training rows; constant features get std 1.
  const mean = new Array<number>(FEATURE_COUNT).fill(0);
  const sq = new Array<number>(FEATURE_COUNT).fill(0);
  let rows = 0;
  for (const q of train) {
    for (let i = 0; i < q.features.length; i++) {
      const f = i % FEATURE_COUNT;
      mean[f]! += q.features[i]!;
      sq[f]! += q.features[i]! * q.features[i]!;
    }
    rows += q.relevance.length;
  }
  const std = mean.map((s, f) => {
    const m = s / rows;
    const v = sq[f]! / rows - m * m;
    return v > 1e-12 ? Math.sqrt(v) : 1;
  });
  for (let f = 0; f < FEATURE_COUNT; f++) mean[f] = mean[f]! / rows;
  const normalize = (q: PreparedQuery): LtrList => {
    const x = Float32Array.from(q.features);
    normalizeInPlace(x, mean, std);
    return { features: x, relevance: q.relevance };
  };
  const trainLists = train.map(normalize);
  const devLists = dev.map(normalize);

  const devMapOf = (hidden: number, params: ArrayLike<number>): number =>
    meanOf(dev.map((q, qi) => {
      const s = scoreRows({ inputs: FEATURE_COUNT, hidden }, params, devLists[qi]!.features, q.candidateIds.length);
      const ranked = argsortDescending(s).map((i) => q.candidateIds[i]!);
      return averagePrecision([...ranked, ...q.restIds], q.relevant);
    }));

  const t1 = performance.now();
  let best: { hidden: number; params: number[]; map: number; epoch: number } | undefined;
  const byHidden: Record<string, { map: number; epoch: number }> = {};
  for (const hidden of o.hiddenSizes) {
    let bestHere = { map: -1, epoch: 0, params: [] as number[] };
    trainListwise(trainLists, FEATURE_COUNT, {
      hidden,
      epochs: o.epochs,
      learningRate: o.learningRate,
      l2: o.l2,
      seed: o.seed + hidden,
      onEpoch: (epoch, loss, params) => {
        if (epoch % o.evalEvery !== 0 && epoch !== o.epochs) return;
        const map = devMapOf(hidden, params);
        log(`hidden ${hidden} epoch ${epoch}: loss ${loss.toFixed(4)} dev MAP ${map.toFixed(4)}`);
        if (map > bestHere.map) bestHere = { map, epoch, params: Array.from(params) };
      },
    });
    byHidden[String(hidden)] = { map: bestHere.map, epoch: bestHere.epoch };
    if (!best || bestHere.map > best.map) best = { hidden, ...bestHere };
  }
  const trainingSeconds = (performance.now() - t1) / 1000;

  const encoderMap = meanOf(dev.map((q) => averagePrecision(q.firstStageIds, q.relevant)));
  const graphMap = meanOf(dev.map((q) => averagePrecision(argsortDescending(q.graphScores).map((i) => q.firstStageIds[i]!), q.relevant)));
  const candidateRecall = meanOf([...train, ...dev].map((q) => q.candidateIds.filter((id) => q.relevant.has(id)).length / q.relevant.size));
  const hash = createHash('sha256');
  for (const q of [...train, ...dev]) hash.update(`${graph.occupations[q.occupation]!.uri}\t${q.text}\n`);

  const model: LtrModelFile = {
    format: 'jobskill-ltr',
    version: 1,
    features: [...LTR_FEATURES],
    normalization: { mean, std },
    hidden: best!.hidden,
    params: best!.params,
    graph: { topOccupations: o.topOccupations },
    encoder: o.servingEncoder ?? encoderIdentity(encoder),
  };
  const report: LtrTrainingReport = {
    queries: { train: train.length, dev: dev.length },
    occupations: { train: trainOcc.length, dev: devOcc.length },
    candidatesPerQuery: o.candidates,
    devMap: { encoder: encoderMap, graph: graphMap, ltr: best!.map, ltrByHidden: byHidden },
    chosenHidden: best!.hidden,
    candidateRecall,
    seconds: { features: featureSeconds, training: trainingSeconds },
    trainingDataHash: hash.digest('hex'),
  };
  return { model, report };
}

async function prepareQueries(
  graph: EscoGraph,
  extractor: LtrFeatureExtractor,
  occupations: readonly number[],
  o: z.infer<typeof LtrTrainOptionsSchema>,
  rand: () => number,
): Promise<PreparedQuery[]> {
  const out: PreparedQuery[] = [];
  for (let g = 0; g < occupations.length; g += o.corpusGroupSize) {
    const group = occupations.slice(g, g + o.corpusGroupSize);
    const corpusSet = new Set<number>();
    for (const oi of group) {
      const occ = graph.occupations[oi]!;
      for (const s of occ.essential) corpusSet.add(s);
      for (const s of occ.optional) corpusSet.add(s);
    }
    const corpus = [...corpusSet].sort((a, b) => a - b).filter((s) => graph.skills[s]!.labels.length > 0);
    const docs: RerankCandidate[] = corpus.map((s) => ({ docId: graph.skills[s]!.uri, aliases: graph.skills[s]!.labels, firstStageScore: 0, escoUri: graph.skills[s]!.uri }));
    await extractor.warmAliases(docs.map((d) => d.aliases));
    const queries: { occupation: number; text: string }[] = [];
    for (const oi of group) {
      const variants = [...graph.occupations[oi]!.variants];
      shuffle(variants, rand);
      for (const variant of variants.slice(0, o.variantsPerOccupation)) {
        let text = variant;
        if (o.perturbQueries > 0 && rand() < o.perturbQueries) text = o.perturb!(text);
        queries.push({ occupation: oi, text: o.normalizeTitles ? normalizeJobTitle(text) : text });
      }
    }
    const qvs = await extractor.encoder.encode(queries.map((q) => q.text));
    const groupIndex = groupSkillIndex(extractor, docs);
    for (let qi = 0; qi < queries.length; qi++) {
      const q = queries[qi]!;
      const qv = qvs[qi]!;
      const exclude = new Set([q.occupation]);
      const ev = extractor.evidence(qv, exclude);
      // The served first stage (exact search here, ANN when served), with the graph-proposed skills a retriever
      // gets from proposeCandidates.
      const first = await firstStage(groupIndex, qv, {
        candidates: o.candidates,
        expansion: o.expansion,
        search: 'exact',
        propose: () => rankEvidenceSkills(graph, ev, o.graphCandidates).map((s) => graph.skills[s]!.uri),
      });
      const inPicked = new Set(first.candidates.map((c) => c.skill));
      // The whole group corpus scored exactly (SIMD, as the searched candidates' scores), for the rest of the ranking;
      // proposed candidates take their score from it too.
      const exact = groupIndex.scoreAll(first.query);
      const order = argsortDescending(exact);
      const candidates = first.candidates.map((c) => ({ ...docs[c.skill]!, firstStageScore: exact[c.skill]! }));
      const features = await extractor.extract(q.text, candidates, { exclude, queryVector: qv });
      const occ = graph.occupations[q.occupation]!;
      const relevant = new Set([...occ.essential, ...occ.optional].map((s) => graph.skills[s]!.uri));
      out.push({
        occupation: q.occupation,
        text: q.text,
        features,
        relevance: Float32Array.from(candidates, (c) => (relevant.has(c.docId) ? 1 : 0)),
        candidateIds: candidates.map((c) => c.docId),
        restIds: order.filter((i) => !inPicked.has(i)).map((i) => docs[i]!.docId),
        graphScores: Float64Array.from(order, (i) => graphScore(graph, ev, corpus[i]!)),
        firstStageIds: order.map((i) => docs[i]!.docId),
        relevant,
      });
    }
  }
  return out;
}

/**
 * A skill-granularity SkillIndex (exact) over a training group's corpus, from the alias vectors the extractor already
 * holds: the same skill vectors and PRF the served retriever uses.
 */
function groupSkillIndex(extractor: LtrFeatureExtractor, docs: readonly RerankCandidate[]): SkillIndex {
  const dims = extractor.encoder.dimensions;
  const corpus: SkillCorpus = {
    name: 'ltr-training-group',
    skills: docs.map((d) => ({ docId: d.docId, escoUri: d.escoUri!, label: d.aliases[0]!, aliases: [...d.aliases] })),
  };
  const vectors = new Float32Array(docs.reduce((n, d) => n + d.aliases.length, 0) * dims);
  let row = 0;
  for (const d of docs) {
    for (const a of d.aliases) {
      const v = extractor.aliasVector(a);
      if (v) vectors.set(v, row * dims);
      row++;
    }
  }
  return SkillIndex.fromVectors(corpus, encoderIdentity(extractor.encoder), dims, vectors, { granularity: 'skill', backend: 'exact' });
}

function shuffle<T>(items: T[], rand: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

function meanOf(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
