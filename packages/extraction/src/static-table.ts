import { JobskillError } from '@jobskill/data';
import type { Encoder, HashedEncoder } from '@jobskill/encoders';
import type { TokenTable } from './dense.ts';

/**
 * The word-piece table of the encoder when it is a static embedding model (the embedded encoder): phrases are then
 * summed from its rows instead of being encoded one by one. Null for any other encoder (phrases go through `encode`).
 */
export function openStaticTokenTable(encoder: Encoder): TokenTable | null {
  const table = (encoder as Partial<HashedEncoder>).tokenTable ?? null;
  if (table === null) return null;
  if (table.dim !== encoder.dimensions) {
    throw new JobskillError('INDEX_MISMATCH', `static table of ${encoder.id} has ${table.dim} dimensions, the encoder ${encoder.dimensions}`);
  }
  return table;
}
