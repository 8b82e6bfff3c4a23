// title → ESCO occupations, resume ↔ job match
export { OccupationSearch, OccupationSearchOptionsSchema, validateOccupationTitle, MAX_OCCUPATION_TITLE_LENGTH } from './occupation-search.ts';
export type { OccupationHit, OccupationSearchOptions, OccupationSearchInput } from './occupation-search.ts';
export { ResumeMatcher, MatchOptionsSchema } from './match.ts';
export type { SkillExtractor, SkillMention, ExtractionResult, Importance, CoveredSkill, MissingSkill, MatchResult, MatchOptions, MatchInput } from './match.ts';
export { openDefaultOccupationSearch } from './default.ts';
