import { AutoModelForSequenceClassification, AutoTokenizer } from '@huggingface/transformers';
import { JobskillError } from '@jobskill/data';
import { pretrainedOptions, resolveModel } from '@jobskill/encoders';
import type { RerankerOptions } from './options.ts';
import type { RerankCandidate, Reranker } from './types.ts';

interface Logits {
  dims: number[];
  data: Float32Array;
}
type Tokenizer = (a: string[], options: { text_pair: string[]; padding: boolean; truncation: boolean; max_length?: number }) => unknown;
type Model = ((inputs: unknown) => Promise<{ logits: Logits }>) & { dispose(): Promise<unknown> };

/**
 * A transformers.js text-classification cross-encoder (e.g. Xenova/ms-marco-MiniLM-L-6-v2 or a local
 * HF folder): each (title, skill label) pair is scored jointly; the score is the relevance logit
 * (one-logit models) or the last class's logit minus the first's (two-class models).
 */
export class CrossEncoderReranker implements Reranker {
  readonly id: string;
  private readonly tokenizer: Tokenizer;
  private readonly model: Model;
  private readonly batchSize: number;

  constructor(id: string, tokenizer: Tokenizer, model: Model, batchSize: number) {
    this.id = id;
    this.tokenizer = tokenizer;
    this.model = model;
    this.batchSize = batchSize;
  }

  async rerank(query: string, candidates: RerankCandidate[]): Promise<number[]> {
    if (query.trim() === '') throw new JobskillError('INVALID_QUERY', 'job title is empty');
    const scores: number[] = [];
    for (let start = 0; start < candidates.length; start += this.batchSize) {
      const batch = candidates.slice(start, start + this.batchSize);
      // The preferred label stands for the skill: scoring every alias would multiply the cost.
      const labels = batch.map((c) => c.aliases[0] ?? '');
      const inputs = this.tokenizer(Array(batch.length).fill(query), { text_pair: labels, padding: true, truncation: true, max_length: 128 });
      const { logits } = await this.model(inputs);
      const classes = logits.dims[1] ?? 1;
      for (let i = 0; i < batch.length; i++) {
        const row = i * classes;
        scores.push(classes === 1 ? logits.data[row]! : logits.data[row + classes - 1]! - logits.data[row]!);
      }
    }
    return scores;
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}

/** Registry factory for 'cross-encoder': `model` is a hub id or a local HF folder. */
export async function createCrossEncoderReranker(options: RerankerOptions): Promise<CrossEncoderReranker> {
  const model = options.model;
  if (!model) throw new JobskillError('INVALID_OPTION', 'the cross-encoder re-ranker needs `model` (a hub id or a local model folder)');
  const resolved = resolveModel(model, options.dtype);
  const { path, local } = resolved;
  try {
    const tokenizer = (await AutoTokenizer.from_pretrained(path, { local_files_only: local })) as unknown as Tokenizer;
    const net = (await AutoModelForSequenceClassification.from_pretrained(path, pretrainedOptions(resolved))) as unknown as Model;
    return new CrossEncoderReranker(`cross-encoder:${model}`, tokenizer, net, options.batchSize ?? 64);
  } catch (cause) {
    throw new JobskillError('MODEL_LOAD_FAILED', `cannot load cross-encoder ${model}: ${(cause as Error).message}`, { cause });
  }
}
