import { z } from 'zod';
import { JobskillError, parseOptions } from '@jobskill/data';
import { resolveLabelSet } from '../label-sets.ts';
import { modelLoadError, pretrainedOptions, resolveModel } from '@jobskill/encoders';
import type { Labeler } from '../types.ts';
import { LabelSetOptionSchema } from './options.ts';
import { createProbabilityLabeler } from './probability-labeler.ts';

/**
 * Scores candidate answers to a prompt: for each candidate, the length-normalized log-likelihood
 * (mean log-prob per answer token, </s> included) under the seq2seq model.
 */
export type CandidateScorer = ((prompt: string, candidates: readonly string[]) => Promise<number[]>) & {
  dispose?: () => Promise<void>;
};

/** The reference prompt (../shared/reference/README.md), roles listed in label-set order. */
export function referencePrompt(skills: readonly string[], roles: readonly string[]): string {
  return (
    'You are an expert technical recruiter. Identify the most likely job role of this candidate from the SKILLS only. ' +
    `Choose one of: ${roles.join(', ')}. Focus on the strongest cluster of skills. Answer with the role name only.\n\n` +
    `SKILLS: ${skills.join(', ')}\n\nROLE:`
  );
}

export const GenerativeOptionsSchema = z.object({
  /** Hub id (reference: google/flan-t5-small, e.g. Xenova/flan-t5-small) or a local HF folder (T5 layout). */
  model: z.string().min(1),
  labelSet: LabelSetOptionSchema,
  dtype: z.enum(['fp32', 'q8']).optional(),
  maxSkills: z.number().int().positive().default(40),
  /** Turns length-normalized log-likelihoods into probabilities: softmax(ll / temperature). */
  temperature: z.number().positive().default(1),
  /** Injected scorer (tests, custom runtimes); default: transformers.js AutoModelForSeq2SeqLM forward passes. */
  scorer: z.custom<CandidateScorer>((v) => typeof v === 'function').optional(),
});
export type GenerativeOptions = z.input<typeof GenerativeOptionsSchema>;

/**
 * Candidate scoring with a transformers.js seq2seq model: one forward pass per prompt, the candidates
 * as a batch of decoder_input_ids ([decoder_start, answer tokens without the last]), summing the
 * log-softmax of each answer token. Never free generation, so the answer is always a valid label.
 */
export async function createSeq2SeqScorer(model: string, dtype?: 'fp32' | 'q8'): Promise<CandidateScorer> {
  const resolved = resolveModel(model, dtype, ['encoder_model', 'decoder_model_merged']);
  const { AutoModelForSeq2SeqLM, AutoTokenizer, Tensor } = await import('@huggingface/transformers');
  let tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  let seq2seq: Awaited<ReturnType<typeof AutoModelForSeq2SeqLM.from_pretrained>>;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(resolved.path, { local_files_only: resolved.local });
    seq2seq = await AutoModelForSeq2SeqLM.from_pretrained(resolved.path, pretrainedOptions(resolved));
  } catch (cause) {
    throw modelLoadError(resolved.path, resolved.local, cause);
  }
  const config = seq2seq.config as unknown as { decoder_start_token_id?: number; pad_token_id?: number };
  const start = config.decoder_start_token_id ?? config.pad_token_id ?? 0;
  const pad = config.pad_token_id ?? 0;
  const answerIds = new Map<string, number[]>();

  const scorer = async (prompt: string, candidates: readonly string[]): Promise<number[]> => {
    const targets = candidates.map((c) => {
      let ids = answerIds.get(c);
      if (!ids) {
        ids = tokenizer.encode(c); // ends with </s> for T5 tokenizers
        answerIds.set(c, ids);
      }
      if (ids.length === 0) throw new JobskillError('INVALID_LABEL', `label "${c}" tokenizes to nothing`);
      return ids;
    });
    const source = tokenizer.encode(prompt);
    const K = candidates.length;
    const T = Math.max(...targets.map((t) => t.length));
    const inputIds = new BigInt64Array(K * source.length);
    for (let k = 0; k < K; k++) source.forEach((id, j) => (inputIds[k * source.length + j] = BigInt(id)));
    // Decoder inputs are the answer shifted right; padding after an answer cannot affect its
    // positions (causal decoder), so no decoder mask is needed.
    const decoder = new BigInt64Array(K * T).fill(BigInt(pad));
    targets.forEach((t, k) => {
      decoder[k * T] = BigInt(start);
      for (let j = 1; j < t.length; j++) decoder[k * T + j] = BigInt(t[j - 1]!);
    });
    const out = (await seq2seq({
      input_ids: new Tensor('int64', inputIds, [K, source.length]),
      attention_mask: new Tensor('int64', new BigInt64Array(K * source.length).fill(1n), [K, source.length]),
      decoder_input_ids: new Tensor('int64', decoder, [K, T]),
    })) as { logits: { dims: number[]; data: Float32Array } };
    const [, steps, V] = out.logits.dims as [number, number, number];
    if (steps !== T) throw new JobskillError('MODEL_OUTPUT', `decoder returned ${steps} positions for ${T} decoder inputs`);
    const logits = out.logits.data;
    return targets.map((t, k) => {
      let ll = 0;
      for (let j = 0; j < t.length; j++) {
        const row = logits.subarray((k * T + j) * V, (k * T + j + 1) * V);
        let max = -Infinity;
        for (const v of row) max = Math.max(max, v);
        let sum = 0;
        for (const v of row) sum += Math.exp(v - max);
        ll += row[t[j]!]! - max - Math.log(sum);
      }
      return ll / t.length;
    });
  };
  return Object.assign(scorer, { dispose: async () => void (await seq2seq.dispose()) });
}

/**
 * The generative labeler: the reference prompt to a text2text model, the answer constrained to the
 * label set by scoring each label's likelihood (length-normalized); probabilities are a softmax over
 * those scores. The reference's free generation answered "SOC Analyst" for 144 of 155 resumes and junk
 * for the rest; scoring cannot answer outside the labels.
 */
export async function createGenerativeLabeler(options: GenerativeOptions): Promise<Labeler> {
  const opts = parseOptions(GenerativeOptionsSchema, options, { what: 'generative labeler' });
  const labelSet = resolveLabelSet(opts.labelSet);
  const scorer = opts.scorer ?? (await createSeq2SeqScorer(opts.model, opts.dtype));
  return createProbabilityLabeler({
    name: 'generative',
    labelSet,
    maxSkills: opts.maxSkills,
    probabilities: async (skills, labels) => {
      const ll = await scorer(referencePrompt(skills, labels), labels);
      if (ll.length !== labels.length || ll.some((v) => !Number.isFinite(v))) {
        throw new JobskillError('MODEL_OUTPUT', `scorer returned ${ll.length} scores (non-finite or wrong count) for ${labels.length} labels`);
      }
      const max = Math.max(...ll);
      const exps = ll.map((v) => Math.exp((v - max) / opts.temperature));
      const z = exps.reduce((a, b) => a + b, 0);
      return exps.map((e) => e / z);
    },
    dispose: async () => scorer.dispose?.(),
  });
}
