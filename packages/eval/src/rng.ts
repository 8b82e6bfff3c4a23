import { JobskillError } from '@jobskill/data';

/** A seeded source of uniform floats in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a tiny 32-bit seeded PRNG. Not cryptographic; chosen because it is fast, has a
 * full 2^32 period over its state and gives identical sequences on every platform, so splits and
 * shuffles are reproducible from a seed alone.
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) {
    throw new JobskillError('INVALID_SEED', `seed must be a finite number, got ${String(seed)}`);
  }
  // Fold any finite number (negative, fractional, > 2^32) into a 32-bit state.
  let state = Math.trunc(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Fisher–Yates shuffle, in place; returns the same array. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
