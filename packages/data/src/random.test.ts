import { describe, expect, it } from 'vitest';
import { Prng, createRng, randomInt, shuffleInPlace } from './random.ts';

describe('Prng (sfc32 seeded through splitmix32)', () => {
  it('pins the stream the embedded encoder build depends on (values from the encoder build Prng before it moved here)', () => {
    // A change here changes the embedded encoder's bytes (training pairs, splits, initial table, dropout).
    const p = new Prng(42);
    expect(Array.from({ length: 5 }, () => p.uint32())).toEqual([1028872839, 2516511472, 400437680, 853279530, 1920286840]);
    const q = new Prng(42);
    expect([q.next(), q.next(), q.next()]).toEqual([0.23955312534235418, 0.5859209857881069, 0.09323416277766228]);
    expect([q.normal(), q.normal()]).toEqual([-1.6994458822667327, 0.5866069732637591]);
    expect(q.int(1000)).toBe(835);
    expect(new Prng(0x5eed).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([5, 0, 4, 9, 3, 6, 1, 7, 8, 2]);
  });

  it('folds any finite seed into 32 bits and rejects non-finite seeds (INVALID_SEED)', () => {
    expect(new Prng(2 ** 32 + 42).uint32()).toBe(new Prng(42).uint32());
    expect(new Prng(42.9).uint32()).toBe(new Prng(42).uint32());
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      expect(() => new Prng(bad)).toThrow(expect.objectContaining({ code: 'INVALID_SEED' }));
      expect(() => createRng(bad)).toThrow(expect.objectContaining({ code: 'INVALID_SEED' }));
    }
  });

  it('normals(n, std) are n scaled draws of normal()', () => {
    const a = new Prng(9);
    const b = new Prng(9);
    expect(Array.from(a.normals(5, 0.5))).toEqual(Array.from({ length: 5 }, () => Math.fround(b.normal() * 0.5)));
  });
});

describe('createRng', () => {
  it('is reproducible per seed, differs between seeds, and is the Prng stream', () => {
    const seqA = Array.from({ length: 8 }, createRng(42));
    expect(Array.from({ length: 8 }, createRng(42))).toEqual(seqA);
    expect(Array.from({ length: 8 }, createRng(43))).not.toEqual(seqA);
    const p = new Prng(42);
    expect(seqA).toEqual(Array.from({ length: 8 }, () => p.next()));
  });

  it('gives floats in [0, 1), roughly uniform (mean, and chi-square over 10 buckets)', () => {
    const rng = createRng(7);
    const n = 20_000;
    const buckets = new Array<number>(10).fill(0);
    let outOfRange = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = rng();
      sum += v;
      if (!(v >= 0 && v < 1)) outOfRange++;
      else buckets[Math.floor(v * 10)]! += 1;
    }
    expect(outOfRange).toBe(0);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01); // sd of the mean ≈ 0.002
    const expected = n / 10;
    const chi2 = buckets.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.88); // p = 0.001 critical value, 9 degrees of freedom
  });

  it('randomInt stays in range', () => {
    const rng = createRng(5);
    for (let i = 0; i < 1000; i++) {
      const v = randomInt(rng, 7);
      expect(Number.isInteger(v) && v >= 0 && v < 7).toBe(true);
    }
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

  it('is a permutation of the input and draws as Prng.shuffle does', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = shuffleInPlace([...items], createRng(3));
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(shuffled).toEqual(new Prng(3).shuffle([...items]));
  });
});
