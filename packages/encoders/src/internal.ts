// Not a stable API: @jobskill/encoders/internal is for this repo's scripts, benches and tests; it changes without notice.
export type { StaticTokenTable } from './types.ts';
export { meanPoolNormalize } from './transformers-encoder.ts';
export { EMBEDDED_ENCODER_NAME, MODEL_MANIFEST_FILE, verifyModelFolder } from './paths.ts';
export { onnxFileOf } from './hf-loader.ts';
