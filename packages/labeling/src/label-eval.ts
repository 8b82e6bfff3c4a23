import { z } from 'zod';
import { JobskillError, loadLabeledTexts, parseOptions } from '@jobskill/data';
import { accuracy, formatTextTable, stratifiedKFold, type MetricTable } from '@jobskill/eval';
import { loadDefaultEncoder } from './default-encoder.ts';
import { NO_ROLE, scoreLabels, type LabelScores } from './evaluate.ts';
import { createHashingEncoder } from './hashing-encoder.ts';
import { labelSetFromNames } from './label-sets.ts';
import { createZeroShotLabeler } from './labelers/zero-shot.ts';
import { TextClassifier, trainTextClassifier, type LabeledText, type TrainOptions } from './trained/model.ts';
import type { Encoder } from './types.ts';

export const LabelEvalOptionsSchema = z.object({
  file: z.string().min(1),
  textCol: z.string().min(1),
  labelCol: z.string().min(1),
  folds: z.number().int().min(2).default(5),
  /** Input format; inferred from the extension (.parquet, .csv, .tsv, .jsonl) unless given. */
  format: z.enum(['parquet', 'csv', 'tsv', 'jsonl']).optional(),
  seed: z.number().int().default(42),
  /** Encoder for zero-shot; default: the embedded encoder, else the hashing encoder (noted). */
  encoder: z.custom<Encoder>((v) => typeof v === 'object' && v !== null).optional(),
  train: z.custom<TrainOptions>().optional(),
});
export type LabelEvalOptions = z.input<typeof LabelEvalOptionsSchema>;

export interface DedupReport {
  /** Rows loaded (after the loader). */
  rows: number;
  /** Rows removed because their text repeated an earlier row's. */
  duplicatesRemoved: number;
  /** Distinct texts that carried more than one label; the majority label was kept (ties: the label seen first). */
  conflictingTexts: number;
  /** Rows whose label was overruled by the majority of their text's group. */
  conflictingRowsOverruled: number;
}

/** Drops repeated texts (exact match after trimming) before any split, so no text is in train and test. */
export function dedupeLabeledTexts(records: readonly LabeledText[]): { examples: LabeledText[]; report: DedupReport } {
  const groups = new Map<string, string[]>();
  for (const r of records) {
    const key = r.text.trim();
    const g = groups.get(key);
    if (g) g.push(r.label);
    else groups.set(key, [r.label]);
  }
  let conflictingTexts = 0;
  let overruled = 0;
  const examples: LabeledText[] = [];
  for (const [text, labels] of groups) {
    const counts = new Map<string, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    let best = labels[0]!;
    for (const [l, c] of counts) if (c > counts.get(best)!) best = l;
    if (counts.size > 1) {
      conflictingTexts++;
      overruled += labels.length - counts.get(best)!;
    }
    examples.push({ text, label: best });
  }
  return {
    examples,
    report: { rows: records.length, duplicatesRemoved: records.length - groups.size, conflictingTexts, conflictingRowsOverruled: overruled },
  };
}

export interface LabelEvalResult {
  file: string;
  textCol: string;
  labelCol: string;
  skippedRows: number;
  dedup: DedupReport;
  examples: number;
  labels: { label: string; count: number }[];
  folds: number;
  seed: number;
  labelers: (Pick<LabelScores, 'accuracy' | 'f1Macro' | 'f1Weighted'> & { labeler: string; note: string; foldAccuracies?: number[] })[];
}

/**
 * `jobskill label eval`: loads a labeled set, deduplicates identical texts, cross-validates `trained`
 * (stratified k-fold, pooled out-of-fold predictions) and runs `zero-shot` with the dataset's own label
 * names as role descriptions; accuracy, macro and weighted F1 per labeler.
 */
export async function labelEval(options: LabelEvalOptions): Promise<LabelEvalResult> {
  const opts = parseOptions(LabelEvalOptionsSchema, options, { what: 'label eval' });
  const loaded = await loadLabeledTexts(opts.file, {
    textCol: opts.textCol,
    labelCol: opts.labelCol,
    ...(opts.format !== undefined ? { format: opts.format } : {}),
  });
  const { examples, report } = dedupeLabeledTexts(loaded.records);
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const labelNames = [...counts.keys()].sort();
  if (labelNames.length < 2) {
    throw new JobskillError('TOO_FEW_CLASSES', `${opts.file}: column "${opts.labelCol}" has ${labelNames.length} distinct label(s); need at least 2`);
  }
  if (examples.length < opts.folds) {
    throw new JobskillError('TOO_FEW_EXAMPLES', `${opts.file}: ${examples.length} distinct texts cannot make ${opts.folds} folds`);
  }
  const truth = examples.map((e) => e.label);
  const texts = examples.map((e) => e.text);

  const pooled: (string | null)[] = new Array(examples.length).fill(null);
  const foldAccuracies: number[] = [];
  for (const fold of stratifiedKFold(truth, opts.folds, opts.seed)) {
    const model = await trainTextClassifier(
      fold.train.map((i) => examples[i]!),
      { labels: labelNames, calibrationFolds: 0, seed: opts.seed, ...(opts.train ?? {}) },
    );
    const predictions = await new TextClassifier(model).predict(fold.test.map((i) => texts[i]!));
    fold.test.forEach((i, n) => (pooled[i] = labelNames[predictions[n]!.best]!));
    foldAccuracies.push(accuracy(fold.test.map((i) => truth[i]!), fold.test.map((i) => pooled[i] ?? NO_ROLE)));
  }
  const trained = scoreLabels(truth, pooled);

  let encoder = opts.encoder;
  let note = encoder ? `encoder ${encoder.id}` : '';
  let own = false;
  if (!encoder) {
    try {
      encoder = await loadDefaultEncoder();
      note = `embedded encoder ${encoder.id}`;
      own = true;
    } catch (error) {
      encoder = createHashingEncoder();
      note = `hashing encoder (embedded encoder unavailable: ${(error as Error).message})`;
    }
  }
  let zeroShot: LabelScores;
  try {
    // Label names are the only description; 'description' mode always answers one of them.
    const labeler = createZeroShotLabeler({ encoder, labelSet: labelSetFromNames(labelNames), mode: 'description' });
    zeroShot = scoreLabels(truth, (await labeler.label(texts.map((text) => ({ text })))).map((r) => r.role));
  } finally {
    if (own) await encoder.dispose();
  }
  const pickScores = (s: LabelScores) => ({ accuracy: s.accuracy, f1Macro: s.f1Macro, f1Weighted: s.f1Weighted });
  return {
    file: opts.file,
    textCol: opts.textCol,
    labelCol: opts.labelCol,
    skippedRows: loaded.skipped.length,
    dedup: report,
    examples: examples.length,
    labels: labelNames.map((label) => ({ label, count: counts.get(label)! })),
    folds: opts.folds,
    seed: opts.seed,
    labelers: [
      { labeler: 'trained', note: `TF-IDF word+char n-grams, softmax regression, ${opts.folds}-fold CV`, ...pickScores(trained), foldAccuracies },
      { labeler: 'zero-shot', note: `label names only; ${note}`, ...pickScores(zeroShot) },
    ],
  };
}

export function formatLabelEval(result: LabelEvalResult): string {
  const table: MetricTable = {
    rowHeader: 'labeler',
    columns: ['accuracy', 'F1 (macro)', 'F1 (weighted)'],
    rows: result.labelers.map((l) => ({ label: l.labeler, values: [l.accuracy, l.f1Macro, l.f1Weighted] })),
  };
  const d = result.dedup;
  return [
    `Label eval — ${result.file} (text: ${result.textCol}, label: ${result.labelCol})`,
    `${d.rows} rows loaded${result.skippedRows ? `, ${result.skippedRows} skipped by the loader` : ''}; ${d.duplicatesRemoved} duplicate texts removed before splitting` +
      (d.conflictingTexts ? `; ${d.conflictingTexts} texts had conflicting labels (majority kept, ${d.conflictingRowsOverruled} rows overruled)` : '') +
      `; ${result.examples} examples, ${result.labels.length} labels (${result.labels.map((l) => `${l.label} ${l.count}`).join(', ')})`,
    formatTextTable(table, { decimals: 3 }),
    ...result.labelers.map((l) => `  ${l.labeler}: ${l.note}${l.foldAccuracies ? `; fold accuracies ${l.foldAccuracies.map((a) => a.toFixed(3)).join(' ')}` : ''}`),
  ].join('\n');
}
