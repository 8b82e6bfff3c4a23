import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { z } from 'zod';
import { JobskillError, writeFileAtomic } from '@jobskill/data';
import { writeStaticEmbeddingModel } from '../hf/static-embedding-model.ts';
import { MODEL_MAX_LENGTH, ENCODER_BUILD_VERSION } from './build.ts';
import { buildEscoPairs, PairKindsSchema, type EscoPairs } from './esco-pairs.ts';
import { evaluateSkillRanking, type RankingEvaluation } from './evaluate.ts';
import { loadEncoderTrainingData } from './training-data.ts';
import { pretrainedFor } from './pretrained-vectors.ts';
import { defaultEncoderDir, heldOutEncoderDir } from './paths.ts';
import { WordPieceTokenizer } from './tokenizer.ts';
import { TrainOptionsSchema, trainStaticEncoder, type EpochReport } from './trainer.ts';
import { buildWordPieceVocab, VocabOptionsSchema } from './vocab.ts';

/**
 * An ensemble of static encoders merged into ONE static encoder. Members share one WordPiece vocabulary and differ in
 * their training recipe (e.g. clean titles vs free-form-perturbed titles), so their token tables can be concatenated:
 * a text's pooled vector over the concatenated table is the concatenation of the members' pooled vectors. The
 * concatenation is then projected onto its top principal directions (uncentered PCA over ESCO skill vectors, so dot
 * products are preserved as well as possible) back to `dim` columns. The result is an ordinary vocab × dim table:
 * served exactly like a single member (same ONNX graph, same cost), scoring like the ensemble (README "Ensemble").
 */
export const EnsembleMemberSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  pairs: PairKindsSchema.default(PairKindsSchema.parse({})),
  train: TrainOptionsSchema.default(TrainOptionsSchema.parse({})),
});
export type EnsembleMember = z.input<typeof EnsembleMemberSchema>;

export const EnsembleRecipeSchema = z.object({
  members: z.array(EnsembleMemberSchema).min(1),
  /** Shared vocabulary, built from the union of every member's training texts. */
  vocab: VocabOptionsSchema.default(VocabOptionsSchema.parse({})),
  /** Columns of the merged table (the served dimension). */
  dim: z.number().int().positive().default(256),
  /** Share of ESCO occupations held out of every member (same split for all; 0 trains on all of them). */
  devFraction: z.number().min(0).max(0.5).default(0),
  /** Seed of the occupation split and the dev set (members' own seeds drive their training). */
  splitSeed: z.number().int().default(42),
});
export type EnsembleRecipe = z.input<typeof EnsembleRecipeSchema>;

/** Share of the occupations the held-out build leaves out (its dev set; the re-ranker's training queries). */
export const HELD_OUT_FRACTION = 0.1;

/**
 * The embedded encoder's recipe (README "Ensemble"): the reference recipe on clean titles and the same on
 * free-form-perturbed titles. Both start their whole-word rows from GloVe (`init: 'glove-100d'`, session 3: +0.006
 * dev MAP, the only ESCO-independent knowledge the encoder gets) and pair a title with a random alt label of the
 * skill 85 % of the time, about a uniform draw over its aliases (`skillAliasProbability`, session 4: +0.035 dev MAP):
 * a skill is served as the mean of all its aliases, so every alias must sit near the titles that need the skill.
 * A third, 512-wide essential-weighted member scored +0.006 on dev but nothing on validation, cut the zero-shot role
 * labeler's agreement from 0.52 to 0.45 and doubled the build time: left out.
 * Both members also learn from real job ads (`vacancySkill` 1): TechWolf vacancy title ↔ each skill extracted from
 * its ad, weighted by the extractor's probability, from the 90 % training part of the titles only (TECHWOLF_SPLIT).
 * TechWolf dev MAP 0.044 → 0.101 (encoder exact), ESCO dev 0.359 → 0.339: job-ad relevance is not ESCO relations.
 */
export const DEFAULT_ENSEMBLE_RECIPE: EnsembleRecipe = Object.freeze({
  members: [
    {
      name: 'clean-titles',
      pairs: { titleSkill: 1, aliasSkill: 1, titleTitle: 0, occupationDescription: 0, skillDescription: 0, skillAliasProbability: 0.85, vacancySkill: 1 },
      train: { dim: 256, epochs: 3, batchSize: 128, learningRate: 0.02, symmetric: false, scale: 20, seed: 42, init: 'glove-100d' as const, initScale: 3 },
    },
    {
      name: 'free-form-titles',
      pairs: { titleSkill: 1, aliasSkill: 1, titleTitle: 0, occupationDescription: 0, skillDescription: 0, skillAliasProbability: 0.85, titleAugment: 0.5, vacancySkill: 1 },
      train: { dim: 256, epochs: 3, batchSize: 128, learningRate: 0.02, symmetric: false, scale: 20, seed: 42, init: 'glove-100d' as const, initScale: 3 },
    },
  ],
  dim: 256,
  devFraction: 0,
  splitSeed: 42,
});

export const BuildEnsembleOptionsSchema = z.object({
  dataDir: z.string().min(1),
  outDir: z.string().min(1).optional(),
  recipe: EnsembleRecipeSchema.default(EnsembleRecipeSchema.parse(DEFAULT_ENSEMBLE_RECIPE)),
  modelId: z.string().default('jobskill/esco-static-encoder'),
  quantize: z.boolean().default(false),
});
export type BuildEnsembleOptions = z.input<typeof BuildEnsembleOptionsSchema>;

export interface BuildEnsembleResult {
  dir: string;
  manifest: Record<string, unknown>;
  seconds: { load: number; train: number; merge: number; total: number };
  /** Dev MAP of each member, of the exact (unmerged, per-member normalized) ensemble and of the merged table. */
  dev: { members: Record<string, RankingEvaluation>; merged: RankingEvaluation; corpus: number } | null;
  /** Occupations held out of training (dev queries come from them): empty when devFraction is 0. */
  heldOutOccupations: string[];
}

/**
 * Mean token rows of a text over `table` (the pooled vector before normalization), written into `out`.
 * Returns false for a text with no tokens.
 */
function pool(table: Float32Array, dim: number, ids: readonly number[], out: Float64Array): boolean {
  out.fill(0);
  for (const id of ids) for (let k = 0; k < dim; k++) out[k]! += table[id * dim + k]!;
  return ids.length > 0;
}

/**
 * Median L2 norm of the pooled vectors of `texts` (a member's typical output scale), so the members enter the
 * concatenation with comparable weight, as normalizing each member's vector would give them.
 */
export function medianPooledNorm(table: Float32Array, dim: number, tokenized: readonly (readonly number[])[]): number {
  const acc = new Float64Array(dim);
  const norms: number[] = [];
  for (const ids of tokenized) {
    if (!pool(table, dim, ids, acc)) continue;
    let sq = 0;
    for (let k = 0; k < dim; k++) sq += acc[k]! * acc[k]!;
    norms.push(Math.sqrt(sq) / ids.length);
  }
  if (norms.length === 0) throw new JobskillError('ENSEMBLE_EMPTY', 'no text with tokens to scale the members by');
  norms.sort((a, b) => a - b);
  return norms[Math.floor(norms.length / 2)]!;
}

/**
 * Top-`k` eigenvectors (columns, largest eigenvalue first) of the uncentered second-moment matrix Σ x xᵀ of the
 * rows of `samples` (n × d, row-major): the projection that keeps dot products between such vectors best.
 * Deterministic; each vector's sign is fixed so that its largest-magnitude entry is positive.
 */
export function principalDirections(samples: Float64Array, d: number, k: number): { basis: Float64Array; energy: number } {
  if (k > d) throw new JobskillError('INVALID_OPTION', `cannot keep ${k} of ${d} directions`);
  const n = samples.length / d;
  const x = new Matrix(n, d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) x.set(r, c, samples[r * d + c]!);
  const moment = x.transpose().mmul(x);
  const evd = new EigenvalueDecomposition(moment, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  const basis = new Float64Array(d * k);
  for (let j = 0; j < k; j++) {
    const col = order[j]!;
    let pivot = 0;
    for (let r = 0; r < d; r++) if (Math.abs(vectors.get(r, col)) > Math.abs(vectors.get(pivot, col))) pivot = r;
    const sign = vectors.get(pivot, col) < 0 ? -1 : 1;
    for (let r = 0; r < d; r++) basis[r * k + j] = sign * vectors.get(r, col);
  }
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  const kept = order.slice(0, k).reduce((a, i) => a + Math.max(0, values[i]!), 0);
  return { basis, energy: total > 0 ? kept / total : 1 };
}

/** Trains every member on a shared vocabulary, merges them into one table and writes it (HF folder) atomically. */
export async function buildEscoEnsembleEncoder(
  options: BuildEnsembleOptions,
  log: (line: string) => void = () => {},
): Promise<BuildEnsembleResult> {
  const o = BuildEnsembleOptionsSchema.parse(options);
  const recipe = o.recipe;
  const names = recipe.members.map((m) => m.name);
  if (new Set(names).size !== names.length) throw new JobskillError('INVALID_OPTION', `member names must be distinct: ${names.join(', ')}`);
  const started = Date.now();
  const usesJobAds = recipe.members.some((m) => m.pairs.vacancySkill > 0 || m.pairs.jobBertSkill > 0 || m.pairs.jobBertTitle > 0);
  const { esco, titles, dataHashes, jobAds } = await loadEncoderTrainingData(o.dataDir, { jobAds: usesJobAds });

  // Same split seed for every member: all hold out the same occupations.
  const memberPairs: EscoPairs[] = recipe.members.map((m) =>
    buildEscoPairs(esco, titles, { devFraction: recipe.devFraction, seed: recipe.splitSeed, kinds: m.pairs }, jobAds),
  );
  const allTexts = [...new Set(memberPairs.flatMap((p) => p.texts))].sort();
  const vocab = buildWordPieceVocab(allTexts, recipe.vocab);
  const tokenizer = new WordPieceTokenizer(vocab, { addSpecialTokens: true, maxLength: MODEL_MAX_LENGTH });
  const loadSeconds = (Date.now() - started) / 1000;
  log(`loaded ESCO, ${recipe.members.length} members, ${allTexts.length} texts, shared vocab ${vocab.length} (${loadSeconds.toFixed(1)} s)`);

  const trainStarted = Date.now();
  const tables: { name: string; table: Float32Array; dim: number; epochs: EpochReport[]; untrainedRows: number }[] = [];
  const pretrained = await pretrainedFor(recipe.members.map((m) => m.train.init), vocab);
  recipe.members.forEach((m, i) => {
    log(`member ${m.name}: pairs ${JSON.stringify(memberPairs[i]!.counts)}`);
    const vectors = m.train.init === null ? undefined : pretrained.get(m.train.init);
    const trained = trainStaticEncoder(memberPairs[i]!, tokenizer, m.train, (line) => log(`  ${m.name}: ${line}`), vectors);
    tables.push({ name: m.name, table: trained.table, dim: trained.dim, epochs: trained.epochs, untrainedRows: trained.untrainedRows });
  });
  const trainSeconds = (Date.now() - trainStarted) / 1000;

  // Merge: scale each member to a comparable output norm, concatenate, project onto the top `dim` directions of the
  // ESCO skill vectors (mean of alias vectors: what the index stores).
  const mergeStarted = Date.now();
  const skillAliases = esco.skills.map((s) => [s.preferredLabel, ...s.altLabels].filter((a) => a.trim() !== ''));
  const aliasIds = skillAliases.flatMap((list) => list.map((a) => tokenizer.contentIds(a)));
  const scales = tables.map((t) => medianPooledNorm(t.table, t.dim, aliasIds));
  const D = tables.reduce((a, t) => a + t.dim, 0);
  const V = vocab.length;
  const concat = new Float32Array(V * D);
  let offset = 0;
  tables.forEach((t, i) => {
    for (let row = 0; row < V; row++) {
      for (let k = 0; k < t.dim; k++) concat[row * D + offset + k] = t.table[row * t.dim + k]! / scales[i]!;
    }
    offset += t.dim;
  });
  const samples = new Float64Array(skillAliases.length * D);
  const acc = new Float64Array(D);
  let sampleRows = 0;
  for (const list of skillAliases) {
    const mean = new Float64Array(D);
    let count = 0;
    for (const alias of list) {
      if (!pool(concat, D, tokenizer.contentIds(alias), acc)) continue;
      let sq = 0;
      for (let k = 0; k < D; k++) sq += acc[k]! * acc[k]!;
      const inv = 1 / Math.sqrt(sq);
      for (let k = 0; k < D; k++) mean[k]! += acc[k]! * inv;
      count++;
    }
    if (count === 0) continue;
    let sq = 0;
    for (let k = 0; k < D; k++) sq += mean[k]! * mean[k]!;
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let k = 0; k < D; k++) samples[sampleRows * D + k] = mean[k]! * inv;
    sampleRows++;
  }
  const dim = Math.min(recipe.dim, D);
  const { basis, energy } = principalDirections(samples.subarray(0, sampleRows * D), D, dim);
  const merged = new Float32Array(V * dim);
  for (let row = 0; row < V; row++) {
    for (let j = 0; j < dim; j++) {
      let s = 0;
      for (let k = 0; k < D; k++) s += concat[row * D + k]! * basis[k * dim + j]!;
      merged[row * dim + j] = s;
    }
  }
  const mergeSeconds = (Date.now() - mergeStarted) / 1000;
  log(`merged ${D} → ${dim} dims (energy kept ${energy.toFixed(3)}, member scales ${scales.map((s) => s.toFixed(3)).join(', ')}) in ${mergeSeconds.toFixed(1)} s`);

  let dev: BuildEnsembleResult['dev'] = null;
  const devSet = memberPairs[0]!.dev;
  if (devSet !== null) {
    const queries = devSet.queries.map((q) => ({ text: q.text, relevant: devSet.relevant.get(q.occupationUri)! }));
    const corpus = { ids: devSet.corpus.map((c) => c.uri), aliases: devSet.corpus.map((c) => c.aliases) };
    const members: Record<string, RankingEvaluation> = {};
    for (const t of tables) members[t.name] = evaluateSkillRanking(t.table, t.dim, tokenizer, queries, corpus);
    dev = { members, merged: evaluateSkillRanking(merged, dim, tokenizer, queries, corpus), corpus: corpus.ids.length };
    log(
      `dev MAP (mean of aliases): ${Object.entries(members).map(([n, e]) => `${n} ${e.mapMeanOfAliases.toFixed(4)}`).join(', ')}, ` +
        `merged ${dev.merged.mapMeanOfAliases.toFixed(4)}`,
    );
  }
  const heldOutOccupations = devSet === null ? [] : [...devSet.relevant.keys()].sort();

  const dir = o.outDir ?? defaultEncoderDir();
  const trainerManifest = {
    version: ENCODER_BUILD_VERSION,
    kind: 'merged-ensemble',
    recipe,
    data: dataHashes,
    members: tables.map((t, i) => ({
      name: t.name,
      dim: t.dim,
      scale: scales[i],
      pairsPerEpoch: memberPairs[i]!.counts,
      trainOccupations: memberPairs[i]!.trainOccupations,
      untrainedRows: t.untrainedRows,
      epochs: t.epochs.map(({ epoch, pairs: n, batches, meanLoss }) => ({ epoch, pairs: n, batches, meanLoss })),
    })),
    merge: { from: D, to: dim, energyKept: energy, fitSkills: sampleRows },
    pretrained: Object.fromEntries([...pretrained].map(([source, v]) => [source, v.origin])),
    dev,
    heldOutOccupations,
  };
  const manifest = await writeStaticEmbeddingModel(dir, {
    vocab,
    embeddings: merged,
    dim,
    modelId: o.modelId,
    manifest: trainerManifest,
    ...(o.quantize ? { quantize: 'q8' as const } : {}),
    modelMaxLength: MODEL_MAX_LENGTH,
  });
  const total = (Date.now() - started) / 1000;
  return { dir, manifest, seconds: { load: loadSeconds, train: trainSeconds, merge: mergeSeconds, total }, dev, heldOutOccupations };
}

/** The two embedded encoder builds of DEFAULT_ENSEMBLE_RECIPE: held-out share and folder of each. */
export const EMBEDDED_ENCODER_BUILDS = Object.freeze({
  /** All occupations: the served encoder. */
  served: { devFraction: 0, dir: defaultEncoderDir },
  /** HELD_OUT_FRACTION of the occupations held out: the embedded re-ranker's training features. */
  heldout: { devFraction: HELD_OUT_FRACTION, dir: heldOutEncoderDir },
});
export type EmbeddedEncoderBuild = keyof typeof EMBEDDED_ENCODER_BUILDS;

/**
 * One embedded encoder build into its folder, plus `<folder>.build.json` with its timings and peak memory (kept out of
 * the model folder, whose bytes are reproducible; `pnpm bench` prints it).
 */
export async function buildEmbeddedEncoder(
  build: EmbeddedEncoderBuild,
  options: { dataDir: string },
  log: (line: string) => void = () => {},
): Promise<BuildEnsembleResult> {
  const { devFraction, dir } = EMBEDDED_ENCODER_BUILDS[build];
  const result = await buildEscoEnsembleEncoder({ dataDir: options.dataDir, recipe: { ...DEFAULT_ENSEMBLE_RECIPE, devFraction }, outDir: dir() }, log);
  const record = { variant: build, seconds: result.seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024, builtAt: new Date().toISOString() };
  await writeFileAtomic(`${result.dir}.build.json`, `${JSON.stringify(record, null, 2)}\n`);
  return result;
}

/**
 * Both embedded encoder builds, one after the other (what `jobskill model build` runs);
 * `scripts/build-embedded-encoders.ts` (turbo `model`) runs them in parallel processes.
 */
export async function buildEmbeddedEncoders(
  options: { dataDir: string },
  log: (line: string) => void = () => {},
): Promise<{ served: BuildEnsembleResult; heldOut: BuildEnsembleResult }> {
  const served = await buildEmbeddedEncoder('served', options, (line) => log(`[served] ${line}`));
  const heldOut = await buildEmbeddedEncoder('heldout', options, (line) => log(`[held-out] ${line}`));
  return { served, heldOut };
}
