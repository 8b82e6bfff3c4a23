// Test helpers: a model-free encoder and a tiny static-embedding model written as a real HF folder.
export { createHashingEncoder } from './hashing-encoder.ts';
export { TINY_DIM, TOPICS, tinyEmbeddingTable, writeTinyEncoder } from './tiny-encoder.ts';
