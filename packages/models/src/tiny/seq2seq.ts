import { z } from 'zod';
import { OnnxGraph, encodeOnnxModel, onnxTensor } from '../onnx/graph.ts';
import { writeHfModelFolder } from '../hf/folder.ts';
import { buildWordPieceTokenizer } from '../hf/wordpiece-tokenizer.ts';
import { Prng } from '@jobskill/data';
import { tinyVocab } from './vocab.ts';

export const TinySeq2SeqOptionsSchema = z.object({
  seed: z.number().int().default(1),
  /** Width of the token vectors; the encoder output is 2 × dim wide. */
  dim: z.number().int().positive().default(64),
  /** Softmax sharpness of the attention and of the output logits. */
  sharpness: z.number().positive().default(30),
  words: z.array(z.string()).default([]),
});
export type TinySeq2SeqOptions = z.input<typeof TinySeq2SeqOptionsSchema>;

export interface TinySeq2Seq {
  vocab: string[];
  dim: number;
  /** [vocab × dim], unit-norm rows. */
  embeddings: Float32Array;
  sharpness: number;
}

const BATCH = 'batch_size';
const ENC_SEQ = 'encoder_sequence_length';
const DEC_SEQ = 'decoder_sequence_length';

/**
 * Encoder: last_hidden_state[b, j] = [E[x_j] ; E[x_{j-1}]] (x_{-1} = <pad>, the decoder start token).
 */
function buildEncoder(m: TinySeq2Seq): Uint8Array {
  const g = new OnnxGraph('tiny_t5_encoder');
  const ids = g.input('input_ids', 'int64', [BATCH, ENC_SEQ]);
  g.input('attention_mask', 'int64', [BATCH, ENC_SEQ]);
  const table = g.initializer('shared.weight', onnxTensor('float32', [m.vocab.length, m.dim], m.embeddings));
  const padded = g.op('Pad', [ids, g.constant('int64', [4], new BigInt64Array([0n, 1n, 0n, 0n]))]);
  const prevIds = g.op('Slice', [
    padded,
    g.constant('int64', [1], new BigInt64Array([0n])),
    g.constant('int64', [1], new BigInt64Array([-1n])),
    g.constant('int64', [1], new BigInt64Array([1n])),
  ]);
  const cur = g.op('Gather', [table, ids], { axis: 0 });
  const prev = g.op('Gather', [table, prevIds], { axis: 0 });
  g.output(g.op('Concat', [cur, prev], { axis: 2 }, 'last_hidden_state'), 'float32', [BATCH, ENC_SEQ, 2 * m.dim]);
  return encodeOnnxModel(g, { docString: 'jobskill tiny T5-style encoder (copy model, test only)' });
}

/**
 * Merged decoder with the interface optimum exports for T5 (one layer, one head): inputs encoder_attention_mask,
 * input_ids, encoder_hidden_states, past_key_values.0.{decoder,encoder}.{key,value}, use_cache_branch; outputs
 * logits and present.0.*. Each position attends to the encoder positions whose *previous* token equals the current
 * decoder token and predicts the token found there, so greedy decoding copies the input up to </s>. Logits depend
 * only on the current token, which keeps cached (one token per step) and uncached (full prefix) runs identical;
 * the decoder cache is still grown and returned so transformers.js's cache handling is exercised.
 */
function buildDecoder(m: TinySeq2Seq): Uint8Array {
  const V = m.vocab.length;
  const D = m.dim;
  const g = new OnnxGraph('tiny_t5_decoder_merged');
  const encMask = g.input('encoder_attention_mask', 'int64', [BATCH, ENC_SEQ]);
  const ids = g.input('input_ids', 'int64', [BATCH, DEC_SEQ]);
  const enc = g.input('encoder_hidden_states', 'float32', [BATCH, ENC_SEQ, 2 * D]);
  const pastDecKey = g.input('past_key_values.0.decoder.key', 'float32', [BATCH, 1, 'past_decoder_sequence_length', D]);
  const pastDecValue = g.input('past_key_values.0.decoder.value', 'float32', [BATCH, 1, 'past_decoder_sequence_length', D]);
  const pastEncKey = g.input('past_key_values.0.encoder.key', 'float32', [BATCH, 1, 'encoder_sequence_length_out', D]);
  const pastEncValue = g.input('past_key_values.0.encoder.value', 'float32', [BATCH, 1, 'encoder_sequence_length_out', D]);
  const useCache = g.input('use_cache_branch', 'bool', [1]);

  const table = g.initializer('shared.weight', onnxTensor('float32', [V, D], m.embeddings));
  const transposed = new Float32Array(D * V);
  for (let v = 0; v < V; v++) for (let k = 0; k < D; k++) transposed[k * V + v] = m.embeddings[v * D + k]!;
  const lmHead = g.initializer('lm_head.weight', onnxTensor('float32', [D, V], transposed));
  const sharp = g.constant('float32', [], new Float32Array([m.sharpness]));
  const axis1 = g.constant('int64', [1], new BigInt64Array([1n]));

  const [encCur, encPrev] = g.node('Split', [enc, g.constant('int64', [2], new BigInt64Array([BigInt(D), BigInt(D)]))], 2, {
    axis: 2,
  }) as [string, string];
  const q = g.op('Gather', [table, ids], { axis: 0 });
  const scores = g.op('Mul', [g.op('MatMul', [q, g.op('Transpose', [encPrev], { perm: [0, 2, 1] })]), sharp]);
  // Padded encoder positions get -1e4 before the softmax (the additive mask of HF attention).
  const maskF = g.op('Cast', [encMask], { to: 1 });
  const blocked = g.op('Mul', [g.op('Sub', [g.constant('float32', [], new Float32Array([1])), maskF]), g.constant('float32', [], new Float32Array([-1e4]))]);
  const attn = g.op('Softmax', [g.op('Add', [scores, g.op('Unsqueeze', [blocked, axis1])])], { axis: -1 });
  const ctx = g.op('MatMul', [attn, encCur]);
  // After </s> keep emitting </s>: transformers.js 4.3 batch generation only stops when every sequence's *last*
  // token is EOS at once, and does not pad finished sequences, so a model must stay at EOS once there.
  const eos = m.vocab.indexOf('</s>');
  const isEos = new Float32Array(V);
  isEos[eos] = 1;
  const eosBoost = new Float32Array(V);
  eosBoost[eos] = 1e4;
  const atEos = g.op('Gather', [g.constant('float32', [V, 1], isEos), ids], { axis: 0 });
  const sticky = g.op('Mul', [atEos, g.constant('float32', [V], eosBoost)]);
  const logits = g.op('Mul', [g.op('MatMul', [ctx, lmHead]), sharp]);
  g.output(g.op('Add', [logits, sticky], {}, 'logits'), 'float32', [BATCH, DEC_SEQ, V]);

  const qHeads = g.op('Unsqueeze', [q, axis1]);
  const presentDec = ['past_decoder_sequence_length + decoder_sequence_length'];
  g.output(g.op('Concat', [pastDecKey, qHeads], { axis: 2 }, 'present.0.decoder.key'), 'float32', [BATCH, 1, ...presentDec, D]);
  g.output(g.op('Concat', [pastDecValue, qHeads], { axis: 2 }, 'present.0.decoder.value'), 'float32', [BATCH, 1, ...presentDec, D]);

  // Cross-attention cache: reuse the past one on cached steps, compute it from the encoder output otherwise.
  const reuse = g.subgraph('use_cache');
  reuse.output(reuse.op('Identity', [pastEncKey]), 'float32');
  reuse.output(reuse.op('Identity', [pastEncValue]), 'float32');
  const compute = g.subgraph('compute_cache');
  compute.output(compute.op('Unsqueeze', [encPrev, axis1]), 'float32');
  compute.output(compute.op('Unsqueeze', [encCur, axis1]), 'float32');
  g.node('If', [useCache], ['present.0.encoder.key', 'present.0.encoder.value'], { then_branch: reuse, else_branch: compute });
  g.output('present.0.encoder.key', 'float32', [BATCH, 1, 'encoder_sequence_length_out', D]);
  g.output('present.0.encoder.value', 'float32', [BATCH, 1, 'encoder_sequence_length_out', D]);
  return encodeOnnxModel(g, { docString: 'jobskill tiny T5-style merged decoder (copy model, test only)' });
}

/**
 * Writes a tiny T5-typed seq2seq model (onnx/encoder_model.onnx + onnx/decoder_model_merged.onnx, T5-style WordPiece
 * tokenizer with <pad>=0, </s>=1, <unk>=2) that `pipeline('text2text-generation', dir)` runs. It is a copy model:
 * greedy generation reproduces the (normalized, tokenized) input, e.g. "Data Scientist" → "data scientist", and a
 * forward pass with decoder_input_ids gives the highest likelihood to the input itself — enough to test generation
 * and candidate scoring code without a trained model. Inputs with a repeated token may branch or loop (bounded by
 * max_new_tokens).
 */
export async function writeTinySeq2SeqModel(dir: string, options: TinySeq2SeqOptions = {}): Promise<TinySeq2Seq> {
  const o = TinySeq2SeqOptionsSchema.parse(options);
  const vocab = tinyVocab('t5', o.words);
  const rng = new Prng(o.seed);
  const embeddings = rng.normals(vocab.length * o.dim);
  // Unit rows: a token matches itself with score `sharpness`, others with ~N(0, sharpness²/dim).
  for (let v = 0; v < vocab.length; v++) {
    const row = embeddings.subarray(v * o.dim, (v + 1) * o.dim);
    const n = Math.hypot(...row);
    for (let k = 0; k < o.dim; k++) row[k]! /= n;
  }
  const model: TinySeq2Seq = { vocab, dim: o.dim, embeddings, sharpness: o.sharpness };
  const special = { pad_token_id: 0, eos_token_id: 1, decoder_start_token_id: 0 };
  await writeHfModelFolder(dir, {
    config: {
      _name_or_path: `jobskill/tiny-t5-seed${o.seed}`,
      model_type: 't5',
      architectures: ['T5ForConditionalGeneration'],
      is_encoder_decoder: true,
      vocab_size: vocab.length,
      d_model: 2 * o.dim,
      d_kv: o.dim,
      d_ff: o.dim,
      num_heads: 1,
      num_layers: 1,
      num_decoder_layers: 1,
      use_cache: true,
      ...special,
      jobskill: { kind: 'tiny-t5-copy', seed: o.seed },
    },
    generationConfig: { ...special, max_length: 64 },
    ...buildWordPieceTokenizer({ vocab, style: 't5' }),
    onnxFiles: { 'encoder_model.onnx': buildEncoder(model), 'decoder_model_merged.onnx': buildDecoder(model) },
    extraFiles: { 'jobskill-manifest.json': { generator: 'writeTinySeq2SeqModel', ...o } },
  });
  return model;
}
