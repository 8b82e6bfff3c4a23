import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JobskillError, verifyArtifact } from '@jobskill/data';

/** Folder name of the embedded default encoder, as `pnpm turbo run model` (@jobskill/models) writes it. */
export const EMBEDDED_ENCODER_NAME = 'esco-static-encoder';
/** The manifest of a jobskill-built model folder; it carries the sha256 of every file (`integrity`). */
export const MODEL_MANIFEST_FILE = 'jobskill-manifest.json';
const REBUILD = 'pnpm turbo run model';

// The built models live in packages/models/artifacts/ (build outputs of the model task); src/ and dist/ of this
// package both sit one level below packages/encoders/.
const ARTIFACTS_DIR = fileURLToPath(new URL('../../models/artifacts/', import.meta.url));

/** Absolute folder of the embedded default encoder (the ESCO-trained static embedding model). */
export function embeddedEncoderDir(): string {
  return resolve(ARTIFACTS_DIR, EMBEDDED_ENCODER_NAME);
}

/** The encoder folder to serve: `--encoder DIR`, else $JOBSKILL_ENCODER, else the embedded encoder. */
export function resolveEncoderDir(flag?: string): string {
  const chosen = flag ?? (process.env.JOBSKILL_ENCODER?.trim() || undefined);
  return chosen === undefined ? embeddedEncoderDir() : resolve(chosen);
}

/** resolveEncoderDir(flag), or a clear error when that folder has no model (not built yet, wrong path). */
export function requireEncoderDir(flag?: string): string {
  const dir = resolveEncoderDir(flag);
  if (!existsSync(join(dir, 'config.json'))) {
    const embedded = dir === embeddedEncoderDir();
    throw new JobskillError(
      embedded ? 'MODEL_NOT_BUILT' : 'MODEL_NOT_FOUND',
      embedded
        ? `the embedded encoder is not built (${dir} is missing); run \`${REBUILD}\` at the repository root`
        : `no encoder model at ${dir} (config.json is missing); pass --encoder DIR or JOBSKILL_ENCODER with an HF-layout folder`,
    );
  }
  return dir;
}

/**
 * Checks a jobskill-built model folder against the file hashes in its manifest (size + mtime cache, so start-up
 * stays fast). Folders without a jobskill manifest (an HF folder from elsewhere) are not ours to check.
 */
export async function verifyModelFolder(dir: string): Promise<void> {
  if (!existsSync(join(dir, MODEL_MANIFEST_FILE))) return;
  await verifyArtifact(dir, { manifest: MODEL_MANIFEST_FILE, what: `encoder model ${dir}`, rebuild: REBUILD });
}
