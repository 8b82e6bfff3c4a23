export type { Encoder, LabelResult, Labeler, LabelerInput } from './types.ts';
export {
  DEFAULT_LABEL_SET,
  LABEL_SETS,
  LabelSetSchema,
  REFERENCE_LABEL_SET,
  REFERENCE_ROLE_NAMES,
  RoleDefinitionSchema,
  labelSetFromNames,
  resolveLabelSet,
} from './label-sets.ts';
export type { LabelSet, LabelSetInput, RoleDefinition, WeightedKeyword } from './label-sets.ts';
export { readLabelSetFile } from './label-set-file.ts';
export { LABELER_NAMES, createLabeler, isLabelerName, labelers } from './registry.ts';
export type { LabelerName, LabelerOptionsByName, TrainedFactoryOptions, ZeroShotFactoryOptions } from './registry.ts';
export { hasNoEvidence, inputFromResume, skillsOf, textOf } from './inputs.ts';
export { createHashingEncoder } from '@jobskill/encoders';
export { loadDefaultEncoder } from './default-encoder.ts';
export {
  BuildDefaultClassifierOptionsSchema,
  CLASSIFIER_MANIFEST_FILE,
  CLASSIFIER_MODEL_FILE,
  buildDefaultClassifier,
  defaultClassifierDir,
  defaultClassifierPath,
  loadDefaultClassifier,
} from './default-classifier.ts';
export type { BuildDefaultClassifierOptions, BuildDefaultClassifierResult } from './default-classifier.ts';

export { RulesReferenceOptionsSchema, createRulesReferenceLabeler } from './labelers/rules-reference.ts';
export type { RulesReferenceOptions } from './labelers/rules-reference.ts';
export { RulesOptionsSchema, compileRules, createRulesLabeler } from './labelers/rules.ts';
export type { RulesOptions } from './labelers/rules.ts';
export { ZeroShotOptionsSchema, createZeroShotLabeler, roleDescription } from './labelers/zero-shot.ts';
export type { ZeroShotOptions } from './labelers/zero-shot.ts';
export { ZeroShotNliOptionsSchema, createZeroShotNliLabeler } from './labelers/zero-shot-nli.ts';
export type { ZeroShotClassifier, ZeroShotNliOptions, ZeroShotOutput } from './labelers/zero-shot-nli.ts';
export { GenerativeOptionsSchema, createGenerativeLabeler, createSeq2SeqScorer, referencePrompt } from './labelers/generative.ts';
export type { CandidateScorer, GenerativeOptions } from './labelers/generative.ts';
export { TrainedLabelerOptionsSchema, createTrainedLabeler, keywordGroupsOf, trainLabelerModel } from './labelers/trained.ts';
export type { TrainedLabelerOptions } from './labelers/trained.ts';

export {
  TRAINED_MODEL_FORMAT,
  TRAINED_MODEL_FORMAT_VERSION,
  TextClassifier,
  TrainOptionsSchema,
  TrainedManifestSchema,
  fitTemperature,
  trainTextClassifier,
  trainingDataHash,
} from './trained/model.ts';
export type { LabeledText, Prediction, TrainOptions, TrainedManifest, TrainedModel } from './trained/model.ts';
export { loadTrainedModel, saveTrainedModel, serializeTrainedModel } from './trained/model-file.ts';
export { TfidfConfigSchema, TfidfVectorizer, fitTfidf } from './trained/tfidf.ts';
export type { SparseVector, TfidfConfig, TfidfState } from './trained/tfidf.ts';

export { NO_ROLE, REFERENCE_RESULTS, RunLabelingEvalOptionsSchema, formatLabelingEval, runLabelingEval, scoreLabels } from './evaluate.ts';
export type { LabelScores, LabelerEvalRow, LabelingEvalResult, RunLabelingEvalOptions } from './evaluate.ts';
export { LabelEvalOptionsSchema, dedupeLabeledTexts, formatLabelEval, labelEval, perClassScores, phrasesOf, withoutHeadline } from './label-eval.ts';
export type { LabelerEvalEntry, PerClassScores } from './label-eval.ts';
export { describeLabelName, DESCRIBED_LABEL_NAMES } from './label-name-descriptions.ts';
export type { DedupReport, LabelEvalOptions, LabelEvalResult } from './label-eval.ts';
export { LabelFileOptionsSchema, OUTPUT_COLUMNS, formatResults, labelFile } from './label-file.ts';
export type { LabelFileOptions, LabelFileReport } from './label-file.ts';
