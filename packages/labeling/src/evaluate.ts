import { join } from 'node:path';
import { z } from 'zod';
import { loadResumes, parseOptions } from '@jobskill/data';
import { accuracy, formatTextTable, precisionRecallF1, stratifiedKFold, trainTestSplit, type MetricTable } from '@jobskill/eval';
import { createHashingEncoder } from '@jobskill/encoders';
import { inputFromResume } from './inputs.ts';
import { createRulesReferenceLabeler } from './labelers/rules-reference.ts';
import { createRulesLabeler } from './labelers/rules.ts';
import { createTrainedLabeler, trainLabelerModel } from './labelers/trained.ts';
import { createZeroShotLabeler } from './labelers/zero-shot.ts';
import { loadDefaultEncoder } from './default-encoder.ts';
import type { TrainOptions } from './trained/model.ts';
import type { Encoder, Labeler, LabelerInput } from './types.ts';

/** Shown for a result without a role (no evidence and no fallback), so it counts as wrong. */
export const NO_ROLE = '(none)';

export interface LabelScores {
  accuracy: number;
  precisionWeighted: number;
  recallWeighted: number;
  f1Weighted: number;
  f1Macro: number;
  n: number;
}

/** Accuracy, weighted precision/recall/F1 and macro F1 (sklearn semantics, zero division → 0). */
export function scoreLabels(truth: readonly string[], predicted: readonly (string | null)[]): LabelScores {
  const pred = predicted.map((p) => p ?? NO_ROLE);
  const w = precisionRecallF1(truth, pred, { average: 'weighted' });
  const m = precisionRecallF1(truth, pred, { average: 'macro' });
  return { accuracy: accuracy(truth, pred), precisionWeighted: w.precision, recallWeighted: w.recall, f1Weighted: w.f1, f1Macro: m.f1, n: truth.length };
}

/** Reference figures (../shared/reference/README.md), rule labels as ground truth, on the reference data. */
export const REFERENCE_RESULTS = Object.freeze([
  { system: 'reference roberta-base fine-tuned', split: '31 held out (80/20, random_state 42)', accuracy: 0.6774, f1Weighted: 0.5471, precisionWeighted: null, recallWeighted: null },
  { system: 'reference bart-large-mnli zero-shot', split: 'all 155', accuracy: 0.0968, f1Weighted: 0.111, precisionWeighted: 0.5717, recallWeighted: 0.0968 },
  { system: 'reference flan-t5-small free generation', split: 'all 155', accuracy: null, f1Weighted: null, precisionWeighted: null, recallWeighted: null, note: "144 of 155 answered 'SOC Analyst', the rest junk" },
] as const);

export const RunLabelingEvalOptionsSchema = z.object({
  dataDir: z.string().min(1),
  /** Encoder for `zero-shot`; default: the embedded encoder, else (not built) the hashing encoder, noted. */
  encoder: z.custom<Encoder>((v) => typeof v === 'object' && v !== null).optional(),
  folds: z.number().int().min(2).default(5),
  seed: z.number().int().default(42),
  testSize: z.number().positive().default(0.2),
  /** Options for `trained` (e.g. a smaller feature set to go faster). */
  train: z.custom<TrainOptions>().optional(),
});
export type RunLabelingEvalOptions = z.input<typeof RunLabelingEvalOptionsSchema>;

export interface LabelerEvalRow {
  labeler: string;
  /** What was run, e.g. the encoder behind zero-shot, or why it was not run. */
  note: string;
  split: LabelScores | null;
  cv: (LabelScores & { foldAccuracies: number[] }) | null;
  /** Resumes labeled per second on the whole set (labeling only; training excluded). */
  seconds: number | null;
}

export interface LabelingEvalResult {
  file: string;
  resumes: number;
  withSkills: number;
  /** rules-reference distribution on resumes with skills (the ground truth). */
  truthDistribution: Record<string, number>;
  splitSizes: { train: number; test: number };
  folds: number;
  seed: number;
  rows: LabelerEvalRow[];
  reference: typeof REFERENCE_RESULTS;
}

async function roles(labeler: Labeler, inputs: readonly LabelerInput[]): Promise<(string | null)[]> {
  return (await labeler.label(inputs)).map((r) => r.role);
}

/**
 * The reference protocol on resumes/resumes.parquet: rules-reference labels of the resumes with skills
 * are the ground truth; every offline labeler is scored on a seeded 80/20 split (trained learns on the
 * 80 %) and by stratified k-fold cross-validation (pooled out-of-fold predictions; labelers that do not
 * learn are scored on all resumes, which is what their CV amounts to). Hub-model labelers are listed as
 * not run. The reference figures come along for the side-by-side table.
 */
export async function runLabelingEval(options: RunLabelingEvalOptions): Promise<LabelingEvalResult> {
  const opts = parseOptions(RunLabelingEvalOptionsSchema, options, { what: 'labeling eval' });
  const file = join(opts.dataDir, 'resumes', 'resumes.parquet');
  const { records } = await loadResumes(file);
  const inputs = records.filter((r) => r.hasSkills).map((r) => inputFromResume(r));
  const truth = (await createRulesReferenceLabeler().label(inputs)).map((r) => r.role!);
  const truthDistribution: Record<string, number> = {};
  for (const t of truth) truthDistribution[t] = (truthDistribution[t] ?? 0) + 1;
  const split = trainTestSplit(inputs.length, { testSize: opts.testSize, seed: opts.seed });
  const pick = <T>(xs: readonly T[], idx: readonly number[]): T[] => idx.map((i) => xs[i]!);
  const rows: LabelerEvalRow[] = [];

  const fixed = async (labeler: Labeler, note: string): Promise<void> => {
    const t0 = performance.now();
    const pred = await roles(labeler, inputs);
    const seconds = (performance.now() - t0) / 1000;
    const all = scoreLabels(truth, pred);
    rows.push({ labeler: labeler.name, note, split: scoreLabels(pick(truth, split.test), pick(pred, split.test)), cv: { ...all, foldAccuracies: [] }, seconds });
  };
  await fixed(createRulesReferenceLabeler(), 'the ground truth itself (sanity check)');
  await fixed(createRulesLabeler(), 'whole-token keywords, evidence weighed across roles');

  let encoder = opts.encoder;
  let encoderNote = encoder ? `encoder ${encoder.id}` : '';
  let ownEncoder = false;
  if (!encoder) {
    try {
      encoder = await loadDefaultEncoder();
      encoderNote = `embedded encoder ${encoder.id}`;
      ownEncoder = true;
    } catch (error) {
      encoder = createHashingEncoder();
      encoderNote = `hashing encoder (embedded encoder unavailable: ${(error as Error).message})`;
    }
  }
  try {
    await fixed(createZeroShotLabeler({ encoder }), `no training labels; ${encoderNote}`);
  } finally {
    if (ownEncoder) await encoder.dispose();
  }

  // trained: learns rule labels (rules-reference), as the reference fine-tuned roberta-base did.
  const target = 'rules-reference labels of resumes.parquet';
  // Temperature scaling never changes the argmax, so accuracy/F1 do not need the inner calibration folds.
  const trainOpts: TrainOptions = { calibrationFolds: 0, target, ...(opts.train ?? {}) };
  const trainOn = async (idx: number[]): Promise<Labeler> =>
    createTrainedLabeler({ model: await trainLabelerModel(pick(inputs, idx), pick(truth, idx), trainOpts) });
  const splitLabeler = await trainOn(split.train);
  const splitPred = await roles(splitLabeler, pick(inputs, split.test));
  const cvPred: (string | null)[] = new Array(inputs.length).fill(null);
  const foldAccuracies: number[] = [];
  let labelSeconds = 0;
  for (const fold of stratifiedKFold(truth, opts.folds, opts.seed)) {
    const labeler = await trainOn(fold.train);
    const t0 = performance.now();
    const pred = await roles(labeler, pick(inputs, fold.test));
    labelSeconds += (performance.now() - t0) / 1000;
    fold.test.forEach((i, n) => (cvPred[i] = pred[n]!));
    foldAccuracies.push(accuracy(pick(truth, fold.test), pred.map((p) => p ?? NO_ROLE)));
  }
  rows.push({
    labeler: 'trained',
    note: `TF-IDF word+char n-grams + label-set keyword indicators, softmax regression; trained on ${target}`,
    split: scoreLabels(pick(truth, split.test), splitPred),
    cv: { ...scoreLabels(truth, cvPred), foldAccuracies },
    seconds: labelSeconds,
  });
  for (const name of ['zero-shot-nli', 'generative']) {
    rows.push({ labeler: name, note: 'needs a hub model (offline)', split: null, cv: null, seconds: null });
  }
  return {
    file,
    resumes: records.length,
    withSkills: inputs.length,
    truthDistribution,
    splitSizes: { train: split.train.length, test: split.test.length },
    folds: opts.folds,
    seed: opts.seed,
    rows,
    reference: REFERENCE_RESULTS,
  };
}

/** The eval result as plain-text tables: split and CV side by side with the reference figures. */
export function formatLabelingEval(result: LabelingEvalResult): string {
  const metricCols = ['accuracy', 'precision (w)', 'recall (w)', 'F1 (w)', 'F1 (macro)'];
  const values = (s: LabelScores | null): (number | null)[] =>
    s ? [s.accuracy, s.precisionWeighted, s.recallWeighted, s.f1Weighted, s.f1Macro] : metricCols.map(() => null);
  const splitTable: MetricTable = {
    rowHeader: 'labeler',
    columns: metricCols,
    rows: [
      ...result.rows.map((r) => ({ label: r.labeler, values: values(r.split) })),
      ...result.reference.map((r) => ({ label: r.system, values: [r.accuracy, r.precisionWeighted, r.recallWeighted, r.f1Weighted, null] })),
    ],
  };
  const cvTable: MetricTable = {
    rowHeader: 'labeler',
    columns: metricCols,
    rows: result.rows.map((r) => ({ label: r.labeler, values: values(r.cv) })),
  };
  const dist = Object.entries(result.truthDistribution)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const notes = result.rows.map((r) => {
    const folds = r.cv && r.cv.foldAccuracies.length > 0 ? `; fold accuracies ${r.cv.foldAccuracies.map((a) => a.toFixed(3)).join(' ')}` : '';
    return `  ${r.labeler}: ${r.note}${folds}`;
  });
  return [
    `Role labeling — ${result.file}`,
    `${result.resumes} resumes, ${result.withSkills} with skills; ground truth = rules-reference labels: ${dist}`,
    '',
    `Seeded ${Math.round((result.splitSizes.test / result.withSkills) * 100)}% test split (seed ${result.seed}): train ${result.splitSizes.train}, test ${result.splitSizes.test}. Reference rows: reference data, reference splits.`,
    formatTextTable(splitTable, { decimals: 3, missing: '–' }),
    '',
    `Stratified ${result.folds}-fold cross-validation (pooled out-of-fold predictions; labelers without training: all ${result.withSkills} resumes)`,
    formatTextTable(cvTable, { decimals: 3, missing: '–' }),
    '',
    ...notes,
    ...result.reference.filter((r) => 'note' in r).map((r) => `  ${r.system}: ${(r as { note: string }).note}`),
  ].join('\n');
}
