import { fitLogisticRegression } from '@jobskill/models';
import { FUSION_FEATURES, type FusionFeature, type FusionInput, type LogisticFusion } from './fusion.ts';

/**
 * Fits the learned fusion's weights (`scripts/fit-fusion.ts`, build time): @jobskill/models' logistic regression
 * (Newton / IRLS) with an L2 penalty `l2` on the weights, not the bias; rounded to 4 decimals for the source file.
 * Build time only: left out of the package build and of `./internal`, so run time never loads @jobskill/models
 * (a devDependency).
 */
export function fitLogisticFusion(rows: readonly { x: FusionInput; y: 0 | 1 }[], options: { l2?: number; iterations?: number } = {}): LogisticFusion {
  const fit = fitLogisticRegression(
    rows.map((r) => ({ x: FUSION_FEATURES.map((f) => r.x[f]), y: r.y })),
    { l2: options.l2 ?? 1e-2, maxIterations: options.iterations ?? 25, tolerance: 1e-8 },
  );
  const weights = Object.fromEntries(FUSION_FEATURES.map((f, i) => [f, round(fit.weights[i]!)])) as Record<FusionFeature, number>;
  return { weights, bias: round(fit.bias) };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
