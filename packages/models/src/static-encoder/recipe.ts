import type { EncoderRecipe } from './build.ts';

/**
 * The recipe `pnpm turbo run model` builds, selected on the ESCO dev set (held-out occupations); the figures per
 * variant are in the README. The artifact is then trained on all occupations (devFraction 0).
 */
export const DEFAULT_ENCODER_RECIPE: EncoderRecipe = Object.freeze({
  devFraction: 0,
  pairs: { titleSkill: 1, aliasSkill: 1, titleTitle: 1, occupationDescription: 1, skillDescription: 1 },
  vocab: {},
  train: { dim: 256, epochs: 3, batchSize: 128, learningRate: 0.02, symmetric: true, scale: 20, seed: 42 },
});
