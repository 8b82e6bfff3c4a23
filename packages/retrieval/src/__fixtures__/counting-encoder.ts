import type { Encoder } from '@jobskill/encoders';
import { createHashingEncoder as createModelFreeEncoder } from '@jobskill/encoders/testing';

/** @jobskill/encoders' hashing encoder that also counts encode() calls (tests of query-vector reuse). */
export function createCountingEncoder(dimensions = 64): Encoder & { calls: number } {
  const inner = createModelFreeEncoder({ dimensions });
  const enc = {
    id: inner.id,
    dimensions,
    calls: 0,
    async encode(texts: string[]): Promise<Float32Array[]> {
      enc.calls++;
      return inner.encode(texts);
    },
    dispose: () => inner.dispose(),
  };
  return enc;
}
