import { Prng } from '@jobskill/data';
import { BERT_SPECIAL_TOKENS, writeStaticEmbeddingModel } from '@jobskill/models';

/**
 * Words of the taskb-tiny fixture grouped by topic. The tiny model gives each word its topic's direction
 * plus noise, so titles retrieve the skills of their topic through a real onnxruntime session.
 */
export const TOPICS: Record<string, string[]> = {
  data: ['data', 'scientist', 'machine', 'learning', 'statistical', 'python', 'programming', 'analysis', 'analyse', 'analytics'],
  software: ['software', 'developer', 'development', 'develop', 'javascript', 'java', 'script'],
  care: ['nurse', 'patient', 'care', 'for', 'patients', 'administer', 'medication', 'administration'],
  logistics: ['operate', 'forklift', 'operation', 'driver', 'warehouse'],
};

export const TINY_DIM = 32;

/** Token embedding table: topic direction (shared) + word-specific noise. */
export function tinyEmbeddingTable(seed = 11, dim = TINY_DIM): { vocab: string[]; table: Float32Array } {
  const words = Object.values(TOPICS).flat();
  const vocab = [...BERT_SPECIAL_TOKENS, ...words];
  const random = new Prng(seed);
  const topicVectors = new Map(Object.keys(TOPICS).map((topic) => [topic, random.normals(dim)]));
  const table = random.normals(vocab.length * dim, 0.05);
  for (const [topic, topicWords] of Object.entries(TOPICS)) {
    const direction = topicVectors.get(topic)!;
    const noise = new Prng(seed + topic.length);
    for (const word of topicWords) {
      const row = vocab.indexOf(word);
      for (let j = 0; j < dim; j++) table[row * dim + j] = direction[j]! + 0.6 * noise.normal();
    }
  }
  return { vocab, table };
}

/** Writes the tiny static-embedding model as an HF folder (fp32, plus q8 when asked). */
export async function writeTinyEncoder(
  dir: string,
  options: { seed?: number; quantize?: boolean; modelId?: string } = {},
): Promise<void> {
  const { vocab, table } = tinyEmbeddingTable(options.seed ?? 11);
  await writeStaticEmbeddingModel(dir, {
    vocab,
    embeddings: table,
    dim: TINY_DIM,
    modelId: options.modelId ?? 'jobskill/tiny-test-encoder',
    manifest: { fixture: 'retrieval tiny encoder', seed: options.seed ?? 11 },
    ...(options.quantize ? { quantize: 'q8' as const } : {}),
  });
}
