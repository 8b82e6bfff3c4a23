import { JobskillError, parseOptions } from '@jobskill/data';
import { ExactVectorIndex } from './exact-index.ts';
import { vectorIndexOptionsSchema, type VectorIndex, type VectorIndexOptions } from './types.ts';
import { UsearchVectorIndex } from './usearch-index.ts';

/** Frozen registry of VectorIndex implementations, name → factory. */
export const vectorIndexes = Object.freeze({
  usearch: (options: VectorIndexOptions): VectorIndex => UsearchVectorIndex.create(options),
  exact: (options: VectorIndexOptions): VectorIndex =>
    new ExactVectorIndex(parseOptions(vectorIndexOptionsSchema, options, { what: 'vector index' }).dimensions),
});

export type VectorIndexName = keyof typeof vectorIndexes;

export function createVectorIndex(name: string, options: VectorIndexOptions): VectorIndex {
  if (!Object.hasOwn(vectorIndexes, name)) {
    throw new JobskillError(
      'UNKNOWN_VECTOR_INDEX',
      `unknown vector index "${name}"; valid: ${Object.keys(vectorIndexes).join(', ')}`,
    );
  }
  return vectorIndexes[name as VectorIndexName](options);
}
