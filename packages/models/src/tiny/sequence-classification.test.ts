import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoModelForSequenceClassification, AutoTokenizer, env, pipeline } from '@huggingface/transformers';
import {
  type TinySequenceClassifier,
  tinySequenceClassifierLogits,
  writeTinySequenceClassificationModel,
} from './sequence-classification.ts';

env.allowRemoteModels = false;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobskill-tiny-cls-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('tiny cross-encoder', () => {
  let dir: string;
  let model: TinySequenceClassifier;
  beforeAll(async () => {
    dir = join(root, 'cross');
    model = await writeTinySequenceClassificationModel(dir, { kind: 'cross-encoder', seed: 3 });
  });

  it('scores query/document pairs through AutoModelForSequenceClassification exactly as the reference', async () => {
    const tok = await AutoTokenizer.from_pretrained(dir);
    const net = await AutoModelForSequenceClassification.from_pretrained(dir, { dtype: 'fp32' });
    try {
      const query = 'data scientist';
      const docs = ['python machine learning statistics', 'data science and statistics', 'patient care', 'data scientist'];
      const inputs = tok(Array(docs.length).fill(query), { text_pair: docs, padding: true, truncation: true });
      const { logits } = await net(inputs);
      expect(logits.dims).toEqual([docs.length, 1]);
      const got = Array.from(logits.data as Float32Array);
      docs.forEach((doc, i) => {
        const enc = tok(query, { text_pair: doc, return_tensor: false }) as unknown as Record<string, number[]>;
        const want = tinySequenceClassifierLogits(model, enc.input_ids!, enc.token_type_ids!)[0]!;
        expect(got[i]).toBeCloseTo(want, 4);
      });
      // Overlap decides the ranking: identical document, then the one sharing "data", then the two without overlap.
      const order = got.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]).map(([, i]) => i);
      expect(order.slice(0, 2)).toEqual([3, 1]);
    } finally {
      await net.dispose();
    }
  });

  it('is deterministic: same seed, same bytes', async () => {
    const again = join(root, 'cross-again');
    await writeTinySequenceClassificationModel(again, { kind: 'cross-encoder', seed: 3 });
    const a = await readFile(join(dir, 'onnx', 'model.onnx'));
    expect(Buffer.compare(a, await readFile(join(again, 'onnx', 'model.onnx')))).toBe(0);
    const other = join(root, 'cross-other');
    await writeTinySequenceClassificationModel(other, { kind: 'cross-encoder', seed: 4 });
    expect(Buffer.compare(a, await readFile(join(other, 'onnx', 'model.onnx')))).not.toBe(0);
  });
});

describe('tiny NLI model', () => {
  let dir: string;
  let model: TinySequenceClassifier;
  beforeAll(async () => {
    dir = join(root, 'nli');
    model = await writeTinySequenceClassificationModel(dir, { kind: 'nli', seed: 5 });
  });

  it('drives zero-shot-classification: the label sharing words with the text wins', async () => {
    const classifier = await pipeline('zero-shot-classification', dir, { dtype: 'fp32' });
    try {
      const out = (await classifier('python developer with sql and cloud', ['nurse', 'software developer', 'teacher'])) as {
        labels: string[];
        scores: number[];
      };
      expect(out.labels[0]).toBe('software developer');
      expect(out.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

      // multi_label: each label independently softmax(contradiction, entailment) of the reference logits.
      const tok = await AutoTokenizer.from_pretrained(dir);
      const multi = (await classifier('patient care nurse', ['nurse'], { multi_label: true })) as { scores: number[] };
      const enc = tok('patient care nurse', { text_pair: 'This example is nurse.', return_tensor: false }) as unknown as Record<
        string,
        number[]
      >;
      const [contradiction, , entailment] = tinySequenceClassifierLogits(model, enc.input_ids!, enc.token_type_ids!);
      expect(multi.scores[0]).toBeCloseTo(1 / (1 + Math.exp(contradiction! - entailment!)), 5);
      expect(multi.scores[0]).toBeGreaterThan(0.5);
    } finally {
      await classifier.dispose();
    }
  });

  it('works in text-classification with the NLI labels', async () => {
    const classifier = await pipeline('text-classification', dir, { dtype: 'fp32' });
    try {
      const out = (await classifier('data analyst', { top_k: 3 })) as { label: string; score: number }[];
      expect(out.map((o) => o.label).sort()).toEqual(['contradiction', 'entailment', 'neutral']);
      expect(out.reduce((a, o) => a + o.score, 0)).toBeCloseTo(1, 5);
    } finally {
      await classifier.dispose();
    }
  });
});
