import { createRng, type Rng } from '@jobskill/eval';

/**
 * Seeded pseudo-random numbers (@jobskill/eval's createRng, mulberry32), so generated test models are byte-identical
 * across runs and machines.
 */
export class SeededRandom {
  private readonly rng: Rng;
  constructor(seed: number) {
    this.rng = createRng(seed >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.rng();
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** `n` normals scaled by `std`, as a Float32Array. */
  normals(n: number, std = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal() * std;
    return out;
  }
}
