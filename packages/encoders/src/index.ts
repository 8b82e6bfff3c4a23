// The sentence encoder stage: interface, registry, transformers.js loader, where the embedded encoder lives.
export { encoderIdentity, encoderOptionsSchema } from './types.ts';
export type { Encoder, HashedEncoder, EncoderIdentity, EncoderOptions, ResolvedEncoderOptions } from './types.ts';
export { createEncoder, hashModelFiles } from './transformers-encoder.ts';
export { encoders, createEncoderByName, defaultEncoderDir, requireDefaultEncoderDir } from './registry.ts';
export type { EncoderName, EmbeddedEncoderOptions } from './registry.ts';
export { embeddedEncoderDir, requireEncoderDir, resolveEncoderDir } from './paths.ts';
export { DEFAULT_DTYPE, isLocalModel, modelLoadError, pretrainedOptions, resolveModel } from './hf-loader.ts';
export type { Dtype, ResolvedModel } from './hf-loader.ts';
export { LruCache } from './lru-cache.ts';
// The model-free encoder is also a runtime fallback (labeling evaluation without a built model).
export { createHashingEncoder } from './testing/hashing-encoder.ts';
