/** One first-stage candidate handed to a re-ranker. */
export interface RerankCandidate {
  /** Corpus id (TalentCLEF c_id or the ESCO URI when the corpus is ESCO itself). */
  docId: string;
  /** Surface forms of the skill; the first one is the preferred label. */
  aliases: string[];
  /** Score the first stage gave this candidate (cosine similarity for the encoder). */
  firstStageScore: number;
  /** ESCO skill URI, needed by re-rankers that use ESCO-graph evidence. */
  escoUri?: string;
}

/** A corpus skill as `Reranker.prepare` sees it: a candidate without its first-stage score. */
export type PreparedCandidate = Omit<RerankCandidate, 'firstStageScore'>;

/** What the retriever already has for the query, handed to the re-ranker so it need not recompute it. */
export interface RerankQueryContext {
  /** The title's vector from the first-stage encoder (before query expansion); re-rankers that use it encode nothing. */
  queryVector?: Float32Array;
}

/**
 * Scores candidates for one query. Returns one score per candidate, in the candidates' order;
 * higher is better. Scores are comparable within one call only.
 */
export interface Reranker {
  readonly id: string;
  rerank(query: string, candidates: RerankCandidate[], context?: RerankQueryContext): Promise<number[]>;
  dispose?(): Promise<void>;
  /**
   * Optional: skills (ESCO URIs, best first) this re-ranker has its own evidence for, e.g. the skills of
   * the occupations nearest to the title. A retriever should add those in its corpus to the first-stage
   * candidates, since a re-ranker cannot lift a relevant skill that never reaches it.
   */
  proposeCandidates?(query: string, limit: number, context?: RerankQueryContext): Promise<string[]>;
  /**
   * Optional: precompute whatever the re-ranker needs per corpus skill (e.g. alias vectors, term counts), so the
   * first query that meets a skill pays nothing extra. Retrievers call it once when they are created or opened,
   * with the candidates exactly as `rerank` will later receive them (minus the score).
   */
  prepare?(skills: readonly PreparedCandidate[]): Promise<void>;
}
