import { JobskillError } from '@jobskill/data';
import { embeddedEncoderDir, requireEncoderDir } from './paths.ts';
import { createEncoder } from './transformers-encoder.ts';
import type { EncoderOptions, HashedEncoder } from './types.ts';

/** The embedded encoder folder that @jobskill/models builds (`pnpm turbo run model`). */
export function defaultEncoderDir(): string {
  return embeddedEncoderDir();
}

/** defaultEncoderDir(), or a clear error when it has not been built yet. */
export function requireDefaultEncoderDir(): string {
  return requireEncoderDir(embeddedEncoderDir());
}

export type EmbeddedEncoderOptions = Omit<EncoderOptions, 'model'> & { model?: string };

/** Frozen registry of encoders, name → factory. */
export const encoders = Object.freeze({
  /** The project's own model (ESCO static encoder), or `model` (else $JOBSKILL_ENCODER) to point at another build. */
  embedded: (options: EmbeddedEncoderOptions = {}): Promise<HashedEncoder> =>
    createEncoder({ ...options, model: requireEncoderDir(options.model) }),
  /** Any hub id or local HF folder. */
  transformers: (options: EncoderOptions): Promise<HashedEncoder> => createEncoder(options),
});

export type EncoderName = keyof typeof encoders;

export async function createEncoderByName(name: string, options: EmbeddedEncoderOptions = {}): Promise<HashedEncoder> {
  if (!Object.hasOwn(encoders, name)) {
    throw new JobskillError('UNKNOWN_ENCODER', `unknown encoder "${name}"; valid: ${Object.keys(encoders).join(', ')}`);
  }
  if (name === 'transformers') {
    if (options.model === undefined) {
      throw new JobskillError('INVALID_OPTION', 'the "transformers" encoder needs a model (hub id or folder)');
    }
    return encoders.transformers({ ...options, model: options.model });
  }
  return encoders.embedded(options);
}
