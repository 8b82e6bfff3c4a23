// title → ESCO occupations, resume ↔ job match
export { OccupationSearch } from './occupation-search.ts';
export type { OccupationHit, OccupationSearchOptions, OccupationSearchInput } from './occupation-search.ts';
export { ResumeMatcher } from './match.ts';
export type { SkillExtractor, SkillMention, ExtractionResult, Importance, CoveredSkill, MissingSkill, MatchResult, MatchOptions, MatchInput } from './match.ts';
export { openDefaultOccupationSearch } from './default.ts';
