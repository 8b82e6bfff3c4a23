export type { LabelResult, Labeler, LabelerInput } from './types.ts';
export {
  DEFAULT_LABEL_SET,
  LABEL_SETS,
  LabelSetSchema,
  REFERENCE_LABEL_SET,
  REFERENCE_ROLE_NAMES,
  labelSetFromNames,
  resolveLabelSet,
} from './label-sets.ts';
export type { LabelSet, LabelSetInput, RoleDefinition } from './label-sets.ts';
export { readLabelSetFile } from './label-set-file.ts';
export { LABELER_NAMES, createLabeler, isLabelerName, labelers } from './registry.ts';
export type { LabelerName, LabelerOptionsByName } from './registry.ts';
export { inputFromResume } from './inputs.ts';
export { loadDefaultEncoder } from './default-encoder.ts';
export {
  buildDefaultClassifier,
  defaultClassifierDir,
  defaultClassifierPath,
  loadDefaultClassifier,
} from './default-classifier.ts';
export type { BuildDefaultClassifierOptions, BuildDefaultClassifierResult } from './default-classifier.ts';
export { trainLabelerModel } from './labelers/trained.ts';
export { TextClassifier, trainTextClassifier } from './trained/model.ts';
export { loadTrainedModel, saveTrainedModel } from './trained/model-file.ts';
export { formatLabelEval, labelEval } from './label-eval.ts';
export type { LabelEvalOptions, LabelEvalResult } from './label-eval.ts';
export { labelFile } from './label-file.ts';
export type { LabelFileOptions, LabelFileReport } from './label-file.ts';
