import { describe, expect, it } from 'vitest';
import { createRng, randomInt, shuffleInPlace } from './rng.ts';

describe('createRng (mulberry32)', () => {
  it('is reproducible per seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
  });

  it('pins the mulberry32 sequence (values from an independent Python port of the algorithm)', () => {
    // Other packages' seeded splits depend on this exact stream; a change here changes their results.
    const rng = createRng(42);
    expect([rng(), rng(), rng()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it('gives floats in [0, 1), roughly uniform (chi-square over 10 buckets)', () => {
    const rng = createRng(7);
    const n = 20_000;
    const buckets = new Array<number>(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const v = rng();
      if (!(v >= 0 && v < 1)) outOfRange++;
      else buckets[Math.floor(v * 10)]! += 1;
    }
    expect(outOfRange).toBe(0);
    const expected = n / 10;
    const chi2 = buckets.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.88); // p = 0.001 critical value, 9 degrees of freedom
  });

  it('rejects non-finite seeds', () => {
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
  });
});

describe('shuffleInPlace', () => {
  it('permutes in place and hits all 6 orders of 3 items about equally', () => {
    const rng = createRng(1);
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const arr = [1, 2, 3];
      expect(shuffleInPlace(arr, rng)).toBe(arr);
      const key = arr.join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });
  it('randomInt stays in range', () => {
    const rng = createRng(5);
    for (let i = 0; i < 1000; i++) {
      const v = randomInt(rng, 7);
      expect(Number.isInteger(v) && v >= 0 && v < 7).toBe(true);
    }
  });
});
