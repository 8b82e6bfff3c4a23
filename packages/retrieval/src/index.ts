// encoders, vector index, retriever, Task B evaluation
// The encoder stage lives in @jobskill/encoders; these re-exports keep `import … from '@jobskill/retrieval'` working.
export {
  createEncoder,
  isLocalModel as isLocalModelPath,
  hashModelFiles,
  encoders,
  createEncoderByName,
  defaultEncoderDir,
  requireDefaultEncoderDir,
  encoderIdentity,
  encoderOptionsSchema,
  LruCache,
} from '@jobskill/encoders';
export type { EncoderName, EmbeddedEncoderOptions, Encoder, HashedEncoder, EncoderIdentity, EncoderOptions } from '@jobskill/encoders';
export { normalizeJobTitle } from './retriever/title-normalizer.ts';
export { UsearchVectorIndex, checkUsearchFile } from './index/usearch-index.ts';
export { ExactVectorIndex } from './index/exact-index.ts';
export { vectorIndexes, createVectorIndex } from './index/registry.ts';
export type { VectorIndexName } from './index/registry.ts';
export { SkillIndex, skillIndexOptionsSchema } from './index/skill-index.ts';
export type { SkillIndexOptions, SkillMatch, OpenSkillIndexOptions } from './index/skill-index.ts';
export { firstStage, expandQuery } from './retriever/first-stage.ts';
export type { FirstStageOptions, FirstStageResult, FirstStageCandidate, FirstStageSearch, QueryExpansion } from './retriever/first-stage.ts';
export { quantizationSchema, granularitySchema, backendSchema, vectorIndexOptionsSchema } from './index/types.ts';
export type {
  Quantization,
  Granularity,
  VectorIndexBackend,
  VectorIndex,
  VectorMatch,
  VectorIndexOptions,
  IndexManifest,
} from './index/types.ts';
export { corpusFromEsco, corpusFromTaskB, corpusHash } from './corpus/corpus.ts';
export type { CorpusSkill, SkillCorpus } from './corpus/corpus.ts';
export {
  SkillRetriever,
  MAX_TITLE_LENGTH,
  MAX_CACHED_K,
  validateTitle,
  retrieverOptionsSchema,
  searchOptionsSchema,
} from './retriever/skill-retriever.ts';
export type {
  RetrieverOptions,
  SearchOptions,
  SkillHit,
  SkillHitEvidence,
  CreateRetrieverOptions,
} from './retriever/skill-retriever.ts';
export { checkTaskBEvaluable, evalTaskB, taskBSummary, formatTaskBTable, taskBMetricTable, taskBReportTables, TASK_B_METRICS, TASK_B_SUMMARY_METRICS } from './taskb/eval-taskb.ts';
export type { EvalTaskBOptions, TaskBEvaluation, TaskBSystemResult } from './taskb/eval-taskb.ts';
export { bm25System, retrieverSystem, defaultTaskBSystems, sharedSkillIndex } from './taskb/systems.ts';
export type { TaskBSystem, TaskBContext, RetrieverSystemOptions, DefaultSystemsOptions } from './taskb/systems.ts';
export { GraphEvidenceReranker, GraphEvidenceRerankerOptionsSchema } from './rerank/graph-evidence-reranker.ts';
export type { GraphEvidenceRerankerOptions } from './rerank/graph-evidence-reranker.ts';
export { DEFAULT_TASKB_DIRS, RunTaskBEvalOptionsSchema, runTaskBEval } from './taskb/run-taskb-eval.ts';
export type { RunTaskBEvalOptions, TaskBEvalReport, TaskBProgress } from './taskb/run-taskb-eval.ts';
// what the product serves (CLI skills / index build / model build, HTTP API)
export {
  BuildDefaultIndexOptionsSchema,
  DefaultSkillSearchOptionsSchema,
  ESCO_CORPUS_NAME,
  buildDefaultIndex,
  defaultIndexDir,
  defaultIndexDirFor,
  escoSkillCorpus,
  escoGeneralSkills,
  openDefaultSkillSearch,
} from './serve/default-skill-search.ts';
export { ESCO_CORPUS_SNAPSHOT_FILE, loadEscoCorpus, saveEscoCorpusSnapshot } from './serve/esco-corpus-snapshot.ts';
export { precomputeServedArtifacts } from './serve/precompute.ts';
export type { BuildDefaultIndexOptions, BuildDefaultIndexResult, DefaultSkillSearch, DefaultSkillSearchOptions } from './serve/default-skill-search.ts';
export { BuildDefaultRerankerOptionsSchema, buildDefaultReranker } from './training/default-reranker.ts';
export type { BuildDefaultRerankerOptions, BuildDefaultRerankerResult } from './training/default-reranker.ts';
// lexical, graph evidence, re-rankers
export { Bm25Index, Bm25OptionsSchema, tokenize } from './lexical/bm25.ts';
export type { Bm25Options, Bm25Document, Bm25Hit } from './lexical/bm25.ts';
export { createReranker, rerankers, RerankerOptionsSchema } from './rerank/registry.ts';
export type { RerankerOptions, RerankerFactory, RerankerName } from './rerank/registry.ts';
export type { Reranker, RerankCandidate, PreparedCandidate, RerankQueryContext } from './rerank/types.ts';
export { CrossEncoderReranker, createCrossEncoderReranker } from './rerank/cross-encoder.ts';
export { LtrReranker, createEmbeddedReranker, defaultRerankerDir, resolveRerankerDir, readLtrModel, writeLtrModel } from './rerank/ltr-reranker.ts';
export { LTR_FEATURES, LtrFeatureExtractor } from './rerank/ltr-features.ts';
export type { LtrFeatureName } from './rerank/ltr-features.ts';
export { LtrModelFileSchema } from './rerank/ltr-model.ts';
export type { LtrModelFile } from './rerank/ltr-model.ts';
export { trainLtrModel, LtrTrainOptionsSchema } from './training/ltr-train.ts';
export type { LtrTrainOptions, LtrTrainingReport } from './training/ltr-train.ts';
export { EscoGraph, loadEscoGraph, escoPaths, SKILL_TYPES, REUSE_LEVELS } from './graph/esco-graph.ts';
export type { EscoGraphInput, GraphSkill, GraphOccupation } from './graph/esco-graph.ts';
export { EncoderOccupationMatcher, TokenOccupationMatcher, defaultMatcherCacheDir, graphEvidence, graphScore, GraphEvidenceOptionsSchema } from './graph/evidence.ts';
export type { GraphEvidence, GraphEvidenceOptions, SkillEvidence } from './graph/evidence.ts';
// Calibrated confidence of a skill search (vocabulary coverage + raw cosine)
export { EncoderVocabulary, assessSearch, calibratedSkillScore, withConfidence } from './confidence.ts';
export type { SearchConfidence, WordCoverage, ConfidenceCalibration } from './confidence.ts';
export { SKILL_CONFIDENCE_CALIBRATION } from './confidence-calibration.ts';
