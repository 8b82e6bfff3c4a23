// Not a stable API: @jobskill/labeling/internal is for this repo's scripts, benches and tests; it changes without notice.
export type { Encoder } from './types.ts';
export { RoleDefinitionSchema } from './label-sets.ts';
export type { WeightedKeyword } from './label-sets.ts';
export type { TrainedFactoryOptions, ZeroShotFactoryOptions } from './registry.ts';
export { hasNoEvidence, skillsOf, textOf } from './inputs.ts';
export {
  BuildDefaultClassifierOptionsSchema,
  CLASSIFIER_MANIFEST_FILE,
  CLASSIFIER_MODEL_FILE,
} from './default-classifier.ts';
export { RulesReferenceOptionsSchema, createRulesReferenceLabeler } from './labelers/rules-reference.ts';
export type { RulesReferenceOptions } from './labelers/rules-reference.ts';
export { RulesOptionsSchema, compileRules, createRulesLabeler } from './labelers/rules.ts';
export type { RulesOptions } from './labelers/rules.ts';
export { ZeroShotOptionsSchema, createZeroShotLabeler, roleDescription } from './labelers/zero-shot.ts';
export type { ZeroShotOptions } from './labelers/zero-shot.ts';
export { ZeroShotNliOptionsSchema, createZeroShotNliLabeler } from './labelers/zero-shot-nli.ts';
export type { ZeroShotClassifier, ZeroShotNliOptions, ZeroShotOutput } from './labelers/zero-shot-nli.ts';
export {
  GenerativeOptionsSchema,
  createGenerativeLabeler,
  createSeq2SeqScorer,
  referencePrompt,
} from './labelers/generative.ts';
export type { CandidateScorer, GenerativeOptions } from './labelers/generative.ts';
export { TrainedLabelerOptionsSchema, createTrainedLabeler, keywordGroupsOf } from './labelers/trained.ts';
export type { TrainedLabelerOptions } from './labelers/trained.ts';
export {
  TRAINED_MODEL_FORMAT,
  TRAINED_MODEL_FORMAT_VERSION,
  TrainOptionsSchema,
  TrainedManifestSchema,
  fitTemperature,
  trainingDataHash,
} from './trained/model.ts';
export type { LabeledText, Prediction, TrainOptions, TrainedManifest, TrainedModel } from './trained/model.ts';
export { serializeTrainedModel } from './trained/model-file.ts';
export { SECTION_FIELDS, SectionBlockSchema, TfidfConfigSchema, TfidfVectorizer, fitTfidf, sectionFieldText } from './trained/tfidf.ts';
export type { SectionBlock, SectionField, SparseVector, TfidfConfig, TfidfState } from './trained/tfidf.ts';
export {
  NO_ROLE,
  REFERENCE_RESULTS,
  RunLabelingEvalOptionsSchema,
  formatLabelingEval,
  runLabelingEval,
  scoreLabels,
} from './evaluate.ts';
export type { LabelScores, LabelerEvalRow, LabelingEvalResult, RunLabelingEvalOptions } from './evaluate.ts';
export {
  LabelEvalOptionsSchema,
  RESUME_SECTION_BLOCKS,
  dedupeLabeledTexts,
  perClassScores,
  phrasesOf,
  withoutHeadline,
} from './label-eval.ts';
export type { LabelerEvalEntry, PerClassScores } from './label-eval.ts';
export { describeLabelName, DESCRIBED_LABEL_NAMES } from './label-name-descriptions.ts';
export type { DedupReport } from './label-eval.ts';
export { LabelFileOptionsSchema, OUTPUT_COLUMNS, formatResults } from './label-file.ts';
