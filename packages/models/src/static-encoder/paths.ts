import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JobskillError } from '@jobskill/data';

/** Name of the embedded default encoder's folder under packages/models/artifacts/. */
export const DEFAULT_ENCODER_NAME = 'esco-static-encoder';

// src/static-encoder/ and dist/static-encoder/ both sit two levels below the package root.
const ARTIFACTS_DIR = fileURLToPath(new URL('../../artifacts/', import.meta.url));

/** Absolute folder of a model built by `pnpm turbo run model` (HF layout), e.g. `embeddedModelDir('esco-static-encoder')`. */
export function embeddedModelDir(name: string): string {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name) || name.includes('..')) {
    throw new JobskillError('INVALID_MODEL_NAME', `embedded model name ${JSON.stringify(name)} must be a plain folder name`);
  }
  return resolve(ARTIFACTS_DIR, name);
}

/** Folder of the embedded default encoder (the ESCO-trained static embedding model). */
export function defaultEncoderDir(): string {
  return embeddedModelDir(DEFAULT_ENCODER_NAME);
}

/**
 * Name of the held-out build of the embedded encoder: the same recipe trained without 10 % of the ESCO occupations
 * (listed in its manifest as `trainer.heldOutOccupations`). The embedded re-ranker trains on those occupations'
 * titles with it, so its encoder features look like those of titles the served encoder never saw.
 */
export const HELD_OUT_ENCODER_NAME = 'esco-static-encoder-heldout';

/** Folder of the held-out build (see HELD_OUT_ENCODER_NAME). */
export function heldOutEncoderDir(): string {
  return embeddedModelDir(HELD_OUT_ENCODER_NAME);
}
