import type { SearchConfidence } from '@jobskill/retrieval';
import type { MatchingServices } from './match-routes.ts';
/**
 * The two services the API serves, as narrow interfaces ("ports"). `buildApp` takes them injected, so
 * unit tests pass fakes and integration tests / `startServer` pass the real components from
 * @jobskill/retrieval and @jobskill/labeling (adapted in ./real-services.ts).
 */

export interface SkillSearchOptions {
  /** Number of skills to return (already validated: 1..maxK and ≤ corpusSize). */
  k: number;
  /** Run the second-stage re-ranker (default true). */
  rerank: boolean;
  /** Blend weight of the first stage: final = α·bi + (1−α)·rerank. */
  alpha: number;
  /** Aborted when the per-request timeout fires, so long work can stop early. */
  signal?: AbortSignal;
}

/** Why a skill ranks where it does (mirrors @jobskill/retrieval's SkillHitEvidence; extra keys pass through). */
export interface SkillEvidence {
  /** `reranked`/`candidate`: among the first-stage candidates; `rest`: the corpus tail in first-stage order. */
  stage: string;
  /** Cosine similarity of the title to the skill. */
  firstStageScore: number;
  /** 1-based rank in the first stage. */
  firstStageRank: number;
  rerankScore?: number;
  rerankNormalized?: number;
  /** The skill alias closest to the title. */
  bestAlias?: string;
  bestAliasScore?: number;
  [key: string]: unknown;
}

export interface SkillHit {
  /** ESCO skill URI. */
  uri: string;
  /** ESCO preferred label. */
  label: string;
  score: number;
  importance: 'core' | 'contextual';
  evidence: SkillEvidence;
}

/** How far a search can be trusted: @jobskill/retrieval's `SearchConfidence`. */
export type { SearchConfidence };

export interface SkillSearcher {
  /** Number of skills in the served corpus (bounds k). */
  readonly corpusSize: number;
  /** The calibrated confidence of a search and each hit's calibrated score (absent: answers carry neither). */
  assess?(title: string, hits: readonly SkillHit[]): { confidence: SearchConfidence; calibratedScores: number[] };
  search(title: string, options: SkillSearchOptions): Promise<SkillHit[]>;
  /** Optional batched path; the API falls back to sequential `search` calls. */
  searchBatch?(titles: string[], options: SkillSearchOptions): Promise<SkillHit[][]>;
}

export interface RoleLabelInput {
  /** Parsed skills; may be empty (the labeler then answers "no evidence"). */
  skills: string[];
  /** Free resume text, when the caller sent one instead of a skills list. */
  text?: string;
}

export interface RoleLabel {
  /** null only when the label set has no fallback role and there was no evidence. */
  role: string | null;
  score: number;
  /** The labeler that produced this result. */
  labeler: string;
  /** Skills / phrases that fired. Empty when there was no evidence. */
  evidence: string[];
  /** Score of every role in the label set. */
  scores: Record<string, number>;
  /** True when the labeler found no evidence or abstained below its threshold. */
  noEvidence: boolean;
  /** True when the labeler had evidence but stayed below its abstain threshold. */
  abstained?: boolean;
  /** Roles tied for first place, when there was a tie. */
  ties?: string[];
}

export interface RoleLabeler {
  /** Registered labeler names the API accepts in `labeler`. */
  readonly labelers: readonly string[];
  readonly defaultLabeler: string;
  /** The label set (role names, in their canonical order). */
  readonly roles: readonly string[];
  label(inputs: RoleLabelInput[], labeler: string, signal?: AbortSignal): Promise<RoleLabel[]>;
}

/** Job title suggestions for search boxes (ESCO occupation titles). */
export interface OccupationTitleSuggester {
  suggest(query: string, limit: number): { label: string; uri: string; preferredLabel: string }[];
}
/** ESCO skill lookup and autocomplete (`createSkillCatalog` from @jobskill/data). */
export type SkillCatalog = import('@jobskill/data').SkillCatalog;

export interface ApiServices {
  skills: SkillSearcher;
  roles: RoleLabeler;
  /** Absent: GET /v1/occupations/suggest answers 404 saying so. */
  occupations?: OccupationTitleSuggester;
  /** ESCO occupation search + resume matcher (optional: routes answer 503 without it). */
  matching?: MatchingServices;
  /** Optional: without it the lookup routes answer 503. */
  catalog?: SkillCatalog;
  /** Text → ESCO skills with spans (optional: POST /v1/skills/extract answers 503 without it). */
  extractor?: import('@jobskill/extraction').SkillExtractor;
  /** Releases models / memory maps on shutdown. */
  close?(): Promise<void>;
}
