/**
 * The learned combination of the combined method: a logistic regression over per-(text, skill) features, fitted on
 * the dev set built from training data (`scripts/fit-fusion.ts`, see README), so its output reads as a probability
 * that the skill is meant by the text.
 */
export const FUSION_FEATURES = Object.freeze(['lexical', 'dense', 'evidence', 'prior'] as const);
export type FusionFeature = (typeof FUSION_FEATURES)[number];

export interface LogisticFusion {
  weights: Readonly<Record<FusionFeature, number>>;
  bias: number;
}

/**
 * - lexical: score of the best lexical hit by alias kind (0 without a hit);
 * - dense: best phrase score `(1 − w)·cos(phrase) + w·cos(segment)`, clipped at 0;
 * - evidence: sum of the cosines of the text's word pieces that have the skill in their top list;
 * - prior: log(1 + vacancies listing the skill) / log(1 + the most listed skill's count), TechWolf training vacancies.
 */
export type FusionInput = Readonly<Record<FusionFeature, number>>;

export function logisticScore(model: LogisticFusion, x: FusionInput): number {
  let z = model.bias;
  for (const f of FUSION_FEATURES) z += model.weights[f] * x[f];
  return 1 / (1 + Math.exp(-z));
}

/** The prior feature per skill (corpus order): log(1 + count) / log(1 + max count); 0 for skills no vacancy lists. */
export function skillPriorFromCounts(uris: readonly string[], counts: ReadonlyMap<string, number>): Float32Array {
  let max = 0;
  for (const c of counts.values()) max = Math.max(max, c);
  const out = new Float32Array(uris.length);
  if (max === 0) return out;
  uris.forEach((uri, i) => (out[i] = Math.log1p(counts.get(uri) ?? 0) / Math.log1p(max)));
  return out;
}

/** Fitted by `pnpm --filter @jobskill/extraction fit-fusion` on the dev set (training data only); see README. */
export const DEFAULT_LOGISTIC_FUSION: LogisticFusion = Object.freeze({
  weights: Object.freeze({ lexical: 3.666, dense: 7.0214, evidence: 0.845, prior: 3.9837 }),
  bias: -12.512,
});

/** How many vacancies list each skill (a skill counted once per vacancy): the counts behind the job-ad prior. */
export function skillFrequencies(vacancies: readonly { skills: readonly { uri: string }[] }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of vacancies) for (const uri of new Set(v.skills.map((s) => s.uri))) counts.set(uri, (counts.get(uri) ?? 0) + 1);
  return counts;
}
