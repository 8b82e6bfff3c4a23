import { z } from 'zod';
import { JobskillError, parseOptions } from '@jobskill/data';
import { resolveLabelSet, type LabelSet } from '../label-sets.ts';
import { hasNoEvidence, textOf } from '../inputs.ts';
import { pickBest } from '../results.ts';
import { loadTrainedModel } from '../trained/model-file.ts';
import { TextClassifier, trainTextClassifier, type TrainOptions, type TrainedModel } from '../trained/model.ts';
import type { Encoder, LabelResult, Labeler, LabelerInput } from '../types.ts';
import { EncoderOptionSchema } from './options.ts';

export const TrainedLabelerOptionsSchema = z.object({
  /** A trained model, or the path of a model file written by saveTrainedModel. */
  model: z.union([z.string().min(1), z.custom<TrainedModel>((v) => typeof v === 'object' && v !== null && 'manifest' in v)]),
  /** Required when the model was trained with encoder features (same encoder id and size). */
  encoder: EncoderOptionSchema.optional(),
  /** Overrides the model's abstain threshold. */
  abstainThreshold: z.number().min(0).max(1).optional(),
});
export type TrainedLabelerOptions = z.input<typeof TrainedLabelerOptionsSchema>;

/** The label set's reference keywords as keyword-indicator feature groups (one group per role with keywords). */
export function keywordGroupsOf(labelSet: LabelSet): { name: string; terms: string[] }[] {
  return labelSet.roles
    .filter((r) => r.substringKeywords.length > 0)
    .map((r) => ({ name: r.label, terms: [...r.substringKeywords] }));
}

/**
 * Trains a `trained` labeler model on labeled resumes. With a label set (default: the reference roles),
 * its roles are the model's labels, its fallback the abstain role and, unless `keywordFeatures: false`,
 * its rule keywords become indicator features beside the TF-IDF n-grams.
 */
export async function trainLabelerModel(
  inputs: readonly LabelerInput[],
  labels: readonly string[],
  options: TrainOptions & { labelSet?: string | LabelSet; keywordFeatures?: boolean } = {},
): Promise<TrainedModel> {
  if (inputs.length !== labels.length) {
    throw new JobskillError('LENGTH_MISMATCH', `${inputs.length} inputs but ${labels.length} labels`);
  }
  const { labelSet: labelSetOption, keywordFeatures = true, ...train } = options;
  const labelSet = resolveLabelSet(labelSetOption);
  const examples = inputs.map((input, i) => ({ text: textOf(input), label: labels[i]! })).filter((e) => e.text.trim() !== '');
  const empty = inputs.length - examples.length;
  if (empty > 0) throw new JobskillError('NO_EVIDENCE', `${empty} training inputs have no skills or text; drop them before training`);
  return trainTextClassifier(examples, {
    labels: labelSet.roles.map((r) => r.label),
    fallback: labelSet.fallback,
    ...train,
    tfidf: { ...(train.tfidf ?? {}), ...(keywordFeatures ? { keywordGroups: keywordGroupsOf(labelSet) } : {}) },
  });
}

/**
 * The `trained` labeler: a saved (or in-memory) TF-IDF softmax-regression model. Score = calibrated
 * probability; below the abstain threshold the result is the fallback role flagged `abstained`;
 * evidence = the word n-grams that pushed most toward the chosen role.
 */
export async function createTrainedLabeler(options: TrainedLabelerOptions): Promise<Labeler> {
  const opts = parseOptions(TrainedLabelerOptionsSchema, options, { what: 'trained labeler' });
  const model = typeof opts.model === 'string' ? await loadTrainedModel(opts.model) : opts.model;
  const classifier = new TextClassifier(model, opts.encoder as Encoder | undefined);
  const { labels, fallback } = model.manifest;
  const threshold = opts.abstainThreshold ?? model.manifest.abstainThreshold;
  const name = 'trained';

  const label = async (inputs: readonly LabelerInput[]): Promise<LabelResult[]> => {
    const withText = inputs.map((input, i) => ({ i, text: hasNoEvidence(input) ? '' : textOf(input) })).filter((e) => e.text !== '');
    const predictions = await classifier.predict(withText.map((e) => e.text));
    const byInput = new Map(withText.map((e, n) => [e.i, predictions[n]!]));
    return inputs.map((input, i): LabelResult => {
      const id = input.id !== undefined ? { id: input.id } : {};
      const p = byInput.get(i);
      const scores: Record<string, number> = {};
      labels.forEach((l, k) => (scores[l] = p ? p.probabilities[k]! : 0));
      if (!p) return { ...id, role: fallback, score: 0, scores, evidence: [], labeler: name, noEvidence: true };
      const { index, ties } = pickBest(labels, p.probabilities);
      const score = p.probabilities[index]!;
      const abstained = score < threshold;
      return {
        ...id,
        role: abstained ? fallback : labels[index]!,
        score,
        scores,
        evidence: p.evidence,
        labeler: name,
        noEvidence: false,
        ...(abstained ? { abstained: true } : {}),
        ...(ties.length > 0 ? { ties: ties.map((t) => labels[t]!) } : {}),
      };
    });
  };
  return Object.freeze({ name, labels, label, model });
}
