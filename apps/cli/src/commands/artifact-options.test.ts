import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyEncoder } from '@jobskill/encoders/testing';
import { defaultRerankerDir } from '@jobskill/retrieval';
import { runCli } from '../__fixtures__/run-cli.ts';
import { dataDirPath } from '@jobskill/data';

// --encoder / --reranker (and JOBSKILL_ENCODER / JOBSKILL_RERANKER) point skills, serve and zero-shot at other
// model folders; a damaged folder fails on open with the file named and what rebuilds it.
const repoRoot = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const dataDir = dataDirPath();
const hasEsco = existsSync(join(dataDir, 'esco_v1.1.1'));
const rerankerBuilt = existsSync(join(defaultRerankerDir(), 'model.json'));

let root: string;
let good: string;
let flipped: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobskill-cli-artifacts-'));
  good = join(root, 'tiny-encoder');
  await writeTinyEncoder(good);
  flipped = join(root, 'flipped-encoder');
  await cp(good, flipped, { recursive: true });
  const onnx = join(flipped, 'onnx', 'model.onnx');
  const bytes = await readFile(onnx);
  bytes[bytes.length - 9]! ^= 0x04;
  await writeFile(onnx, bytes);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const corruptEncoder = /error: .*flipped-encoder\/onnx\/model\.onnx \(encoder model .*\) does not match the sha256 .*pnpm turbo run model/;

describe('--encoder and JOBSKILL_ENCODER', () => {
  it('skills --encoder DIR refuses a bit-flipped encoder (exit 1, file and rebuild named)', async () => {
    const res = await runCli(['--data-dir', root, 'skills', 'data scientist', '--encoder', flipped]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(corruptEncoder);
  });

  it('JOBSKILL_ENCODER is the default of --encoder', async () => {
    const saved = process.env.JOBSKILL_ENCODER;
    process.env.JOBSKILL_ENCODER = flipped;
    try {
      const res = await runCli(['--data-dir', root, 'skills', 'data scientist']);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(corruptEncoder);
    } finally {
      if (saved === undefined) delete process.env.JOBSKILL_ENCODER;
      else process.env.JOBSKILL_ENCODER = saved;
    }
  });

  it('label --labeler zero-shot --encoder DIR loads that encoder; --encoder with another labeler is a usage error', async () => {
    const input = join(root, 'resumes.jsonl');
    await writeFile(input, `${JSON.stringify({ id: 'a', skills: 'Python, machine learning, data analysis' })}\n`);
    const out = join(root, 'labels.jsonl');
    const bad = await runCli(['label', '--in', input, '--out', out, '--labeler', 'zero-shot', '--encoder', flipped]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(corruptEncoder);
    const ok = await runCli(['label', '--in', input, '--out', out, '--labeler', 'zero-shot', '--encoder', good]);
    expect(ok.stderr).not.toMatch(/error/);
    expect(ok.code).toBe(0);
    expect(JSON.parse((await readFile(out, 'utf8')).split('\n')[0]!)).toMatchObject({ id: 'a', labeler: 'zero-shot' });
    const usage = await runCli(['label', '--in', input, '--out', out, '--labeler', 'rules', '--encoder', good]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--encoder applies to --labeler zero-shot only/);
  });
});

describe.runIf(hasEsco && rerankerBuilt)('--reranker (real ESCO)', () => {
  it('skills --reranker DIR refuses a bit-flipped re-ranker naming model.json', async () => {
    const reranker = join(root, 'flipped-reranker');
    await cp(defaultRerankerDir(), reranker, { recursive: true });
    const file = join(reranker, 'model.json');
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('"params":[') + 12;
    await writeFile(file, text.slice(0, at) + (text[at] === '1' ? '2' : '1') + text.slice(at + 1));
    const saved = process.env.JOBSKILL_CACHE_DIR;
    process.env.JOBSKILL_CACHE_DIR = join(root, 'cache'); // the index of the tiny encoder is built there
    try {
      const res = await runCli(['--data-dir', dataDir, 'skills', 'data scientist', '--encoder', good, '--reranker', reranker]);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/flipped-reranker\/model\.json \(re-ranker\) does not match the sha256 .*pnpm turbo run model/);
    } finally {
      if (saved === undefined) delete process.env.JOBSKILL_CACHE_DIR;
      else process.env.JOBSKILL_CACHE_DIR = saved;
    }
  }, 120_000);
});
