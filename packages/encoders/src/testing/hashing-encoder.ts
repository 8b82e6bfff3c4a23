import type { Encoder } from '../types.ts';

/** FNV-1a 32-bit: a stable, dependency-free string hash. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A deterministic bag-of-features encoder: lowercased word tokens (weight 1) and their character
 * trigrams (weight 0.3) hashed into `dimensions` signed buckets, L2-normalized. No training, no model
 * files: it stands in for a real sentence encoder in tests and offline fallbacks, and is lexical only
 * (it knows that 'Java' is close to 'java', not that 'Spring' is close to 'Java').
 */
export function createHashingEncoder(options: { dimensions?: number } = {}): Encoder {
  const dimensions = options.dimensions ?? 512;
  const encodeOne = (text: string): Float32Array => {
    const v = new Float32Array(dimensions);
    const add = (feature: string, weight: number): void => {
      const h = fnv1a(feature);
      v[h % dimensions]! += (h & 0x80000000) !== 0 ? -weight : weight;
    };
    for (const token of text.toLowerCase().match(/[a-z0-9#+.]+/g) ?? []) {
      const word = token.replace(/^\.+(?!net)|\.+$/g, '');
      if (word === '') continue;
      add(`w:${word}`, 1);
      const padded = `<${word}>`;
      for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`, 0.3);
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < dimensions; i++) v[i]! /= norm;
    return v;
  };
  return Object.freeze({
    id: `hashing-${dimensions}`,
    dimensions,
    encode: async (texts: string[]) => texts.map(encodeOne),
    dispose: async () => {},
  });
}
