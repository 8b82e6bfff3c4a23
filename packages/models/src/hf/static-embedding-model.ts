import { createHash } from 'node:crypto';
import { z } from 'zod';
import { JobskillError } from '@jobskill/data';
import { OnnxGraph, encodeOnnxModel, onnxTensor } from '../onnx/graph.ts';
import { writeHfModelFolder } from './folder.ts';
import { BERT_SPECIAL_TOKENS, buildWordPieceTokenizer, checkWordPieceVocab } from './wordpiece-tokenizer.ts';

/** Tokens whose rows are zeroed by default: they appear in every text (or only as padding), so they carry no meaning. */
export const STATIC_EMBEDDING_ZEROED_TOKENS = Object.freeze(['[PAD]', '[CLS]', '[SEP]', '[MASK]'] as const);

export const StaticEmbeddingModelSchema = z.object({
  /** WordPiece vocab by id, including the BERT special tokens. */
  vocab: z.array(z.string()).min(1),
  /** Row-major [vocab.length × dim] table. */
  embeddings: z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array'),
  dim: z.number().int().positive(),
  /** Written as config._name_or_path and into jobskill-manifest.json. */
  modelId: z.string().min(1),
  /** Anything the trainer wants to keep with the model (data hashes, hyper-parameters, metrics). */
  manifest: z.unknown(),
  /** Also write onnx/model_quantized.onnx (int8 rows + per-row fp32 scale), loaded with dtype 'q8'. */
  quantize: z.literal('q8').optional(),
  /**
   * 'zero' (default) zeroes [PAD]/[CLS]/[SEP]/[MASK], so mean pooling over the attention mask has the direction of
   * the mean over the text's own tokens; 'keep' writes the table unchanged.
   */
  specialTokenRows: z.enum(['zero', 'keep']).default('zero'),
  /** Tokenizer truncation length (model_max_length). */
  modelMaxLength: z.number().int().positive().default(512),
  lowercase: z.boolean().default(true),
  stripAccents: z.boolean().default(true),
});
export type StaticEmbeddingModelOptions = z.input<typeof StaticEmbeddingModelSchema>;

/** Symmetric per-row int8 quantization: row r ≈ q[r,:] × scales[r], scale = max|row| / 127 (0 for zero rows). */
export function quantizeRowsInt8(table: Float32Array, dim: number): { q: Int8Array; scales: Float32Array } {
  const rows = table.length / dim;
  if (!Number.isInteger(rows)) throw new JobskillError('INVALID_EMBEDDINGS', `table length ${table.length} is not a multiple of dim ${dim}`);
  const q = new Int8Array(table.length);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let k = 0; k < dim; k++) max = Math.max(max, Math.abs(table[r * dim + k]!));
    const scale = Math.fround(max / 127);
    scales[r] = scale;
    if (scale === 0) continue;
    for (let k = 0; k < dim; k++) q[r * dim + k] = Math.max(-127, Math.min(127, Math.round(table[r * dim + k]! / scale)));
  }
  return { q, scales };
}

/** The table the quantized graph effectively uses (for comparisons). Float32 products, as onnxruntime computes them. */
export function dequantizeRowsInt8(q: Int8Array, scales: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = Math.fround(q[i]! * scales[Math.floor(i / dim)]!);
  return out;
}

/**
 * ONNX graph: last_hidden_state[b,s,:] = table[input_ids[b,s], :] × attention_mask[b,s]. Masking padded positions
 * keeps `pooling: 'none'` outputs clean; mean pooling masks them again anyway.
 * The quantized variant gathers int8 rows and their scales before dequantizing, so each run touches only the
 * rows it needs (dequantizing the whole table first would cost vocab × dim work per call).
 */
export function buildStaticEmbeddingOnnx(
  table: Float32Array | { q: Int8Array; scales: Float32Array },
  vocabSize: number,
  dim: number,
): Uint8Array {
  const g = new OnnxGraph('static_embedding');
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', 'int64', ['batch_size', 'sequence_length']);
  let rows: string;
  if (table instanceof Float32Array) {
    const w = g.initializer('embeddings.word_embeddings.weight', onnxTensor('float32', [vocabSize, dim], table));
    rows = g.op('Gather', [w, ids], { axis: 0 });
  } else {
    const wq = g.initializer('embeddings.word_embeddings.weight_quantized', onnxTensor('int8', [vocabSize, dim], table.q));
    const ws = g.initializer('embeddings.word_embeddings.weight_scale', onnxTensor('float32', [vocabSize, 1], table.scales));
    const q = g.op('Cast', [g.op('Gather', [wq, ids], { axis: 0 })], { to: 1 });
    rows = g.op('Mul', [q, g.op('Gather', [ws, ids], { axis: 0 })]);
  }
  const axes = g.constant('int64', [1], new BigInt64Array([-1n]), 'axes');
  const maskF = g.op('Unsqueeze', [g.op('Cast', [mask], { to: 1 }), axes]);
  g.output(g.op('Mul', [rows, maskF], {}, 'last_hidden_state'), 'float32', ['batch_size', 'sequence_length', dim]);
  return encodeOnnxModel(g, { docString: 'jobskill static embedding: Gather(table, input_ids) * attention_mask' });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes a static (bag-of-token-embeddings) encoder as an HF folder that transformers.js loads as a BERT
 * feature-extraction model: `pipeline('feature-extraction', dir, { dtype: 'fp32' })` with
 * `{ pooling: 'mean', normalize: true }` returns normalize(Σ mask·row / Σ mask). With the default zeroed special
 * rows that is exactly the L2-normalized mean of the text's token rows ([UNK] included, [CLS]/[SEP] excluded).
 * Returns the manifest written to jobskill-manifest.json.
 */
export async function writeStaticEmbeddingModel(dir: string, options: StaticEmbeddingModelOptions): Promise<Record<string, unknown>> {
  const o = StaticEmbeddingModelSchema.parse(options);
  checkWordPieceVocab(o.vocab);
  const vocabSize = o.vocab.length;
  if (o.embeddings.length !== vocabSize * o.dim) {
    throw new JobskillError(
      'INVALID_EMBEDDINGS',
      `embeddings has ${o.embeddings.length} values, expected vocab ${vocabSize} × dim ${o.dim} = ${vocabSize * o.dim}`,
    );
  }
  const bad = o.embeddings.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new JobskillError('INVALID_EMBEDDINGS', `embeddings value at row ${Math.floor(bad / o.dim)}, column ${bad % o.dim} is not finite`);
  }
  const table = new Float32Array(o.embeddings);
  const zeroed: string[] = [];
  if (o.specialTokenRows === 'zero') {
    for (const token of STATIC_EMBEDDING_ZEROED_TOKENS) {
      const id = o.vocab.indexOf(token);
      table.fill(0, id * o.dim, (id + 1) * o.dim);
      zeroed.push(token);
    }
  }
  const onnxFiles: Record<string, Uint8Array> = { 'model.onnx': buildStaticEmbeddingOnnx(table, vocabSize, o.dim) };
  if (o.quantize === 'q8') {
    onnxFiles['model_quantized.onnx'] = buildStaticEmbeddingOnnx(quantizeRowsInt8(table, o.dim), vocabSize, o.dim);
  }
  const tokenizerFiles = buildWordPieceTokenizer({
    vocab: o.vocab,
    modelMaxLength: o.modelMaxLength,
    lowercase: o.lowercase,
    stripAccents: o.stripAccents,
  });
  const manifest = {
    modelId: o.modelId,
    kind: 'static-embedding',
    dim: o.dim,
    vocabSize,
    pooling: 'mean',
    normalize: true,
    zeroedTokens: zeroed,
    specialTokens: [...BERT_SPECIAL_TOKENS],
    onnx: Object.fromEntries(Object.entries(onnxFiles).map(([name, b]) => [name, { bytes: b.length, sha256: sha256(b) }])),
    trainer: o.manifest ?? null,
  };
  await writeHfModelFolder(dir, {
    config: {
      _name_or_path: o.modelId,
      model_type: 'bert',
      architectures: ['BertModel'],
      vocab_size: vocabSize,
      hidden_size: o.dim,
      // No transformer layers: the "model" is the embedding table. These keep BERT config readers happy.
      num_hidden_layers: 0,
      num_attention_heads: 1,
      intermediate_size: o.dim,
      max_position_embeddings: o.modelMaxLength,
      type_vocab_size: 2,
      pad_token_id: o.vocab.indexOf('[PAD]'),
      jobskill: { kind: 'static-embedding', pooling: 'mean', normalize: true },
    },
    ...tokenizerFiles,
    onnxFiles,
    extraFiles: { 'jobskill-manifest.json': manifest },
  });
  return manifest;
}
