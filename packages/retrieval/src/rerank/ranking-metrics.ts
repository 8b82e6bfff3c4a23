/** Indices that sort `scores` descending; ties keep input order (deterministic). */
export function argsortDescending(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
}
