import type { LabelSet } from './label-sets.ts';
import type { LabelResult, LabelerInput } from './types.ts';

/** Scores of every role set to 0, in label-set order. */
export function zeroScores(labels: readonly string[]): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const l of labels) scores[l] = 0;
  return scores;
}

/** The explicit "no evidence" result: the fallback role (or null), score 0, no evidence. */
export function noEvidenceResult(input: LabelerInput, labelSet: LabelSet, labeler: string): LabelResult {
  return {
    ...(input.id !== undefined ? { id: input.id } : {}),
    role: labelSet.fallback,
    score: 0,
    scores: zeroScores(labelSet.roles.map((r) => r.label)),
    evidence: [],
    labeler,
    noEvidence: true,
  };
}

/**
 * The best role by score; exact ties go to the role listed first (label-set order, which puts the
 * more specific roles first) and are reported. Scores within 1e-12 count as tied.
 */
export function pickBest(labels: readonly string[], scores: ArrayLike<number>): { index: number; ties: number[] } {
  let best = 0;
  for (let i = 1; i < labels.length; i++) if ((scores[i] as number) > (scores[best] as number) + 1e-12) best = i;
  const ties: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (Math.abs((scores[i] as number) - (scores[best] as number)) <= 1e-12) ties.push(i);
  }
  return { index: ties[0] ?? best, ties: ties.length > 1 ? ties : [] };
}

/**
 * A result from one probability per label (model labelers whose evidence is the skills they read): the best
 * label by `pickBest`, every label's probability, and the ties.
 */
export function resultFromProbabilities(
  input: LabelerInput,
  labels: readonly string[],
  probs: readonly number[],
  evidence: string[],
  labeler: string,
): LabelResult {
  return resultForChoice(input, labels, probs, pickBest(labels, probs), evidence, labeler);
}

/** A result for a chosen label (`index`, with the labels it tied with): every label's probability as its score. */
export function resultForChoice(
  input: LabelerInput,
  labels: readonly string[],
  probs: ArrayLike<number>,
  choice: { index: number; ties: readonly number[] },
  evidence: string[],
  labeler: string,
): LabelResult {
  const { index, ties } = choice;
  const scores: Record<string, number> = {};
  labels.forEach((l, i) => (scores[l] = probs[i]!));
  return {
    ...(input.id !== undefined ? { id: input.id } : {}),
    role: labels[index]!,
    score: probs[index]!,
    scores,
    evidence,
    labeler,
    noEvidence: false,
    ...(ties.length > 0 ? { ties: ties.map((t) => labels[t]!) } : {}),
  };
}
