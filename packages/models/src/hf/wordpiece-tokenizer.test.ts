import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { DataError, JobskillError } from '@jobskill/data';
import { OnnxGraph, encodeOnnxModel } from '../onnx/graph.ts';
import { BERT_SPECIAL_TOKENS, buildWordPieceTokenizer, checkWordPieceVocab } from './wordpiece-tokenizer.ts';
import { writeHfModelFolder } from './folder.ts';

env.allowRemoteModels = false;

const VOCAB = [...BERT_SPECIAL_TOKENS, 'data', 'scien', '##tist', '##s', 'python', 'cafe', 'learn', '##ing', ',', '.'];

function identityModel(): Uint8Array {
  const g = new OnnxGraph('identity');
  g.output(g.op('Identity', [g.input('input_ids', 'int64', ['batch_size', 'sequence_length'])]), 'int64', [
    'batch_size',
    'sequence_length',
  ]);
  return encodeOnnxModel(g);
}

describe('buildWordPieceTokenizer through transformers.js AutoTokenizer', () => {
  let root: string;
  let dir: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'jobskill-tok-'));
    dir = join(root, 'tok');
    await writeHfModelFolder(dir, {
      config: { model_type: 'bert' },
      ...buildWordPieceTokenizer({ vocab: VOCAB, modelMaxLength: 8 }),
      onnxFiles: { 'model.onnx': identityModel() },
      extraFiles: { 'jobskill-manifest.json': { purpose: 'test' } },
    });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the HF layout atomically (no temp dirs left behind)', async () => {
    expect((await readdir(dir)).sort()).toEqual(
      ['config.json', 'jobskill-manifest.json', 'onnx', 'tokenizer.json', 'tokenizer_config.json'].sort(),
    );
    expect(await readdir(join(dir, 'onnx'))).toEqual(['model.onnx']);
    expect(await readdir(root)).toEqual(['tok']);
    const manifest = JSON.parse(await readFile(join(dir, 'jobskill-manifest.json'), 'utf8'));
    expect(manifest.purpose).toBe('test');
    // The size and sha256 of every other file, checked by @jobskill/encoders when the folder is opened.
    expect(Object.keys(manifest.integrity.files).sort()).toEqual(['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);
    const onnx = await readFile(join(dir, 'onnx', 'model.onnx'));
    expect(manifest.integrity.files['onnx/model.onnx']).toEqual({ bytes: onnx.length, sha256: createHash('sha256').update(onnx).digest('hex') });
    expect((await stat(join(dir, 'onnx', 'model.onnx'))).size).toBeGreaterThan(0);
  });

  it('lowercases, strips accents, splits words into ## pieces and unknown words into [UNK]', async () => {
    const tok = await AutoTokenizer.from_pretrained(dir);
    expect(tok.tokenize('Data Scientists, CAFÉ.')).toEqual(['data', 'scien', '##tist', '##s', ',', 'cafe', '.']);
    expect(tok.tokenize('learning zzz')).toEqual(['learn', '##ing', '[UNK]']);
    const enc = tok('Python', { return_tensor: false }) as unknown as Record<string, number[]>;
    expect(enc.input_ids).toEqual([2, 9, 3]);
    expect(enc.attention_mask).toEqual([1, 1, 1]);
    expect(enc.token_type_ids).toEqual([0, 0, 0]);
    expect(tok.decode([2, 5, 6, 7, 8, 3], { skip_special_tokens: true })).toBe('data scientists');
    expect(tok.pad_token_id).toBe(0);
  });

  it('encodes sentence pairs with the [CLS] A [SEP] B [SEP] template and segment ids', async () => {
    const tok = await AutoTokenizer.from_pretrained(dir);
    const enc = tok('python', { text_pair: 'data', return_tensor: false }) as unknown as Record<string, number[]>;
    expect(enc.input_ids).toEqual([2, 9, 3, 5, 3]);
    expect(enc.token_type_ids).toEqual([0, 0, 0, 1, 1]);
  });

  // transformers.js 4.3 truncates by cutting the tail, so a truncated sequence loses its final [SEP] (Python keeps it).
  it('pads batches with [PAD]=0 and truncates to model_max_length by cutting the tail', async () => {
    const tok = await AutoTokenizer.from_pretrained(dir);
    const enc = tok(['python', 'data data data data data data data data data'], { padding: true, truncation: true });
    expect(enc.input_ids.dims).toEqual([2, 8]);
    expect(Array.from(enc.input_ids.data as BigInt64Array).map(Number)).toEqual([
      2, 9, 3, 0, 0, 0, 0, 0, 2, 5, 5, 5, 5, 5, 5, 5,
    ]);
    expect(Array.from(enc.attention_mask.data as BigInt64Array).map(Number).slice(0, 8)).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
  });
});

describe('vocab and folder validation', () => {
  it('names the offending id and field', () => {
    expect(() => checkWordPieceVocab([...BERT_SPECIAL_TOKENS, 'a', 'a'], 'v.txt')).toThrow(/v\.txt, row 6, field "token": token "a" repeats id 5/);
    expect(() => checkWordPieceVocab([...BERT_SPECIAL_TOKENS, 'a b'])).toThrow(DataError);
    expect(() => checkWordPieceVocab(['[PAD]', 'a'])).toThrow(/lacks special token \[UNK\]/);
  });

  it('rejects folders without model_type, without ONNX files or with escaping paths', async () => {
    const base = { ...buildWordPieceTokenizer({ vocab: VOCAB }), onnxFiles: { 'model.onnx': new Uint8Array(1) } };
    const target = join(tmpdir(), 'jobskill-never-written');
    await expect(writeHfModelFolder(target, { ...base, config: {} })).rejects.toThrow(/model_type is required/);
    await expect(writeHfModelFolder(target, { ...base, config: { model_type: 'bert' }, onnxFiles: {} })).rejects.toThrow(
      /at least one ONNX file/,
    );
    await expect(
      writeHfModelFolder(target, { ...base, config: { model_type: 'bert' }, extraFiles: { '../x.json': 'x' } }),
    ).rejects.toThrow(JobskillError);
    await expect(stat(target)).rejects.toThrow();
  });
});
