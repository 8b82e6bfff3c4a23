import { z } from 'zod';
import { OnnxGraph, encodeOnnxModel, onnxTensor } from '../onnx/graph.ts';
import { writeHfModelFolder } from '../hf/folder.ts';
import { buildWordPieceTokenizer } from '../hf/wordpiece-tokenizer.ts';
import { Prng } from '@jobskill/data';
import { tinyVocab } from './vocab.ts';

/** NLI label order of roberta-large-mnli / bart-large-mnli (zero-shot reads label2id, so any order works). */
export const TINY_NLI_LABELS = Object.freeze(['contradiction', 'neutral', 'entailment'] as const);

export const TinySequenceClassificationOptionsSchema = z.object({
  /** 'cross-encoder': one relevance logit; 'nli': contradiction/neutral/entailment logits. */
  kind: z.enum(['cross-encoder', 'nli']),
  seed: z.number().int().default(1),
  dim: z.number().int().positive().default(32),
  /** Weight of the overlap term: logits move by up to ±scale with the cosine of the two segments. */
  scale: z.number().positive().default(10),
  words: z.array(z.string()).default([]),
});
export type TinySequenceClassificationOptions = z.input<typeof TinySequenceClassificationOptionsSchema>;

/** Everything needed to recompute the model's logits in TypeScript (tests compare against it). */
export interface TinySequenceClassifier {
  vocab: string[];
  labels: string[];
  dim: number;
  /** [vocab × dim]; special-token rows are zero. */
  embeddings: Float32Array;
  /** [dim × labels] linear head on the normalized first-segment mean. */
  weight: Float32Array;
  bias: Float32Array;
  /** Per-label factor on cos(segment A, segment B). */
  overlap: Float32Array;
}

const EPS = 1e-6;

/**
 * logits = normalize(ΣA) · W + b + overlap × cos(ΣA, ΣB), where ΣA / ΣB sum the token rows of the first / second
 * segment (token_type_ids 0 / 1, attention-masked). Within one query (segment A fixed) the ranking is by lexical
 * overlap of the two segments, which makes reranker and zero-shot tests predictable without a trained model.
 */
export function buildTinySequenceClassifierOnnx(m: TinySequenceClassifier): Uint8Array {
  const V = m.vocab.length;
  const C = m.labels.length;
  const g = new OnnxGraph('tiny_sequence_classifier');
  const shape = ['batch_size', 'sequence_length'];
  const ids = g.input('input_ids', 'int64', shape);
  const mask = g.input('attention_mask', 'int64', shape);
  const types = g.input('token_type_ids', 'int64', shape);
  const table = g.initializer('embeddings.word_embeddings.weight', onnxTensor('float32', [V, m.dim], m.embeddings));
  const x = g.op('Gather', [table, ids], { axis: 0 });
  const one = g.constant('float32', [], new Float32Array([1]));
  const eps = g.constant('float32', [], new Float32Array([EPS]));
  const axis1 = g.constant('int64', [1], new BigInt64Array([1n]));
  const lastAxis = g.constant('int64', [1], new BigInt64Array([-1n]));
  const maskF = g.op('Cast', [mask], { to: 1 });
  const typeF = g.op('Cast', [types], { to: 1 });
  const segment = (weights: string) => {
    const summed = g.op('ReduceSum', [g.op('Mul', [x, g.op('Unsqueeze', [weights, lastAxis])]), axis1], { keepdims: 0 });
    const norm = g.op('Sqrt', [g.op('ReduceSum', [g.op('Mul', [summed, summed]), axis1], { keepdims: 1 })]);
    return g.op('Div', [summed, g.op('Max', [norm, eps])]);
  };
  const a = segment(g.op('Mul', [maskF, g.op('Sub', [one, typeF])]));
  const b = segment(g.op('Mul', [maskF, typeF]));
  const cos = g.op('ReduceSum', [g.op('Mul', [a, b]), axis1], { keepdims: 1 });
  const w = g.initializer('classifier.weight', onnxTensor('float32', [m.dim, C], m.weight));
  const bias = g.initializer('classifier.bias', onnxTensor('float32', [C], m.bias));
  const overlap = g.initializer('classifier.overlap', onnxTensor('float32', [C], m.overlap));
  const linear = g.op('Add', [g.op('MatMul', [a, w]), bias]);
  g.output(g.op('Add', [linear, g.op('Mul', [cos, overlap])], {}, 'logits'), 'float32', ['batch_size', C]);
  return encodeOnnxModel(g, { docString: 'jobskill tiny sequence classifier (test model, not trained)' });
}

/** The same computation in TypeScript (float64), for tests. */
export function tinySequenceClassifierLogits(m: TinySequenceClassifier, ids: number[], typeIds: number[]): number[] {
  const sums = [new Float64Array(m.dim), new Float64Array(m.dim)];
  ids.forEach((id, i) => {
    const s = sums[typeIds[i] ?? 0]!;
    for (let k = 0; k < m.dim; k++) s[k]! += m.embeddings[id * m.dim + k]!;
  });
  const [a, b] = sums.map((s) => {
    const n = Math.max(Math.hypot(...s), EPS);
    return Array.from(s, (v) => v / n);
  }) as [number[], number[]];
  const cos = a.reduce((acc, v, k) => acc + v * b[k]!, 0);
  return m.labels.map((_, c) => {
    let z = m.bias[c]! + m.overlap[c]! * cos;
    for (let k = 0; k < m.dim; k++) z += a[k]! * m.weight[k * m.labels.length + c]!;
    return z;
  });
}

/**
 * Writes a tiny BERT-typed sequence classifier (BertForSequenceClassification: inputs input_ids, attention_mask,
 * token_type_ids; output logits [batch, labels]). 'cross-encoder' has one logit (score query/document pairs with
 * AutoModelForSequenceClassification + tokenizer(text, { text_pair })); 'nli' has contradiction/neutral/entailment
 * (zero-shot-classification, text-classification).
 */
export async function writeTinySequenceClassificationModel(
  dir: string,
  options: TinySequenceClassificationOptions,
): Promise<TinySequenceClassifier> {
  const o = TinySequenceClassificationOptionsSchema.parse(options);
  const vocab = tinyVocab('bert', o.words);
  const rng = new Prng(o.seed);
  const embeddings = rng.normals(vocab.length * o.dim, 1 / Math.sqrt(o.dim));
  // Special tokens and [UNK] carry no content: zero rows keep them out of both segment sums.
  for (const t of ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']) {
    const id = vocab.indexOf(t);
    embeddings.fill(0, id * o.dim, (id + 1) * o.dim);
  }
  const labels = o.kind === 'nli' ? [...TINY_NLI_LABELS] : ['LABEL_0'];
  const C = labels.length;
  const model: TinySequenceClassifier = {
    vocab,
    labels,
    dim: o.dim,
    embeddings,
    weight: rng.normals(o.dim * C, 0.1),
    bias: o.kind === 'nli' ? new Float32Array([0, 0.5, 0]) : new Float32Array([0]),
    overlap: o.kind === 'nli' ? new Float32Array([-o.scale, 0, o.scale]) : new Float32Array([o.scale]),
  };
  await writeHfModelFolder(dir, {
    config: {
      _name_or_path: `jobskill/tiny-${o.kind}-seed${o.seed}`,
      model_type: 'bert',
      architectures: ['BertForSequenceClassification'],
      vocab_size: vocab.length,
      hidden_size: o.dim,
      num_hidden_layers: 0,
      num_attention_heads: 1,
      max_position_embeddings: 512,
      type_vocab_size: 2,
      pad_token_id: 0,
      num_labels: C,
      id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
      label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
      jobskill: { kind: `tiny-${o.kind}`, seed: o.seed },
    },
    ...buildWordPieceTokenizer({ vocab }),
    onnxFiles: { 'model.onnx': buildTinySequenceClassifierOnnx(model) },
    extraFiles: { 'jobskill-manifest.json': { generator: 'writeTinySequenceClassificationModel', ...o } },
  });
  return model;
}
