import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import usearch, { type Index as UsearchIndex, type Matches, type ScalarKind } from 'usearch';
import { JobskillError, parseOptions } from '@jobskill/data';
import {
  vectorIndexOptionsSchema,
  type Quantization,
  type ResolvedVectorIndexOptions,
  type VectorIndex,
  type VectorIndexOptions,
  type VectorMatch,
} from './types.ts';

const SCALAR: Record<Quantization, ScalarKind> = {
  f32: usearch.ScalarKind.F32,
  f16: usearch.ScalarKind.F16,
  i8: usearch.ScalarKind.I8,
};

/** USearch reads raw pointers: a subarray's byteOffset would be ignored, so hand it a zero-offset copy. */
export function zeroOffset(v: Float32Array): Float32Array {
  return v.byteOffset === 0 ? v : v.slice();
}

/**
 * Checks the USearch file layout before handing it to the native loader, which hangs or reads out of
 * bounds on garbage: [rows u32][bytes per vector u32][rows × bytes][64-byte head starting with "usearch"].
 */
export function checkUsearchFile(file: string): { rows: number } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (cause) {
    throw new JobskillError('INDEX_UNREADABLE', `cannot open USearch index ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    const size = fstatSync(fd).size;
    const dims = Buffer.alloc(8);
    if (size < 8 + 64 || readSync(fd, dims, 0, 8, 0) !== 8) {
      throw new JobskillError('INDEX_UNREADABLE', `${file} is truncated or not a USearch index (${size} bytes)`);
    }
    const rows = dims.readUInt32LE(0);
    const headAt = 8 + rows * dims.readUInt32LE(4);
    const magic = Buffer.alloc(7);
    if (headAt + 64 > size || readSync(fd, magic, 0, 7, headAt) !== 7 || magic.toString('latin1') !== 'usearch') {
      throw new JobskillError('INDEX_UNREADABLE', `${file} is corrupt or not a USearch index (no "usearch" head at byte ${headAt})`);
    }
    return { rows };
  } finally {
    closeSync(fd);
  }
}

/** USearch HNSW index, cosine metric. Built in RAM, or opened from a file with `load` (copy) / `view` (mmap). */
export class UsearchVectorIndex implements VectorIndex {
  readonly backend = 'usearch' as const;
  readonly dimensions: number;
  readonly quantization: Quantization;
  readonly options: ResolvedVectorIndexOptions;
  /** True when opened with `view`: memory-mapped and read-only. */
  readonly readOnly: boolean;
  readonly #index: UsearchIndex;

  private constructor(options: ResolvedVectorIndexOptions, readOnly: boolean) {
    this.options = options;
    this.dimensions = options.dimensions;
    this.quantization = options.quantization;
    this.readOnly = readOnly;
    this.#index = new usearch.Index({
      dimensions: options.dimensions,
      metric: usearch.MetricKind.Cos,
      quantization: SCALAR[options.quantization],
      connectivity: options.connectivity,
      expansion_add: options.expansionAdd,
      expansion_search: options.expansionSearch,
      multi: false,
    });
  }

  static create(options: VectorIndexOptions): UsearchVectorIndex {
    return new UsearchVectorIndex(parseOptions(vectorIndexOptionsSchema, options, { what: 'vector index' }), false);
  }

  /** Opens a saved index; `view` memory-maps the file instead of reading it into RAM. */
  static open(file: string, options: VectorIndexOptions, mode: 'load' | 'view'): UsearchVectorIndex {
    checkUsearchFile(file);
    const index = new UsearchVectorIndex(parseOptions(vectorIndexOptionsSchema, options, { what: 'vector index' }), mode === 'view');
    try {
      if (mode === 'view') index.#index.view(file);
      else index.#index.load(file);
    } catch (cause) {
      throw new JobskillError('INDEX_UNREADABLE', `cannot ${mode} USearch index ${file}: ${(cause as Error).message}`, {
        cause,
      });
    }
    if (index.#index.dimensions() !== index.dimensions) {
      throw new JobskillError(
        'INDEX_UNREADABLE',
        `USearch index ${file} has ${index.#index.dimensions()} dimensions, its manifest says ${index.dimensions}`,
      );
    }
    return index;
  }

  size(): number {
    return Number(this.#index.size());
  }

  add(keys: ArrayLike<number>, vectors: Float32Array): void {
    if (this.readOnly) throw new JobskillError('INDEX_READ_ONLY', 'a viewed (memory-mapped) index cannot be added to');
    if (vectors.length !== keys.length * this.dimensions) {
      throw new JobskillError(
        'DIMENSION_MISMATCH',
        `add: ${keys.length} keys need ${keys.length * this.dimensions} numbers, got ${vectors.length}`,
      );
    }
    if (keys.length === 0) return;
    const bigKeys = new BigUint64Array(keys.length);
    for (let i = 0; i < keys.length; i++) bigKeys[i] = BigInt(keys[i]!);
    // One thread: a parallel add builds a different graph each time (and left 1–6 of the 13,896 ESCO skills
    // unreachable, a different set per build); one thread gives the same bytes every build, for +0.2 s on ESCO.
    this.#index.add(bigKeys, zeroOffset(vectors), 1);
  }

  search(query: Float32Array, k: number): VectorMatch[] {
    if (query.length !== this.dimensions) {
      throw new JobskillError('DIMENSION_MISMATCH', `query has ${query.length} dimensions, the index ${this.dimensions}`);
    }
    const size = this.size();
    const limit = Math.min(Math.floor(k), size);
    if (limit <= 0) return [];
    // One query thread: queries are served concurrently by the caller, so per-query threads only add overhead.
    const matches = this.#index.search(zeroOffset(query), limit, 1);
    const out: VectorMatch[] = new Array(matches.keys.length);
    for (let i = 0; i < matches.keys.length; i++) {
      out[i] = { key: Number(matches.keys[i]!), score: 1 - matches.distances[i]! };
    }
    return out;
  }

  save(file: string): void {
    this.#index.save(file);
  }
}
