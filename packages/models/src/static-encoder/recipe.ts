import type { EncoderRecipe } from './build.ts';

/**
 * The recipe `pnpm turbo run model` builds: the reference recipe (title variant ↔ related skill, alias ↔ preferred
 * label, 3 epochs, batch 128, asymmetric in-batch-negatives loss) with a 512-dimensional table and essential
 * relations weighted ×2 — the best dev MAP (TalentCLEF-like held-out ESCO occupations) of runs R1–R14, +0.005
 * over the reference; see README "Embedded encoder". The artifact is trained on all occupations (devFraction 0).
 */
export const DEFAULT_ENCODER_RECIPE: EncoderRecipe = Object.freeze({
  devFraction: 0,
  pairs: { titleSkill: 1, essentialBoost: 2, aliasSkill: 1, titleTitle: 0, occupationDescription: 0, skillDescription: 0 },
  vocab: {},
  train: { dim: 512, epochs: 3, batchSize: 128, learningRate: 0.02, symmetric: false, scale: 20, seed: 42 },
});
