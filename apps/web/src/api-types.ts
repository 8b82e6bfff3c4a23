/** Shapes of the API answers the page reads (apps/api/src/schemas.ts and the contracts in docs/ARCHITECTURE.md). */

export type Importance = 'core' | 'contextual';

export interface SkillHit {
  rank: number;
  uri: string;
  label: string;
  score: number;
  /** Present once the server ranks core vs contextual skills. */
  importance?: Importance;
  evidence: {
    stage: string;
    firstStageScore?: number;
    firstStageRank?: number;
    rerankScore?: number;
    bestAlias?: string;
    bestAliasScore?: number;
    [key: string]: unknown;
  };
}

export interface SkillSearchResponse {
  title: string;
  k: number;
  rerank: boolean;
  alpha: number;
  skills: SkillHit[];
}

export interface OccupationSuggestion {
  /** The title as written (preferred or alternative label). */
  label: string;
  uri: string;
  preferredLabel: string;
}

export interface SkillMention {
  uri: string;
  label: string;
  score: number;
  start: number;
  end: number;
  surface: string;
  method: string;
}

export interface ExtractionResult {
  skills: { uri: string; label: string; score: number; mentions: SkillMention[] }[];
  mentions: SkillMention[];
  abstained: boolean;
}

export interface ResumeParse {
  text: string;
  pages: number;
  headline: string | null;
  sections: { kind: string; start: number; end: number; text: string }[];
  experience?: { title: string; employer?: string; dates?: string }[];
}

export interface RoleLabel {
  role: string | null;
  score: number;
  labeler: string;
  evidence: string[];
  scores: Record<string, number>;
  noEvidence: boolean;
  abstained?: boolean;
}

export interface RolesResponse {
  roles: string[];
  labelers: string[];
  defaultLabeler: string;
}

export interface OccupationSearchResponse {
  results: { uri: string; label: string; score: number; code?: string; evidence?: unknown }[];
}

export interface MatchResponse {
  score: number;
  title: string;
  covered: { uri: string; label: string; importance: Importance; evidence: { start: number; end: number; surface: string } | null }[];
  missing: { uri: string; label: string; importance: Importance }[];
  occupations: { uri: string; label: string; score: number }[];
}

/** One table of the eval report: rows = metrics, columns = systems (the MetricTable of @jobskill/eval). */
export interface EvalTable {
  title: string;
  description?: string;
  rowHeader: string;
  columns: string[];
  rows: { label: string; values: (number | null)[] }[];
}

export interface EvalReport {
  schemaVersion: 1;
  createdAt: string;
  command: string;
  tables: EvalTable[];
}
