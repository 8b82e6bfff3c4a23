import { z } from 'zod';
import { JobskillError, hasText, iterateDocuments, loadLabeledTexts, parseOptions, parseResumeSections, type DocumentLoadSummary, type LoadedDocument } from '@jobskill/data';
import { accuracy, formatTextTable, perClassScores as evalPerClassScores, stratifiedKFold, type ClassScores, type MetricTable } from '@jobskill/eval';
import { loadDefaultEncoder } from './default-encoder.ts';
import { NO_ROLE, scoreLabels, type LabelScores } from './evaluate.ts';
import { createHashingEncoder } from '@jobskill/encoders';
import { describeLabelName } from './label-name-descriptions.ts';
import { resolveLabelSet } from './label-sets.ts';
import { createZeroShotLabeler } from './labelers/zero-shot.ts';
import { TextClassifier, trainTextClassifier, type LabeledText, type TrainOptions } from './trained/model.ts';
import { SectionBlockSchema, type SectionBlock } from './trained/tfidf.ts';
import type { Encoder } from './types.ts';

export const LabelEvalOptionsSchema = z.object({
  /** A labeled table (labelFrom 'column'), or a folder of label folders of documents (labelFrom 'folder'). */
  file: z.string().min(1),
  textCol: z.string().min(1).optional(),
  labelCol: z.string().min(1).optional(),
  /** 'folder': `file` is a folder of folders of PDF/DOCX/text documents; the folder name is the label. */
  labelFrom: z.enum(['column', 'folder']).default('column'),
  /** Progress of document loading (labelFrom 'folder'). */
  onProgress: z.custom<(done: number, total: number) => void>((v) => typeof v === 'function').optional(),
  folds: z.number().int().min(2).default(5),
  /** Input format; inferred from the extension (.parquet, .csv, .tsv, .jsonl) unless given. */
  format: z.enum(['parquet', 'csv', 'tsv', 'jsonl']).optional(),
  seed: z.number().int().default(42),
  /** Encoder for zero-shot; default: the embedded encoder, else the hashing encoder (noted). */
  encoder: z.custom<Encoder>((v) => typeof v === 'object' && v !== null).optional(),
  train: z.custom<TrainOptions>().optional(),
  /**
   * TF-IDF blocks of their own for parts of each resume (`parseResumeSections`), beside the whole text, for `trained`.
   * Default: `RESUME_SECTION_BLOCKS` for documents (labelFrom 'folder'), none for a table's text column.
   */
  sectionBlocks: z.array(SectionBlockSchema).optional(),
  /**
   * `zero-shot` weight of the headline (the candidate's own title) against the rest of the text, for documents;
   * default: the labeler's `titleWeight` (1). 0 scores the phrases only.
   */
  titleWeight: z.number().min(0).optional(),
});
export type LabelEvalOptions = z.input<typeof LabelEvalOptionsSchema>;

/**
 * The section blocks `trained` gets in `labelEval` on documents: the headline, the experience job titles and the skills
 * section. A resume's role is mostly said by the titles the candidate gives themself; in the whole-text block those few
 * words drown in a page of duties (the headline is a fraction of a percent of a resume's words). Each block is
 * L2-normalized and weighs 1, the same as the whole text (no weight tuned). Measured on resumes_pdf_categories (5-fold,
 * seed 42, the mulberry32 folds, macro-F1): whole text only 0.532, + headline 0.701, + experience titles 0.721, + skills section 0.728.
 */
export const RESUME_SECTION_BLOCKS: readonly SectionBlock[] = Object.freeze([
  SectionBlockSchema.parse({ field: 'headline' }),
  SectionBlockSchema.parse({ field: 'experienceTitles' }),
  SectionBlockSchema.parse({ field: 'skills' }),
]);

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

/** Per-label precision, recall, F1 and support (@jobskill/eval's `ClassScores`). */
export type PerClassScores = ClassScores;

export interface LabelerEvalEntry extends Pick<LabelScores, 'accuracy' | 'f1Macro' | 'f1Weighted'> {
  labeler: string;
  /** 'whole text', or 'without headline' (the first line, the candidate's own title, removed). */
  variant: string;
  note: string;
  foldAccuracies?: number[];
  perClass: PerClassScores[];
}

export interface LabelEvalResult {
  file: string;
  textCol: string;
  labelCol: string;
  /** Documents read (labelFrom 'folder'): counts and every document without text, by name and reason. */
  documents?: DocumentLoadSummary & { failures: { file: string; reason: string; message: string }[] };
  skippedRows: number;
  dedup: DedupReport;
  examples: number;
  labels: { label: string; count: number }[];
  folds: number;
  seed: number;
  labelers: LabelerEvalEntry[];
}

export function perClassScores(labels: readonly string[], truth: readonly string[], predicted: readonly (string | null)[]): PerClassScores[] {
  // @jobskill/eval's per-label scores over the label set; an abstention (null) predicts no label of it (NO_ROLE).
  return evalPerClassScores(truth, predicted.map((p) => p ?? NO_ROLE), { labels: [...labels] });
}

/** The text without its headline line (as found by parseResumeSections), to see how much a model reads off the title. */
export function withoutHeadline(text: string): string {
  const headline = parseResumeSections(text).sections.find((s) => s.kind === 'headline');
  return headline ? (text.slice(0, headline.start) + text.slice(headline.end)).trim() : text;
}

/** Short phrases of a document (lines and comma-separated items) — what zero-shot compares with role descriptions. */
export function phrasesOf(text: string, max = 128): string[] {
  const out = new Set<string>();
  for (const raw of text.split(/[\n,;•]+/)) {
    const p = raw.trim();
    if (p.length >= 3 && p.length <= 100) out.add(p);
    if (out.size >= max) break;
  }
  return [...out];
}

async function loadDocumentExamples(folder: string, onProgress?: (done: number, total: number) => void) {
  const docs: LoadedDocument[] = [];
  for await (const d of iterateDocuments(folder, { labelFrom: 'folder', ...(onProgress ? { onProgress: (p) => onProgress(p.done, p.total) } : {}) })) docs.push(d);
  const failures = docs.filter((d) => !hasText(d)).map((d) => ({ file: d.file, reason: (d as { noText: { reason: string } }).noText.reason, message: (d as { noText: { message: string } }).noText.message }));
  const byReason: Record<string, number> = {};
  for (const f of failures) byReason[f.reason] = (byReason[f.reason] ?? 0) + 1;
  const records = docs.filter(hasText).map((d) => ({ text: d.text, label: d.label! }));
  const pages = docs.reduce((a, d) => a + d.pages, 0);
  return { records, documents: { total: docs.length, withText: records.length, noText: failures.length, byReason, pages, failures } };
}

/**
 * `jobskill label eval`: loads a labeled set, deduplicates identical texts, cross-validates `trained`
 * (stratified k-fold, pooled out-of-fold predictions) and runs `zero-shot` with the dataset's own label
 * names as role descriptions; accuracy, macro and weighted F1 per labeler.
 */
export async function labelEval(options: LabelEvalOptions): Promise<LabelEvalResult> {
  const opts = parseOptions(LabelEvalOptionsSchema, options, { what: 'label eval' });
  let records: LabeledText[];
  let skippedRows = 0;
  let documents: LabelEvalResult['documents'];
  if (opts.labelFrom === 'folder') {
    const loadedDocs = await loadDocumentExamples(opts.file, opts.onProgress);
    records = loadedDocs.records;
    documents = loadedDocs.documents as LabelEvalResult['documents'];
  } else {
    if (opts.textCol === undefined || opts.labelCol === undefined) {
      throw new JobskillError('INVALID_OPTION', `${opts.file}: a labeled table needs textCol and labelCol (or labelFrom 'folder' for a folder of label folders)`);
    }
    const loaded = await loadLabeledTexts(opts.file, {
      textCol: opts.textCol,
      labelCol: opts.labelCol,
      ...(opts.format !== undefined ? { format: opts.format } : {}),
    });
    records = loaded.records;
    skippedRows = loaded.skipped.length;
  }
  const { examples, report } = dedupeLabeledTexts(records);
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const labelNames = [...counts.keys()].sort();
  if (labelNames.length < 2) {
    throw new JobskillError('TOO_FEW_CLASSES', `${opts.file}: ${opts.labelFrom === 'folder' ? 'label folders give' : `column "${opts.labelCol}" has`} ${labelNames.length} distinct label(s); need at least 2`);
  }
  if (examples.length < opts.folds) {
    throw new JobskillError('TOO_FEW_EXAMPLES', `${opts.file}: ${examples.length} distinct texts cannot make ${opts.folds} folds`);
  }
  const truth = examples.map((e) => e.label);
  const variants: { name: string; texts: string[] }[] = [{ name: 'whole text', texts: examples.map((e) => e.text) }];
  if (opts.labelFrom === 'folder') variants.push({ name: 'without headline', texts: examples.map((e) => withoutHeadline(e.text)) });
  const folds = stratifiedKFold(truth, opts.folds, opts.seed);

  const sectionBlocks = opts.sectionBlocks ?? (opts.labelFrom === 'folder' ? [...RESUME_SECTION_BLOCKS] : []);
  const crossValidate = async (texts: string[]) => {
    const pooled: (string | null)[] = new Array(examples.length).fill(null);
    const foldAccuracies: number[] = [];
    for (const fold of folds) {
      const model = await trainTextClassifier(
        fold.train.map((i) => ({ text: texts[i]!, label: truth[i]! })),
        { labels: labelNames, calibrationFolds: 0, seed: opts.seed, tfidf: { sectionBlocks }, ...(opts.train ?? {}) },
      );
      const predictions = await new TextClassifier(model).predict(fold.test.map((i) => texts[i]!));
      fold.test.forEach((i, n) => (pooled[i] = labelNames[predictions[n]!.best]!));
      foldAccuracies.push(accuracy(fold.test.map((i) => truth[i]!), fold.test.map((i) => pooled[i] ?? NO_ROLE)));
    }
    return { pooled, foldAccuracies };
  };
  const trainedRuns: { variant: string; pooled: (string | null)[]; foldAccuracies: number[] }[] = [];
  for (const v of variants) trainedRuns.push({ variant: v.name, ...(await crossValidate(v.texts)) });

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
  const zeroShotRuns: { variant: string; predicted: (string | null)[] }[] = [];
  try {
    // Label names are the only supervision: each name is expanded to a generic role description
    // (label-name-descriptions.ts); 'description' mode always answers one of them.
    const labelSet = resolveLabelSet({
      name: 'label-names',
      roles: labelNames.map((label) => ({ label, definingSkills: describeLabelName(label).terms })),
      fallback: null,
    });
    const labeler = createZeroShotLabeler({
      encoder,
      labelSet,
      mode: 'description',
      maxSkills: 128,
      ...(opts.titleWeight !== undefined ? { titleWeight: opts.titleWeight } : {}),
    });
    for (const v of variants) {
      // Documents: the phrases are the "skills"; the headline (the candidate's own title) is weighed apart.
      const inputs = v.texts.map((text) =>
        opts.labelFrom === 'folder' ? { text, skills: phrasesOf(text), title: parseResumeSections(text).headline } : { text },
      );
      zeroShotRuns.push({ variant: v.name, predicted: (await labeler.label(inputs)).map((r) => r.role) });
    }
  } finally {
    if (own) await encoder.dispose();
  }
  const pickScores = (s: LabelScores) => ({ accuracy: s.accuracy, f1Macro: s.f1Macro, f1Weighted: s.f1Weighted });
  return {
    file: opts.file,
    textCol: opts.textCol ?? (opts.labelFrom === 'folder' ? '(document text)' : ''),
    labelCol: opts.labelCol ?? (opts.labelFrom === 'folder' ? '(folder name)' : ''),
    ...(documents ? { documents } : {}),
    skippedRows,
    dedup: report,
    examples: examples.length,
    labels: labelNames.map((label) => ({ label, count: counts.get(label)! })),
    folds: opts.folds,
    seed: opts.seed,
    labelers: [
      ...trainedRuns.map((r) => ({
        labeler: 'trained',
        variant: r.variant,
        note: `TF-IDF word+char n-grams${sectionBlocks.length ? ` + blocks for ${sectionBlocks.map((b) => b.field).join(', ')}` : ''}, softmax regression, ${opts.folds}-fold stratified CV`,
        ...pickScores(scoreLabels(truth, r.pooled)),
        foldAccuracies: r.foldAccuracies,
        perClass: perClassScores(labelNames, truth, r.pooled),
      })),
      ...zeroShotRuns.map((r) => ({
        labeler: 'zero-shot',
        variant: r.variant,
        note: `label names only, expanded to generic role descriptions${opts.labelFrom === 'folder' ? `, headline weighed apart (title weight ${opts.titleWeight ?? 1})` : ''}; ${note}`,
        ...pickScores(scoreLabels(truth, r.predicted)),
        perClass: perClassScores(labelNames, truth, r.predicted),
      })),
    ],
  };
}

export function formatLabelEval(result: LabelEvalResult): string {
  const name = (l: LabelerEvalEntry) => (result.documents ? `${l.labeler} (${l.variant})` : l.labeler);
  const table: MetricTable = {
    rowHeader: 'labeler',
    columns: ['accuracy', 'F1 (macro)', 'F1 (weighted)'],
    rows: result.labelers.map((l) => ({ label: name(l), values: [l.accuracy, l.f1Macro, l.f1Weighted] })),
  };
  const d = result.dedup;
  const docs = result.documents;
  const perClass: MetricTable = {
    rowHeader: 'label (support)',
    columns: result.labelers.map((l) => `F1 ${name(l)}`),
    rows: result.labels.map((c, i) => ({ label: `${c.label} (${result.labelers[0]?.perClass[i]?.support ?? c.count})`, values: result.labelers.map((l) => l.perClass[i]!.f1) })),
  };
  return [
    `Label eval — ${result.file} (text: ${result.textCol}, label: ${result.labelCol})`,
    ...(docs
      ? [
          `${docs.total} documents read, ${docs.pages} pages; ${docs.withText} with text, ${docs.noText} without${docs.noText ? ` (${Object.entries(docs.byReason).map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`,
          ...docs.failures.map((f) => `  no text: ${f.file}: ${f.reason} (${f.message})`),
        ]
      : []),
    `${d.rows} rows loaded${result.skippedRows ? `, ${result.skippedRows} skipped by the loader` : ''}; ${d.duplicatesRemoved} duplicate texts removed before splitting` +
      (d.conflictingTexts ? `; ${d.conflictingTexts} texts had conflicting labels (majority kept, ${d.conflictingRowsOverruled} rows overruled)` : '') +
      `; ${result.examples} examples, ${result.labels.length} labels (${result.labels.map((l) => `${l.label} ${l.count}`).join(', ')})`,
    formatTextTable(table, { decimals: 3 }),
    ...result.labelers.map((l) => `  ${name(l)}: ${l.note}${l.foldAccuracies ? `; fold accuracies ${l.foldAccuracies.map((a) => a.toFixed(3)).join(' ')}` : ''}`),
    '',
    'Per class (F1):',
    formatTextTable(perClass, { decimals: 3 }),
  ].join('\n');
}
