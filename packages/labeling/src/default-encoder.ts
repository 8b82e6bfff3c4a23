import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JobskillError } from '@jobskill/data';
import type { Encoder } from './types.ts';

/**
 * The embedded encoder (built by @jobskill/models, loaded by @jobskill/retrieval's createEncoder through
 * transformers.js). Imported lazily so that labelers which need no encoder never load onnxruntime.
 */
export async function loadDefaultEncoder(): Promise<Encoder> {
  const retrieval = (await import('@jobskill/retrieval')) as unknown as Record<string, unknown>;
  const create = retrieval.createEncoder as ((o: { model: string }) => Promise<Encoder>) | undefined;
  const dirOf = retrieval.defaultEncoderDir as (() => string) | undefined;
  if (typeof create !== 'function' || typeof dirOf !== 'function') {
    throw new JobskillError('ENCODER_UNAVAILABLE', '@jobskill/retrieval does not export createEncoder/defaultEncoderDir; pass an encoder explicitly');
  }
  const dir = dirOf();
  if (!existsSync(join(dir, 'config.json'))) {
    throw new JobskillError('MODEL_NOT_BUILT', `the embedded encoder is not built (${dir} is missing); run \`pnpm turbo run model\` at the repository root`);
  }
  return create({ model: dir });
}
