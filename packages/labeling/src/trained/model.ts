import { createHash } from 'node:crypto';
import { z } from 'zod';
import { JobskillError, parseOptions } from '@jobskill/data';
import { stratifiedKFold } from '@jobskill/eval';
import type { Encoder } from '../types.ts';
import { TfidfConfigSchema, TfidfVectorizer, fitTfidf, type SparseVector, type TfidfState } from './tfidf.ts';
import { balancedSampleWeights, fitSoftmaxRegression, logitsOf, softmaxInPlace, type SoftmaxProblem } from './softmax-regression.ts';

export const TRAINED_MODEL_FORMAT = 'jobskill-trained-labeler';
export const TRAINED_MODEL_FORMAT_VERSION = 1;

export const TrainOptionsSchema = z.object({
  /** Label order of the model; default: the labels seen, sorted. Labels listed but unseen get no weight. */
  labels: z.array(z.string().min(1)).optional(),
  /** Role given on abstention (must be one of the labels), or null. */
  fallback: z.string().nullable().default(null),
  tfidf: TfidfConfigSchema.default(TfidfConfigSchema.parse({})),
  /** Optional sentence-encoder features appended to the TF-IDF ones (scaled by encoderWeight). */
  encoder: z.custom<Encoder>((v) => typeof v === 'object' && v !== null && typeof (v as Encoder).encode === 'function').optional(),
  encoderWeight: z.number().positive().default(1),
  /** L2 penalty on the weights. */
  l2: z.number().nonnegative().default(1e-3),
  classWeight: z.enum(['balanced', 'none']).default('balanced'),
  maxIterations: z.number().int().positive().default(300),
  /** Inner folds whose out-of-fold logits fit the softmax temperature; < 2 disables calibration (T = 1). */
  calibrationFolds: z.number().int().min(0).default(3),
  /** Below this calibrated probability the model abstains (returns the fallback, flagged). 0 never abstains. */
  abstainThreshold: z.number().min(0).max(1).default(0),
  seed: z.number().int().default(42),
  /** Free-form note of what the labels are (e.g. "rules-reference on resumes.parquet"); kept in the manifest. */
  target: z.string().optional(),
});
export type TrainOptions = z.input<typeof TrainOptionsSchema>;

export const TrainedManifestSchema = z.object({
  format: z.literal(TRAINED_MODEL_FORMAT),
  formatVersion: z.literal(TRAINED_MODEL_FORMAT_VERSION),
  labels: z.array(z.string()).min(2),
  fallback: z.string().nullable(),
  features: z.object({
    tfidf: TfidfConfigSchema,
    dimensions: z.number().int().positive(),
    encoder: z.object({ id: z.string(), dimensions: z.number().int().positive(), weight: z.number() }).nullable(),
  }),
  training: z.object({
    examples: z.number().int(),
    dataHash: z.string(),
    labelCounts: z.record(z.string(), z.number()),
    l2: z.number(),
    classWeight: z.enum(['balanced', 'none']),
    iterations: z.number().int(),
    converged: z.boolean(),
    target: z.string().optional(),
  }),
  calibration: z.object({ method: z.literal('temperature'), temperature: z.number().positive(), folds: z.number().int() }),
  abstainThreshold: z.number().min(0).max(1),
  metrics: z.record(z.string(), z.number()).default({}),
  createdAt: z.string(),
});
export type TrainedManifest = z.infer<typeof TrainedManifestSchema>;

export interface TrainedModel {
  manifest: TrainedManifest;
  tfidf: TfidfState;
  /** Weights feature-major (W[j·K + k]) then K biases. */
  params: Float64Array;
}

export interface LabeledText {
  text: string;
  label: string;
}

/** sha256 over the sorted "label\ttext" lines: identifies the training set whatever its order. */
export function trainingDataHash(examples: readonly LabeledText[]): string {
  const lines = examples.map((e) => `${e.label}\t${e.text}`).sort();
  const h = createHash('sha256');
  for (const l of lines) h.update(`${l}\n`);
  return `sha256:${h.digest('hex')}`;
}

/** Appends dense encoder features (scaled) after the sparse TF-IDF columns. */
async function featurize(
  vectorizer: TfidfVectorizer,
  texts: readonly string[],
  encoder: Encoder | undefined,
  weight: number,
): Promise<SparseVector[]> {
  const sparse = texts.map((t) => vectorizer.transform(t));
  if (!encoder) return sparse;
  const dense = await encoder.encode([...texts]);
  return sparse.map((x, i) => {
    const e = dense[i]!;
    const indices = new Int32Array(x.indices.length + e.length);
    const values = new Float64Array(x.values.length + e.length);
    indices.set(x.indices);
    values.set(x.values);
    for (let d = 0; d < e.length; d++) {
      indices[x.indices.length + d] = vectorizer.dimensions + d;
      values[x.values.length + d] = weight * e[d]!;
    }
    return { indices, values };
  });
}

/** Softmax temperature minimizing the NLL of out-of-fold logits (golden-section search on log T). */
export function fitTemperature(logits: readonly Float64Array[], targets: Int32Array): number {
  const nll = (logT: number): number => {
    const t = Math.exp(logT);
    let s = 0;
    for (let i = 0; i < logits.length; i++) {
      const z = Float64Array.from(logits[i]!, (v) => v / t);
      const y = z[targets[i]!]!;
      s += softmaxInPlace(z) - y;
    }
    return s / logits.length;
  };
  let a = Math.log(0.05);
  let b = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = nll(c);
  let fd = nll(d);
  for (let i = 0; i < 60; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = nll(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = nll(d);
    }
  }
  return Math.exp((a + b) / 2);
}

/**
 * Trains a TF-IDF (+ optional encoder) softmax-regression classifier on labeled texts, with balanced
 * class weights, and calibrates its probabilities by temperature scaling on inner out-of-fold logits.
 */
export async function trainTextClassifier(examples: readonly LabeledText[], options: TrainOptions = {}): Promise<TrainedModel> {
  const opts = parseOptions(TrainOptionsSchema, options, { what: 'classifier training' });
  if (examples.length < 2) throw new JobskillError('TOO_FEW_EXAMPLES', `need at least 2 labeled examples to train, got ${examples.length}`);
  const seen = [...new Set(examples.map((e) => e.label))].sort();
  if (seen.length < 2) throw new JobskillError('TOO_FEW_CLASSES', `need at least 2 distinct labels to train, got ${seen.length} (${seen.join(', ')})`);
  const labels = opts.labels ?? seen;
  const unknown = seen.filter((l) => !labels.includes(l));
  if (unknown.length > 0) throw new JobskillError('UNKNOWN_LABEL', `training labels not in the label list: ${unknown.join(', ')}; labels: ${labels.join(', ')}`);
  if (opts.fallback !== null && !labels.includes(opts.fallback)) {
    throw new JobskillError('UNKNOWN_LABEL', `fallback "${opts.fallback}" is not one of the labels: ${labels.join(', ')}`);
  }
  const texts = examples.map((e) => e.text);
  const tfidf = fitTfidf(texts, opts.tfidf);
  const vectorizer = new TfidfVectorizer(tfidf);
  const rows = await featurize(vectorizer, texts, opts.encoder, opts.encoderWeight);
  const K = labels.length;
  const D = vectorizer.dimensions + (opts.encoder?.dimensions ?? 0);
  const targets = Int32Array.from(examples, (e) => labels.indexOf(e.label));
  const problemFor = (idx: readonly number[]): SoftmaxProblem => {
    const t = Int32Array.from(idx, (i) => targets[i]!);
    return {
      rows: idx.map((i) => rows[i]!),
      targets: t,
      sampleWeights: opts.classWeight === 'balanced' ? balancedSampleWeights(t, K) : new Float64Array(t.length).fill(1),
      classes: K,
      dimensions: D,
      l2: opts.l2,
    };
  };
  const all = examples.map((_, i) => i);
  const fit = fitSoftmaxRegression(problemFor(all), { maxIterations: opts.maxIterations });

  // Temperature from out-of-fold logits: in-sample logits of a near-separable fit are overconfident.
  let temperature = 1;
  const folds = Math.min(opts.calibrationFolds, examples.length);
  if (folds >= 2) {
    const oof: Float64Array[] = new Array(examples.length);
    for (const split of stratifiedKFold(examples.map((e) => e.label), folds, opts.seed)) {
      const inner = fitSoftmaxRegression(problemFor(split.train), { maxIterations: opts.maxIterations });
      for (const i of split.test) oof[i] = logitsOf(inner.params, rows[i]!, K, D);
    }
    temperature = fitTemperature(oof, targets);
  }
  const labelCounts: Record<string, number> = {};
  for (const l of labels) labelCounts[l] = 0;
  for (const e of examples) labelCounts[e.label]! += 1;
  const manifest: TrainedManifest = {
    format: TRAINED_MODEL_FORMAT,
    formatVersion: TRAINED_MODEL_FORMAT_VERSION,
    labels,
    fallback: opts.fallback,
    features: {
      tfidf: tfidf.config,
      dimensions: D,
      encoder: opts.encoder ? { id: opts.encoder.id, dimensions: opts.encoder.dimensions, weight: opts.encoderWeight } : null,
    },
    training: {
      examples: examples.length,
      dataHash: trainingDataHash(examples),
      labelCounts,
      l2: opts.l2,
      classWeight: opts.classWeight,
      iterations: fit.iterations,
      converged: fit.converged,
      ...(opts.target !== undefined ? { target: opts.target } : {}),
    },
    calibration: { method: 'temperature', temperature, folds: folds >= 2 ? folds : 0 },
    abstainThreshold: opts.abstainThreshold,
    metrics: {},
    createdAt: new Date().toISOString(),
  };
  return { manifest, tfidf, params: fit.params };
}

export interface Prediction {
  /** Index into manifest.labels of the most probable label. */
  best: number;
  /** Calibrated probabilities, label order. */
  probabilities: Float64Array;
  /** Word n-grams that pushed most toward `best` (largest positive x·w, summed over the whole text and section blocks), strongest first. */
  evidence: string[];
}

/** A loaded model ready to predict; checks the encoder against the manifest. */
export class TextClassifier {
  readonly model: TrainedModel;
  readonly vectorizer: TfidfVectorizer;
  private readonly encoder: Encoder | undefined;

  constructor(model: TrainedModel, encoder?: Encoder) {
    this.model = model;
    this.vectorizer = new TfidfVectorizer(model.tfidf);
    const wanted = model.manifest.features.encoder;
    if (wanted && (!encoder || encoder.id !== wanted.id || encoder.dimensions !== wanted.dimensions)) {
      throw new JobskillError(
        'ENCODER_MISMATCH',
        `this model was trained with encoder features from "${wanted.id}" (${wanted.dimensions} dims); pass that encoder` +
          (encoder ? `, not "${encoder.id}" (${encoder.dimensions} dims)` : ''),
      );
    }
    this.encoder = wanted ? encoder : undefined;
    const expected = this.vectorizer.dimensions + (wanted?.dimensions ?? 0);
    if (expected !== model.manifest.features.dimensions) {
      throw new JobskillError('MODEL_MISMATCH', `model vocabulary gives ${expected} features but its manifest says ${model.manifest.features.dimensions}`);
    }
  }

  async predict(texts: readonly string[], evidenceSize = 5): Promise<Prediction[]> {
    const { labels, features, calibration } = this.model.manifest;
    const K = labels.length;
    const rows = await featurize(this.vectorizer, texts, this.encoder, features.encoder?.weight ?? 1);
    const hasSections = this.model.tfidf.config.sectionBlocks.length > 0;
    const wordColumns = this.model.tfidf.word.terms.length;
    return rows.map((x) => {
      const z = logitsOf(this.model.params, x, K, features.dimensions);
      for (let k = 0; k < K; k++) z[k]! /= calibration.temperature;
      softmaxInPlace(z);
      let best = 0;
      for (let k = 1; k < K; k++) if (z[k]! > z[best]!) best = k;
      // Word n-grams of the whole text and of the section blocks (a headline word is often the strongest); one entry per term.
      const contributions = new Map<string, number>();
      for (let n = 0; n < x.indices.length; n++) {
        const j = x.indices[n]!;
        if (j >= wordColumns && !hasSections) break;
        const term = j < wordColumns ? this.model.tfidf.word.terms[j] : this.vectorizer.wordTermOf(j);
        if (term === undefined) continue;
        const c = x.values[n]! * this.model.params[j * K + best]!;
        if (c > 0) contributions.set(term, (contributions.get(term) ?? 0) + c);
      }
      const evidence = [...contributions].sort((a, b) => b[1] - a[1]).slice(0, evidenceSize).map(([term]) => term);
      return { best, probabilities: z, evidence };
    });
  }
}
