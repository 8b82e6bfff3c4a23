/**
 * Uncut average precision of a ranked list against a set of relevant ids (ranx semantics:
 * relevant documents never retrieved count as misses). Used on ESCO-derived training/dev
 * queries while training; TalentCLEF figures come from @jobskill/eval.
 */
export function averagePrecision(ranked: readonly string[], relevant: ReadonlySet<string>): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranked.forEach((id, i) => {
    if (relevant.has(id)) {
      hits++;
      sum += hits / (i + 1);
    }
  });
  return sum / relevant.size;
}

/** Indices that sort `scores` descending; ties keep input order (deterministic). */
export function argsortDescending(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
}
