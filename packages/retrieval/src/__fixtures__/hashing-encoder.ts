import type { Encoder } from '@jobskill/encoders';

/**
 * A deterministic stand-in Encoder for tests of code that takes an Encoder as a dependency:
 * hashed word and character-trigram counts, L2-normalized. Similar strings get similar vectors,
 * which is all graph matching and feature extraction need to be exercised.
 */
export function createHashingEncoder(dimensions = 64): Encoder & { calls: number } {
  const enc = {
    id: `hashing-encoder-${dimensions}`,
    dimensions,
    calls: 0,
    async encode(texts: string[]): Promise<Float32Array[]> {
      enc.calls++;
      return texts.map((text) => {
        const v = new Float32Array(dimensions);
        const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
        for (const w of words) {
          v[hash(`w:${w}`) % dimensions]! += 2;
          const padded = `#${w}#`;
          for (let i = 0; i + 3 <= padded.length; i++) v[hash(padded.slice(i, i + 3)) % dimensions]! += 1;
        }
        let norm = 0;
        for (const x of v) norm += x * x;
        norm = Math.sqrt(norm) || 1;
        for (let i = 0; i < dimensions; i++) v[i] = v[i]! / norm;
        return v;
      });
    },
    async dispose(): Promise<void> {},
  };
  return enc;
}

function hash(s: string): number {
  // FNV-1a, 32-bit.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
