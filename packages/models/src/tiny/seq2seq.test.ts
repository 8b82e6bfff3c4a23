import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoModelForSeq2SeqLM, AutoTokenizer, Tensor, env, pipeline } from '@huggingface/transformers';
import { writeTinySeq2SeqModel } from './seq2seq.ts';

env.allowRemoteModels = false;

describe('tiny T5-style seq2seq (copy model)', () => {
  let root: string;
  let dir: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'jobskill-tiny-t5-'));
    dir = join(root, 't5');
    await writeTinySeq2SeqModel(dir, { seed: 2 });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the optimum file layout', async () => {
    expect((await readdir(join(dir, 'onnx'))).sort()).toEqual(['decoder_model_merged.onnx', 'encoder_model.onnx']);
    expect(await readdir(dir)).toContain('generation_config.json');
  });

  it('text2text-generation copies the normalized input, batched and with padding', async () => {
    const generator = await pipeline('text2text-generation', dir, { dtype: 'fp32' });
    try {
      const out = (await generator(['Data Scientist', 'python and SQL for machine learning'], {
        max_new_tokens: 20,
      })) as { generated_text: string }[];
      expect(out.map((o) => o.generated_text)).toEqual(['data scientist', 'python and sql for machine learning']);

      // transformers.js keeps generating for finished sequences until all end on </s> at once; this model stays on
      // </s> (id 1), so the shorter row ends with repeated </s> rather than padding.
      const tok = await AutoTokenizer.from_pretrained(dir);
      const ids = (await (generator as any).model.generate({
        ...tok(['data scientist', 'python and sql'], { padding: true }),
        max_new_tokens: 20,
      })) as Tensor;
      const short = tok.encode('data scientist'); // words + </s>
      const long = tok.encode('python and sql');
      expect(long.length).toBe(short.length + 1);
      expect(short.at(-1)).toBe(1); // T5 template appends </s>, no [CLS]-like prefix
      expect(tok.decode(short, { skip_special_tokens: true })).toBe('data scientist');
      expect((ids.tolist() as bigint[][]).map((row) => row.map(Number))).toEqual([
        [0, ...short, 1],
        [0, ...long],
      ]);
    } finally {
      await generator.dispose();
    }
  });

  it('a forward pass with decoder_input_ids scores the copied answer above other candidates', async () => {
    const tok = await AutoTokenizer.from_pretrained(dir);
    const model = await AutoModelForSeq2SeqLM.from_pretrained(dir, { dtype: 'fp32' });
    try {
      const source = tok(['nurse patient care'], { padding: true });
      const score = async (candidate: string) => {
        const target = tok.encode(candidate); // ends with </s>
        const decoderIds = [0, ...target.slice(0, -1)]; // <pad> is the decoder start token
        const out = await model({
          ...source,
          decoder_input_ids: new Tensor('int64', BigInt64Array.from(decoderIds.map(BigInt)), [1, decoderIds.length]),
        });
        const [, T, V] = out.logits.dims as [number, number, number];
        expect(T).toBe(decoderIds.length);
        const logits = out.logits.data as Float32Array;
        let logLikelihood = 0;
        for (let t = 0; t < T; t++) {
          const row = logits.subarray(t * V, (t + 1) * V);
          const max = Math.max(...row);
          const logZ = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
          logLikelihood += row[target[t]!]! - logZ;
        }
        return logLikelihood;
      };
      const exact = await score('nurse patient care');
      expect(exact).toBeGreaterThan(-0.5);
      expect(await score('teacher')).toBeLessThan(exact - 5);
      expect(await score('nurse care')).toBeLessThan(exact - 5);
    } finally {
      await model.dispose();
    }
  });
});
