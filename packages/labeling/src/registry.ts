import { JobskillError } from '@jobskill/data';
import { createGenerativeLabeler, type GenerativeOptions } from './labelers/generative.ts';
import { createRulesReferenceLabeler, type RulesReferenceOptions } from './labelers/rules-reference.ts';
import { createRulesLabeler, type RulesOptions } from './labelers/rules.ts';
import { createTrainedLabeler, type TrainedLabelerOptions } from './labelers/trained.ts';
import { createZeroShotNliLabeler, type ZeroShotNliOptions } from './labelers/zero-shot-nli.ts';
import { createZeroShotLabeler, type ZeroShotOptions } from './labelers/zero-shot.ts';
import { loadDefaultEncoder } from './default-encoder.ts';
import { loadDefaultClassifier } from './default-classifier.ts';
import type { Labeler } from './types.ts';

/**
 * zero-shot options with the encoder optional: without one, the encoder folder `encoderDir` (else $JOBSKILL_ENCODER,
 * else the embedded encoder) is loaded.
 */
export type ZeroShotFactoryOptions = Omit<ZeroShotOptions, 'encoder'> & { encoder?: ZeroShotOptions['encoder']; encoderDir?: string };
/** trained options with the model optional: without one, the default role classifier artifact is loaded. */
export type TrainedFactoryOptions = Omit<TrainedLabelerOptions, 'model'> & { model?: TrainedLabelerOptions['model'] };

/** Frozen registry: labeler name → async factory. One file per implementation under labelers/. */
export const labelers = Object.freeze({
  'rules-reference': async (options: RulesReferenceOptions = {}): Promise<Labeler> => createRulesReferenceLabeler(options),
  rules: async (options: RulesOptions = {}): Promise<Labeler> => createRulesLabeler(options),
  'zero-shot': async ({ encoderDir, ...options }: ZeroShotFactoryOptions = {}): Promise<Labeler> =>
    createZeroShotLabeler({ ...options, encoder: options.encoder ?? (await loadDefaultEncoder(encoderDir)) }),
  'zero-shot-nli': (options: ZeroShotNliOptions): Promise<Labeler> => createZeroShotNliLabeler(options),
  generative: (options: GenerativeOptions): Promise<Labeler> => createGenerativeLabeler(options),
  trained: async (options: TrainedFactoryOptions = {}): Promise<Labeler> =>
    createTrainedLabeler({ ...options, model: options.model ?? (await loadDefaultClassifier()) }),
});

export type LabelerName = keyof typeof labelers;
export const LABELER_NAMES: readonly LabelerName[] = Object.freeze(Object.keys(labelers) as LabelerName[]);

export interface LabelerOptionsByName {
  'rules-reference': RulesReferenceOptions;
  rules: RulesOptions;
  'zero-shot': ZeroShotFactoryOptions;
  'zero-shot-nli': ZeroShotNliOptions;
  generative: GenerativeOptions;
  trained: TrainedFactoryOptions;
}

export function isLabelerName(name: string): name is LabelerName {
  return Object.hasOwn(labelers, name);
}

/** Creates a labeler by name; an unknown name fails listing the valid ones. */
export async function createLabeler<N extends LabelerName>(name: N, options?: LabelerOptionsByName[N]): Promise<Labeler>;
export async function createLabeler(name: string, options?: unknown): Promise<Labeler>;
export async function createLabeler(name: string, options?: unknown): Promise<Labeler> {
  if (!isLabelerName(name)) {
    throw new JobskillError('UNKNOWN_LABELER', `unknown labeler "${name}"; valid labelers: ${LABELER_NAMES.join(', ')}`);
  }
  const factory = labelers[name] as (o: unknown) => Promise<Labeler>;
  // `trained` without a model loads the default role classifier (MODEL_NOT_BUILT when it is not built).
  const needsModel = name === 'zero-shot-nli' || name === 'generative';
  const given = options as { model?: unknown } | undefined;
  if (needsModel && (given === undefined || given.model === undefined)) {
    throw new JobskillError('INVALID_OPTION', `labeler "${name}" needs a model (a hub id or a local model folder)`);
  }
  return factory(given ?? {});
}
