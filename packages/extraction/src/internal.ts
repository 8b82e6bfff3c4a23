// Not a stable API: @jobskill/extraction/internal is for this repo's scripts, benches and tests; it changes without notice.
export { ExtractOptionsSchema, MAX_TEXT_LENGTH } from './types.ts';
export { parseExtractOptions, validateText } from './validate.ts';
export { tokenize, normalizeWord, normalizeLabel } from './normalize.ts';
export type { Token } from './normalize.ts';
export { candidatePhrases } from './candidates.ts';
export type { CandidatePhrase } from './candidates.ts';
export { LexicalMatcher } from './lexical.ts';
export type { LexicalHit, LexicalMatcherOptions } from './lexical.ts';
export { extractionSkillsFromEsco } from './skills.ts';
export type { ExtractionSkill, AliasKind } from './skills.ts';
export {
  DEFAULT_FUSION,
  DEFAULT_K,
  DEFAULT_THRESHOLDS,
  LEARNED_COMBINED_THRESHOLD,
  LEXICAL_KIND_SCORE,
} from './extractor.ts';
export {
  DEFAULT_LOGISTIC_FUSION,
  FUSION_FEATURES,
  logisticScore,
  skillFrequencies,
  skillPriorFromCounts,
} from './fusion.ts';
export type { LogisticFusion, FusionFeature, FusionInput } from './fusion.ts';
export type { FusionWeights, ExtractionEngineParts } from './extractor.ts';
export { OpenExtractorOptionsSchema, pieceListsFile } from './open-default.ts';
export { loadSkillBenchmark, rankingMetrics, topIndices, NON_SKILL_LABELS } from './benchmark.ts';
export type { BenchmarkSentence, LoadedBenchmark } from './benchmark.ts';
export { evalSentences } from './eval.ts';
export { buildDevSet, DEFAULT_DEV_SET } from './dev-set.ts';
export type { DevSetOptions } from './dev-set.ts';
export { DenseScorer, DEFAULT_DENSE_SCORER_OPTIONS } from './dense.ts';
export type { TokenTable, DenseScorerOptions, PhraseVectors } from './dense.ts';
export { openStaticTokenTable } from './static-table.ts';
