// Not a stable API: @jobskill/matching/internal is for this repo's scripts, benches and tests; it changes without notice.
export {
  OccupationSearchOptionsSchema,
  validateOccupationTitle,
  MAX_OCCUPATION_TITLE_LENGTH,
} from './occupation-search.ts';
export { MatchOptionsSchema } from './match.ts';
