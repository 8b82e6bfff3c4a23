// ONNX writer
export { OnnxGraph, OnnxAttribute, onnxTensor, encodeOnnxModel, decodeOnnxModel } from './onnx/graph.ts';
export type { EncodeOnnxModelOptions } from './onnx/graph.ts';
// HF folders
export { writeHfModelFolder } from './hf/folder.ts';
export type { HfModelFolder } from './hf/folder.ts';
export { BERT_SPECIAL_TOKENS } from './hf/wordpiece-tokenizer.ts';
export { writeStaticEmbeddingModel } from './hf/static-embedding-model.ts';
export type { StaticEmbeddingModelOptions } from './hf/static-embedding-model.ts';
// Tiny test models
export { writeTinyFeatureExtractionModel } from './tiny/feature-extraction.ts';
export type { TinyFeatureExtractionOptions } from './tiny/feature-extraction.ts';
export { writeTinySequenceClassificationModel } from './tiny/sequence-classification.ts';
export type { TinySequenceClassificationOptions } from './tiny/sequence-classification.ts';
export { writeTinySeq2SeqModel } from './tiny/seq2seq.ts';
export type { TinySeq2SeqOptions } from './tiny/seq2seq.ts';
// Static encoder builds (one recipe: scripts/experiment.ts; the embedded ones: scripts/build-embedded-encoders.ts)
export {
  defaultEncoderDir,
  heldOutEncoderDir,
  DEFAULT_ENCODER_NAME,
  HELD_OUT_ENCODER_NAME,
} from './static-encoder/paths.ts';
export { perturbTitle } from './static-encoder/title-augment.ts';
// The embedded default: a merged ensemble of static encoders (scripts/build-embedded-encoders.ts)
export { buildEmbeddedEncoders } from './static-encoder/build-ensemble.ts';
export type { EmbeddedEncoderBuild } from './static-encoder/build-ensemble.ts';
export { techWolfDevDir } from './static-encoder/job-ad-pairs.ts';
// Small fits done at build time (calibrations, fusions)
export { fitLogisticRegression, logisticLoss } from './fit/logistic-regression.ts';
export type { LogisticRegressionFit } from './fit/logistic-regression.ts';
