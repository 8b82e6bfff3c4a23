import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import usearch, { type BatchMatches, type Matches } from 'usearch';
import { JobskillError } from '@jobskill/data';
import type { VectorIndex, VectorMatch } from './types.ts';
import { zeroOffset } from './usearch-index.ts';

/** Closes the file of an on-demand store that is garbage-collected without having been loaded. */
const OPEN_FILES = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

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
  /** Set while the vectors stay on disk (`fromFile(…, { vectors: 'on-demand' })`): rows are read when asked for. */
  #onDisk: { file: string; fd: number; offset: number } | null = null;

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
   *
   * `vectors: 'on-demand'` reads only the keys: rows are read from the file when `rows()` asks for them (the OS
   * page cache, shared by every worker on the machine, holds them), and the whole matrix only when a search or
   * `vectors()` needs it. For stores of which a request touches a few rows (the ~100 MB of alias vectors behind
   * each hit's best alias).
   */
  static fromFile(file: string, options: { vectors?: 'eager' | 'on-demand' } = {}): ExactVectorIndex {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (cause) {
      throw new JobskillError('INDEX_UNREADABLE', `cannot read exact index ${file}: ${(cause as Error).message}`, { cause });
    }
    let keepOpen = false;
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
      const keyBytes = size * 4;
      if (readFully(fd, new Uint8Array(keys.buffer, 0, keyBytes), HEADER_BYTES) !== keyBytes) {
        throw new JobskillError('INDEX_UNREADABLE', `${file} changed while it was read (short read)`);
      }
      index.#keys = keys;
      index.#size = size;
      if (options.vectors === 'on-demand') {
        index.#vectors = new Float32Array(0);
        index.#onDisk = { file, fd, offset: HEADER_BYTES + keyBytes };
        OPEN_FILES.register(index, fd, index);
        keepOpen = true;
        return index;
      }
      const vectors = new Float32Array(Math.max(1, size) * dimensions);
      const vectorBytes = size * dimensions * 4;
      if (readFully(fd, new Uint8Array(vectors.buffer, 0, vectorBytes), HEADER_BYTES + keyBytes) !== vectorBytes) {
        throw new JobskillError('INDEX_UNREADABLE', `${file} changed while it was read (short read)`);
      }
      index.#vectors = vectors;
      return index;
    } finally {
      if (!keepOpen) closeSync(fd);
    }
  }

  /** True while the vectors are read from disk row by row (see `fromFile`). */
  get onDemand(): boolean {
    return this.#onDisk !== null;
  }

  /**
   * Rows [first, first + count) as one row-major block (read-only): a view when in memory, else read from the file,
   * into `scratch` when it is large enough (a caller that reads a block per hit allocates nothing: fresh ArrayBuffers
   * count as external memory and bring V8's full collections sooner, which showed as p99 latency).
   */
  rows(first: number, count: number, scratch?: Float32Array): Float32Array {
    const d = this.dimensions;
    if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || first + count > this.#size) {
      throw new JobskillError('INVALID_INPUT', `rows ${first}…${first + count} are outside the ${this.#size} stored vectors`);
    }
    const disk = this.#onDisk;
    if (disk === null) return this.#vectors.subarray(first * d, (first + count) * d);
    const out = scratch !== undefined && scratch.length >= count * d ? scratch.subarray(0, count * d) : new Float32Array(count * d);
    if (readFully(disk.fd, new Uint8Array(out.buffer, out.byteOffset, out.byteLength), disk.offset + first * d * 4) !== out.byteLength) {
      throw new JobskillError('INDEX_UNREADABLE', `${disk.file} changed while it was read (short read)`);
    }
    return out;
  }

  size(): number {
    return this.#size;
  }

  /** Row-major view of the stored vectors (no copy; an on-demand store reads them all into memory first). */
  vectors(): Float32Array {
    if (this.#onDisk !== null) this.#loadAll();
    return this.#vectors.subarray(0, this.#size * this.dimensions);
  }

  #loadAll(): void {
    const disk = this.#onDisk!;
    const vectors = new Float32Array(Math.max(1, this.#size) * this.dimensions);
    const bytes = this.#size * this.dimensions * 4;
    if (readFully(disk.fd, new Uint8Array(vectors.buffer, 0, bytes), disk.offset) !== bytes) {
      throw new JobskillError('INDEX_UNREADABLE', `${disk.file} changed while it was read (short read)`);
    }
    this.#vectors = vectors;
    this.#onDisk = null;
    OPEN_FILES.unregister(this);
    closeSync(disk.fd);
  }

  keys(): Uint32Array {
    return this.#keys.subarray(0, this.#size);
  }

  add(keys: ArrayLike<number>, vectors: Float32Array): void {
    if (this.#onDisk !== null) this.#loadAll();
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

  /**
   * Cosine score of every stored vector, by row position, with no sort: every stored row is sent as a query
   * against a one-vector dataset (the query), top 1 each, so USearch's SIMD kernel computes each dot product once
   * (the same products, bit for bit, as searching the rows for the query; ≈ 5× faster than asking that search for all
   * rows sorted and scattering them back).
   */
  scoreAll(query: Float32Array): Float32Array {
    const out = new Float32Array(this.#size);
    if (this.#size === 0) return out;
    if (query.length !== this.dimensions) {
      throw new JobskillError('DIMENSION_MISMATCH', `query has ${query.length} dimensions, the index ${this.dimensions}`);
    }
    const matches = usearch.exactSearch(zeroOffset(query), this.vectors(), this.dimensions, 1, usearch.MetricKind.IP, 1) as BatchMatches;
    const distances = matches.distances;
    for (let i = 0; i < this.#size; i++) out[i] = 1 - distances[i]!;
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
