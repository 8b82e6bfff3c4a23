import type { Encoder } from '@jobskill/encoders';

/**
 * The embedded encoder, or the HF folder `dir` (else $JOBSKILL_ENCODER), checked against its manifest's hashes.
 * Imported lazily so that labelers which need no encoder never load onnxruntime.
 */
export async function loadDefaultEncoder(dir?: string): Promise<Encoder> {
  const { createEncoder, requireEncoderDir } = await import('@jobskill/encoders');
  return createEncoder({ model: requireEncoderDir(dir) });
}
