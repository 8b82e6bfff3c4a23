import type { SkillIndex, SkillMatch } from '../index/skill-index.ts';

/** Rocchio pseudo-relevance feedback settings (`false`: none). */
export type QueryExpansion = false | { topK: number; weight: number };

/** Per-skill evidence (corpus position → score) and the weight it is added to the cosine with. */
export interface FeedbackBoost {
  evidence: ReadonlyMap<number, number>;
  weight: number;
}

/**
 * Slack on the bounds that let a search skip scoring skills that cannot reach its top (`expandQuery`, the retriever's
 * top-k selection): index scores are f16 (≈ 1e-3 off the exact cosine) and the ANN search misses a few skills just
 * above its last result (0.005 let one such miss change a top 50 of 315 titles; 0.05 changed none at k = 20).
 */
export const BOUND_MARGIN = 0.05;

/** How deep `expandQuery` searches when feedback is boosted, to bound the cosine of the skills it did not find. */
const FEEDBACK_BOUND_DEPTH = 50;

/** How first-stage candidates are searched: `ann` through the index backend (served), `exact` by brute force. */
export type FirstStageSearch = 'ann' | 'exact';

export interface FirstStageOptions {
  /** Candidates taken from the vector index. */
  candidates: number;
  expansion: QueryExpansion;
  search: FirstStageSearch;
  /**
   * ESCO URIs (best first) a re-ranker has its own evidence for (`Reranker.proposeCandidates`), asked only when the
   * search found candidates: the corpus skills with these URIs that the search missed are appended, scored exactly,
   * since a re-ranker cannot lift a skill that never reaches it.
   */
  propose?: () => Promise<readonly string[]> | readonly string[];
  /**
   * Evidence per skill added, × `weight`, to the title's cosine when the feedback skills are chosen
   * (vacancy-neighbour evidence): pseudo-relevance feedback then moves the query toward the top of the ranking as served.
   */
  feedbackBoost?: FeedbackBoost;
}

export interface FirstStageCandidate {
  /** Position of the skill in the corpus. */
  skill: number;
  /** Cosine similarity of the (expanded) query to the skill. */
  score: number;
  /** 1-based rank in the vector search; 0 for a proposed skill. */
  rank: number;
  source: 'first-stage' | 'proposed';
}

export interface FirstStageResult {
  /** The query vector the candidates were scored with (expanded when expansion is on). */
  query: Float32Array;
  candidates: FirstStageCandidate[];
}

function search(index: SkillIndex, query: Float32Array, n: number, mode: FirstStageSearch): SkillMatch[] {
  return mode === 'exact' ? index.exactCandidates(query, n) : index.candidates(query, n);
}

/**
 * Rocchio pseudo-relevance feedback in embedding space: `q' = normalize(q + weight · mean(v_s for the top
 * `topK` skills))`. A title's relevant skills are many (TalentCLEF: median 81 per title) and cluster, so
 * moving the query toward its first hits' centroid recovers skills the title's own words miss.
 */
export function expandQuery(
  index: SkillIndex,
  query: Float32Array,
  topK: number,
  weight: number,
  mode: FirstStageSearch = 'exact',
  boost?: FeedbackBoost,
): Float32Array {
  const d = index.dimensions;
  // The served path takes the feedback skills from the ANN index (a brute-force pass over every skill would
  // cost more than the whole rest of the query); `exact` is for baselines. With a boost the search goes deeper than
  // `topK` (the same cost at the index's search breadth): the deeper scores bound the cosine of what it did not find.
  const depth = boost !== undefined && boost.evidence.size > 0 ? Math.max(topK, FEEDBACK_BOUND_DEPTH) : topK;
  const nearest = mode === 'exact' ? index.exactCandidates(query, depth) : index.feedbackCandidates(query, depth);
  let top: { skill: number }[] = nearest.length > topK ? nearest.slice(0, topK) : nearest;
  if (boost !== undefined && boost.evidence.size > 0) {
    const add = (skill: number): number => boost.weight * (boost.evidence.get(skill) ?? 0);
    // The top `topK` of cosine + boost: a skill outside the cosine top `topK` without a boost cannot enter it, so
    // the boosted skills scored exactly are the only others to consider.
    const skills: number[] = [];
    const fused: number[] = [];
    const inTop = new Set<number>();
    for (const m of top as SkillMatch[]) {
      inTop.add(m.skill);
      skills.push(m.skill);
      fused.push(m.score + add(m.skill));
    }
    // A boosted skill can enter the fused top only if its cosine plus its boost reaches the lowest fused score already
    // there. Its cosine is at most its own score in the deeper search, or the deepest score when the search did not
    // find it: most listed skills (a boost of a few thousandths) need no scoring. Bounds only from a full search.
    const deeper = new Map<number, number>();
    for (let i = topK; i < nearest.length; i++) deeper.set(nearest[i]!.skill, nearest[i]!.score);
    const full = nearest.length === Math.max(topK, FEEDBACK_BOUND_DEPTH) || nearest.length === index.corpus.skills.length;
    const lowestFused = full && fused.length > 0 ? Math.min(...fused) - BOUND_MARGIN : -Infinity;
    const deepest = nearest.length > 0 ? nearest[nearest.length - 1]!.score : Infinity;
    const others: number[] = [];
    for (const [skill, evidence] of boost.evidence) {
      if (inTop.has(skill)) continue;
      if ((deeper.get(skill) ?? deepest) + boost.weight * evidence >= lowestFused) others.push(skill);
    }
    const cosines = new Float64Array(others.length);
    index.scoreSkills(query, others, cosines);
    others.forEach((skill, i) => (skills.push(skill), fused.push(cosines[i]! + add(skill))));
    // The best `topK` by fused score, ties by corpus position (a selection: ~1,000 scored, 10 kept).
    const best: number[] = [];
    const better = (a: number, b: number): boolean => fused[a]! > fused[b]! || (fused[a] === fused[b] && skills[a]! < skills[b]!);
    for (let i = 0; i < skills.length; i++) {
      if (best.length === topK && !better(i, best[topK - 1]!)) continue;
      let at = best.length < topK ? best.length : topK - 1;
      best[at] = i;
      while (at > 0 && better(i, best[at - 1]!)) (best[at] = best[at - 1]!), (best[--at] = i);
    }
    top = best.map((i) => ({ skill: skills[i]! }));
  }
  const out = Float32Array.from(query);
  if (top.length === 0 || weight === 0) return out;
  const centroid = new Float64Array(d);
  for (const match of top) {
    const v = index.skillVector(match.skill);
    for (let j = 0; j < d; j++) centroid[j]! += v[j]!;
  }
  let norm = 0;
  for (let j = 0; j < d; j++) {
    out[j] = query[j]! + (weight * centroid[j]!) / top.length;
    norm += out[j]! * out[j]!;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let j = 0; j < d; j++) out[j] = out[j]! / norm;
  return out;
}

/**
 * The first stage, exactly as served and as the re-ranker is trained on: the title vector expanded by
 * pseudo-relevance feedback, the top `candidates` skills from the index, then the proposed skills not yet in.
 */
export async function firstStage(index: SkillIndex, titleVector: Float32Array, options: FirstStageOptions): Promise<FirstStageResult> {
  const query =
    options.expansion === false
      ? titleVector
      : expandQuery(index, titleVector, options.expansion.topK, options.expansion.weight, options.search, options.feedbackBoost);
  const candidates: FirstStageCandidate[] = search(index, query, options.candidates, options.search).map((match, i) => ({
    skill: match.skill,
    score: match.score,
    rank: i + 1,
    source: 'first-stage',
  }));
  if (options.propose !== undefined && candidates.length > 0) {
    const proposed = await options.propose();
    const present = new Set(candidates.map((c) => c.skill));
    for (const uri of proposed) {
      for (const skill of index.skillsWithUri(uri)) {
        if (present.has(skill)) continue;
        present.add(skill);
        candidates.push({ skill, score: index.scoreSkill(query, skill), rank: 0, source: 'proposed' });
      }
    }
  }
  return { query, candidates };
}
