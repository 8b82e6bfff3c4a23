import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import usearch, { type Matches } from 'usearch';
import { JobskillError } from '@jobskill/data';
import type { VectorIndex, VectorMatch } from './types.ts';
import { zeroOffset } from './usearch-index.ts';

const MAGIC = 0x4958534a; // "JSXI"
const HEADER_BYTES = 12;

/** Reads `target.byteLength` bytes at `position` (readSync may return fewer per call); returns the bytes read. */
function readFully(fd: number, target: Uint8Array, position: number): number {
  let done = 0;
  while (done < target.byteLength) {
    const n = readSync(fd, target, done, target.byteLength - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * Brute-force cosine search over f32 vectors (USearch's SIMD `exactSearch`, inner product on normalized
 * vectors). The baseline for ANN recall, and the source of exact first-stage scores for the whole corpus.
 */
export class ExactVectorIndex implements VectorIndex {
  readonly backend = 'exact' as const;
  readonly quantization = 'f32' as const;
  readonly dimensions: number;
  #keys: Uint32Array;
  #vectors: Float32Array;
  #size = 0;

  constructor(dimensions: number, capacity = 1024) {
    if (!Number.isInteger(dimensions) || dimensions <= 0) {
      throw new JobskillError('INVALID_OPTION', `dimensions must be a positive integer, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.#keys = new Uint32Array(capacity);
    this.#vectors = new Float32Array(capacity * dimensions);
  }

  /**
   * Reads a saved index straight into its two typed arrays (one read each, no intermediate Buffer): start-up
   * cost is the disk read of the vectors and nothing else, and the process holds one copy of them.
   */
  static fromFile(file: string): ExactVectorIndex {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (cause) {
      throw new JobskillError('INDEX_UNREADABLE', `cannot read exact index ${file}: ${(cause as Error).message}`, { cause });
    }
    try {
      const byteLength = fstatSync(fd).size;
      const header = new Uint8Array(HEADER_BYTES);
      const view = new DataView(header.buffer);
      if (byteLength < HEADER_BYTES || readFully(fd, header, 0) !== HEADER_BYTES || view.getUint32(0, true) !== MAGIC) {
        throw new JobskillError('INDEX_UNREADABLE', `${file} is not a jobskill exact index (bad header)`);
      }
      const dimensions = view.getUint32(4, true);
      const size = view.getUint32(8, true);
      const expected = HEADER_BYTES + size * 4 + size * dimensions * 4;
      if (byteLength !== expected) {
        throw new JobskillError(
          'INDEX_UNREADABLE',
          `${file} is truncated or corrupt: ${byteLength} bytes, expected ${expected} for ${size} vectors of ${dimensions} dimensions`,
        );
      }
      const index = new ExactVectorIndex(dimensions, 1);
      const keys = new Uint32Array(Math.max(1, size));
      const vectors = new Float32Array(Math.max(1, size) * dimensions);
      const keyBytes = size * 4;
      const vectorBytes = size * dimensions * 4;
      if (
        readFully(fd, new Uint8Array(keys.buffer, 0, keyBytes), HEADER_BYTES) !== keyBytes ||
        readFully(fd, new Uint8Array(vectors.buffer, 0, vectorBytes), HEADER_BYTES + keyBytes) !== vectorBytes
      ) {
        throw new JobskillError('INDEX_UNREADABLE', `${file} changed while it was read (short read)`);
      }
      index.#keys = keys;
      index.#vectors = vectors;
      index.#size = size;
      return index;
    } finally {
      closeSync(fd);
    }
  }

  size(): number {
    return this.#size;
  }

  /** Row-major view of the stored vectors (no copy). */
  vectors(): Float32Array {
    return this.#vectors.subarray(0, this.#size * this.dimensions);
  }

  keys(): Uint32Array {
    return this.#keys.subarray(0, this.#size);
  }

  add(keys: ArrayLike<number>, vectors: Float32Array): void {
    const n = keys.length;
    if (vectors.length !== n * this.dimensions) {
      throw new JobskillError('DIMENSION_MISMATCH', `add: ${n} keys need ${n * this.dimensions} numbers, got ${vectors.length}`);
    }
    const needed = this.#size + n;
    if (needed > this.#keys.length) {
      const capacity = Math.max(needed, this.#keys.length * 2);
      const keysGrown = new Uint32Array(capacity);
      keysGrown.set(this.#keys.subarray(0, this.#size));
      const vectorsGrown = new Float32Array(capacity * this.dimensions);
      vectorsGrown.set(this.#vectors.subarray(0, this.#size * this.dimensions));
      this.#keys = keysGrown;
      this.#vectors = vectorsGrown;
    }
    for (let i = 0; i < n; i++) this.#keys[this.#size + i] = keys[i]!;
    this.#vectors.set(vectors, this.#size * this.dimensions);
    this.#size = needed;
  }

  search(query: Float32Array, k: number): VectorMatch[] {
    if (query.length !== this.dimensions) {
      throw new JobskillError('DIMENSION_MISMATCH', `query has ${query.length} dimensions, the index ${this.dimensions}`);
    }
    const limit = Math.min(Math.floor(k), this.#size);
    if (limit <= 0) return [];
    const result = usearch.exactSearch(this.vectors(), zeroOffset(query), this.dimensions, limit, usearch.MetricKind.IP, 1);
    const matches = result as Matches;
    const out: VectorMatch[] = new Array(matches.keys.length);
    for (let i = 0; i < matches.keys.length; i++) {
      // exactSearch returns row positions; map them to the caller's keys. IP distance = 1 − dot.
      out[i] = { key: this.#keys[Number(matches.keys[i]!)]!, score: 1 - matches.distances[i]! };
    }
    return out;
  }

  /** Cosine score of every stored vector, by row position (SIMD search over all rows, then scattered back). */
  scoreAll(query: Float32Array): Float32Array {
    const out = new Float32Array(this.#size);
    if (this.#size === 0) return out;
    const matches = usearch.exactSearch(
      this.vectors(),
      zeroOffset(query),
      this.dimensions,
      this.#size,
      usearch.MetricKind.IP,
      1,
    ) as Matches;
    for (let i = 0; i < matches.keys.length; i++) out[Number(matches.keys[i]!)] = 1 - matches.distances[i]!;
    return out;
  }

  save(file: string): void {
    const header = new DataView(new ArrayBuffer(HEADER_BYTES));
    header.setUint32(0, MAGIC, true);
    header.setUint32(4, this.dimensions, true);
    header.setUint32(8, this.#size, true);
    const keys = this.keys();
    const vectors = this.vectors();
    writeFileSync(
      file,
      Buffer.concat([
        new Uint8Array(header.buffer),
        new Uint8Array(keys.buffer, keys.byteOffset, keys.byteLength),
        new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength),
      ]),
    );
  }
}
