import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobskillError, Prng } from '@jobskill/data';
import { ExactVectorIndex } from './exact-index.ts';
import { createVectorIndex, vectorIndexes } from './registry.ts';
import { UsearchVectorIndex } from './usearch-index.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobskill-vindex-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function unitVectors(n: number, d: number, seed: number): Float32Array {
  const v = new Prng(seed).normals(n * d);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += v[i * d + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let j = 0; j < d; j++) v[i * d + j]! /= norm;
  }
  return v;
}

function keys(n: number, offset = 0): number[] {
  return Array.from({ length: n }, (_, i) => i + offset);
}

const N = 3000;
const D = 24;
const data = unitVectors(N, D, 1);
const queries = unitVectors(50, D, 2);

function recallAt(k: number, index: UsearchVectorIndex, exact: ExactVectorIndex): number {
  let hit = 0;
  for (let q = 0; q < 50; q++) {
    const query = queries.subarray(q * D, (q + 1) * D);
    const truth = new Set(exact.search(query, k).map((m) => m.key));
    for (const m of index.search(query, k)) if (truth.has(m.key)) hit++;
  }
  return hit / (50 * k);
}

describe('ExactVectorIndex', () => {
  it('finds a stored vector first with cosine 1 and ranks by cosine', () => {
    const exact = new ExactVectorIndex(D, 4);
    exact.add(keys(N, 100), data);
    expect(exact.size()).toBe(N);
    const probe = data.subarray(7 * D, 8 * D);
    const top = exact.search(probe, 5);
    expect(top[0]).toEqual({ key: 107, score: expect.closeTo(1, 5) });
    for (let i = 1; i < top.length; i++) expect(top[i]!.score).toBeLessThanOrEqual(top[i - 1]!.score);
    // Scores are true cosines.
    let dot = 0;
    const other = data.subarray((top[1]!.key - 100) * D, (top[1]!.key - 99) * D);
    for (let j = 0; j < D; j++) dot += probe[j]! * other[j]!;
    expect(top[1]!.score).toBeCloseTo(dot, 5);
    const all = exact.scoreAll(probe);
    expect(all.length).toBe(N);
    expect(all[7]).toBeCloseTo(1, 5);
    expect(all[top[1]!.key - 100]).toBeCloseTo(dot, 5);
  });

  it('scores every row exactly as the search does, bit for bit (scoreAll asks no sort)', () => {
    const exact = new ExactVectorIndex(D, 4);
    exact.add(keys(N, 100), data);
    for (const row of [0, 7, N - 1]) {
      const probe = data.slice(row * D, (row + 1) * D);
      const all = exact.scoreAll(probe);
      const searched = exact.search(probe, N);
      expect(searched).toHaveLength(N);
      for (const match of searched) expect(all[match.key - 100]).toBe(Math.fround(match.score));
    }
    expect(() => exact.scoreAll(new Float32Array(D + 1))).toThrow(/dimensions/);
    expect(new ExactVectorIndex(D).scoreAll(new Float32Array(D))).toHaveLength(0);
  });

  it('round-trips through a file and refuses a truncated one', async () => {
    const exact = new ExactVectorIndex(D);
    exact.add(keys(10), data.subarray(0, 10 * D));
    const file = join(root, 'exact.f32');
    exact.save(file);
    const back = ExactVectorIndex.fromFile(file);
    expect(back.size()).toBe(10);
    expect([...back.keys()]).toEqual(keys(10));
    expect(back.search(data.subarray(3 * D, 4 * D), 1)[0]!.key).toBe(3);
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 7));
    expect(() => ExactVectorIndex.fromFile(file)).toThrow(/truncated or corrupt/);
    await writeFile(file, 'garbage');
    expect(() => ExactVectorIndex.fromFile(file)).toThrow(/not a jobskill exact index/);
  });

  it('reads rows on demand from the file, the same numbers as in memory, and loads all only when a search needs them', () => {
    const exact = new ExactVectorIndex(D);
    exact.add(keys(10), data.subarray(0, 10 * D));
    const file = join(root, 'exact-on-demand.f32');
    exact.save(file);
    const eager = ExactVectorIndex.fromFile(file);
    const lazy = ExactVectorIndex.fromFile(file, { vectors: 'on-demand' });
    expect(eager.onDemand).toBe(false);
    expect(lazy.onDemand).toBe(true);
    expect([...lazy.keys()]).toEqual(keys(10));
    expect([...lazy.rows(2, 3)]).toEqual([...eager.rows(2, 3)]);
    expect([...lazy.rows(9, 1)]).toEqual([...data.subarray(9 * D, 10 * D)]);
    expect(lazy.rows(4, 0).length).toBe(0);
    expect(() => lazy.rows(8, 3)).toThrow(/outside the 10 stored vectors/);
    expect(lazy.onDemand).toBe(true);
    // A search needs every row: the store reads them all once and then serves from memory.
    expect(lazy.search(data.subarray(5 * D, 6 * D), 1)[0]!.key).toBe(5);
    expect(lazy.onDemand).toBe(false);
    expect([...lazy.vectors()]).toEqual([...eager.vectors()]);
  });

  it('rejects vectors of the wrong size', () => {
    const exact = new ExactVectorIndex(D);
    expect(() => exact.add([1, 2], new Float32Array(D))).toThrow(JobskillError);
    expect(() => exact.search(new Float32Array(D + 1), 3)).toThrow(/dimensions/);
  });
});

describe('UsearchVectorIndex (HNSW, cosine)', () => {
  const exact = new ExactVectorIndex(D);
  exact.add(keys(N), data);

  for (const quantization of ['f32', 'f16', 'i8'] as const) {
    it(`keeps recall@10 ≥ 0.9 against exact search with ${quantization}`, () => {
      const index = UsearchVectorIndex.create({ dimensions: D, quantization });
      index.add(keys(N), data);
      expect(index.size()).toBe(N);
      expect(index.quantization).toBe(quantization);
      expect(recallAt(10, index, exact)).toBeGreaterThanOrEqual(0.9);
      const top = index.search(data.subarray(42 * D, 43 * D), 1)[0]!;
      expect(top.key).toBe(42);
      expect(top.score).toBeCloseTo(1, quantization === 'i8' ? 1 : 2);
    });
  }

  it('saves, loads and views (memory-mapped, read-only) with identical results', () => {
    const index = UsearchVectorIndex.create({ dimensions: D, quantization: 'f16' });
    index.add(keys(N), data);
    const file = join(root, 'index.usearch');
    index.save(file);
    const loaded = UsearchVectorIndex.open(file, { dimensions: D, quantization: 'f16' }, 'load');
    const viewed = UsearchVectorIndex.open(file, { dimensions: D, quantization: 'f16' }, 'view');
    const q = queries.subarray(0, D);
    expect(loaded.search(q, 20)).toEqual(index.search(q, 20));
    expect(viewed.search(q, 20).map((m) => m.key)).toEqual(index.search(q, 20).map((m) => m.key));
    expect(viewed.readOnly).toBe(true);
    expect(() => viewed.add([1], new Float32Array(D))).toThrow(/cannot be added to/);
  });

  it('reports an unreadable file and a dimension mismatch', async () => {
    const bad = join(root, 'bad.usearch');
    await writeFile(bad, 'not an index');
    // USearch's native loader hangs on garbage, so the file layout is checked first.
    expect(() => UsearchVectorIndex.open(bad, { dimensions: D }, 'load')).toThrow(/truncated or not a USearch index/);
    await writeFile(bad, Buffer.from(new Prng(5).normals(100).buffer));
    expect(() => UsearchVectorIndex.open(bad, { dimensions: D }, 'view')).toThrow(/corrupt or not a USearch index/);
    const good = UsearchVectorIndex.create({ dimensions: D, quantization: 'f16' });
    good.add(keys(N), data);
    const file = join(root, 'truncated.usearch');
    good.save(file);
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    expect(() => UsearchVectorIndex.open(file, { dimensions: D, quantization: 'f16' }, 'load')).toThrow(/cannot load USearch index/);
    expect(() => UsearchVectorIndex.open(file, { dimensions: D, quantization: 'f16' }, 'view')).toThrow(/cannot view USearch index/);
    const index = UsearchVectorIndex.create({ dimensions: D });
    index.add(keys(5), data.subarray(0, 5 * D));
    expect(index.search(data.subarray(0, D), 50)).toHaveLength(5);
    expect(() => index.search(new Float32Array(3), 1)).toThrow(/dimensions/);
  });
});

describe('vector index registry', () => {
  it('is frozen and lists the valid names on a typo', () => {
    expect(Object.isFrozen(vectorIndexes)).toBe(true);
    expect(createVectorIndex('exact', { dimensions: 4 }).backend).toBe('exact');
    expect(createVectorIndex('usearch', { dimensions: 4, quantization: 'i8' }).quantization).toBe('i8');
    expect(() => createVectorIndex('faiss', { dimensions: 4 })).toThrow(/valid: usearch, exact/);
  });
});
