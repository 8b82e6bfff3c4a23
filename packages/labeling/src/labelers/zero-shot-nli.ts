import { z } from 'zod';
import { JobskillError, parseOptions } from '@jobskill/data';
import { resolveLabelSet } from '../label-sets.ts';
import { modelLoadError, pretrainedOptions, resolveModel } from '@jobskill/encoders';
import type { Labeler } from '../types.ts';
import { LabelSetOptionSchema } from './options.ts';
import { createProbabilityLabeler } from './probability-labeler.ts';

/** What the transformers.js zero-shot-classification pipeline returns for one text. */
export interface ZeroShotOutput {
  sequence: string;
  labels: string[];
  scores: number[];
}
export type ZeroShotClassifier = ((
  texts: string,
  labels: string[],
  options: { hypothesis_template: string; multi_label: boolean },
) => Promise<ZeroShotOutput>) & { dispose?: () => Promise<void> };

export const ZeroShotNliOptionsSchema = z.object({
  /** Hub id (reference: facebook/bart-large-mnli; e.g. Xenova/nli-deberta-v3-xsmall) or a local HF folder. */
  model: z.string().min(1),
  labelSet: LabelSetOptionSchema,
  dtype: z.enum(['fp32', 'q8']).optional(),
  /** The reference used the pipeline default. */
  hypothesisTemplate: z.string().includes('{}').default('This example is {}.'),
  /** Skills per resume put in the premise (NLI models read ~512 tokens). */
  maxSkills: z.number().int().positive().default(40),
  /** Injected pipeline (tests, custom runtimes); default: transformers.js pipeline('zero-shot-classification', model). */
  classifier: z.custom<ZeroShotClassifier>((v) => typeof v === 'function').optional(),
});
export type ZeroShotNliOptions = z.input<typeof ZeroShotNliOptionsSchema>;

async function loadClassifier(model: string, dtype: 'fp32' | 'q8' | undefined): Promise<ZeroShotClassifier> {
  const resolved = resolveModel(model, dtype, ['model']);
  const { pipeline } = await import('@huggingface/transformers');
  try {
    return (await pipeline('zero-shot-classification', resolved.path, pretrainedOptions(resolved))) as unknown as ZeroShotClassifier;
  } catch (cause) {
    throw modelLoadError(resolved.path, resolved.local, cause);
  }
}

/**
 * NLI zero-shot: the premise is the resume's skills, each role is a hypothesis ("This example is
 * {role}."), single-label softmax over the entailment logits, as the reference ran bart-large-mnli.
 */
export async function createZeroShotNliLabeler(options: ZeroShotNliOptions): Promise<Labeler> {
  const opts = parseOptions(ZeroShotNliOptionsSchema, options, { what: 'zero-shot-nli labeler' });
  const labelSet = resolveLabelSet(opts.labelSet);
  const classifier = opts.classifier ?? (await loadClassifier(opts.model, opts.dtype));
  return createProbabilityLabeler({
    name: 'zero-shot-nli',
    labelSet,
    maxSkills: opts.maxSkills,
    probabilities: async (skills, labels) => {
      const result = await classifier(skills.join(', '), [...labels], {
        hypothesis_template: opts.hypothesisTemplate,
        multi_label: false,
      });
      return labels.map((l) => {
        const at = result.labels.indexOf(l);
        if (at < 0) throw new JobskillError('MODEL_OUTPUT', `zero-shot pipeline returned no score for "${l}"`);
        return result.scores[at]!;
      });
    },
    dispose: async () => classifier.dispose?.(),
  });
}
