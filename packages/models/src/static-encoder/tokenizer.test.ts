import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { loadEsco, loadJobIdToTerms, Prng } from '@jobskill/data';
import { writeStaticEmbeddingModel } from '../hf/static-embedding-model.ts';
import { HAVE_ESCO, TEST_DATA_DIR } from './test-data.ts';
import { bertWords, normalizeBert, WordPieceTokenizer } from './tokenizer.ts';
import { buildWordPieceVocab } from './vocab.ts';

env.allowRemoteModels = false;

const TRICKY = [
  'Café Manager – Zürich',
  'ÉCOLE d’ingénieurs',
  'C++/C# developer (senior)',
  'node.js & express.js',
  'R&D lead; QA/QC',
  'data   scientist\twith\nnewlines',
  'naïve façade coöperate',
  '数据科学家 engineer',
  'emoji 🚀 engineer',
  'supercalifragilisticexpialidociouslyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy',
  'a [SEP] b [CLS]',
  '',
  '   ',
  'zzqx qwxz',
  'ǅemal İstanbul ß',
];

describe.skipIf(!HAVE_ESCO)('WordPiece tokenization equals transformers.js on the exported tokenizer.json', () => {
  let root: string;
  let dir: string;
  let mine: WordPieceTokenizer;
  let samples: string[];

  beforeAll(async () => {
    const esco = await loadEsco(resolve(TEST_DATA_DIR, 'esco_v1.1.1'));
    const titles = await loadJobIdToTerms(resolve(TEST_DATA_DIR, 'talentclef2025_taskB/training/jobid2terms.json'));
    const all = [
      ...esco.skills.flatMap((s) => [s.preferredLabel, ...s.altLabels]),
      ...esco.occupations.flatMap((o) => [o.preferredLabel, ...o.altLabels]),
      ...[...titles.values()].flat(),
    ];
    // A small vocabulary so that many words fall back to ## pieces and the greedy matcher is exercised.
    const vocab = buildWordPieceVocab(all.slice(0, 20000), { maxWords: 3000, maxPieces: 1500 });
    mine = new WordPieceTokenizer(vocab, { addSpecialTokens: true, maxLength: 512 });
    const prng = new Prng(3);
    const descriptions = esco.skills.map((s) => s.description).filter((d) => d !== '');
    samples = [
      ...Array.from({ length: 200 }, () => all[prng.int(all.length)]!),
      ...Array.from({ length: 60 }, () => descriptions[prng.int(descriptions.length)]!),
      // long enough to hit truncation at model_max_length
      descriptions.slice(0, 40).join(' '),
      ...TRICKY,
    ];
    root = await mkdtemp(join(tmpdir(), 'jobskill-tok-'));
    dir = join(root, 'model');
    await writeStaticEmbeddingModel(dir, {
      vocab,
      embeddings: new Float32Array(vocab.length * 2).fill(0.5),
      dim: 2,
      modelId: 'jobskill/tokenizer-test',
      manifest: null,
    });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('gives the same token ids for ESCO labels, titles, descriptions and tricky strings', async () => {
    const tok = await AutoTokenizer.from_pretrained(dir);
    expect(samples.length).toBeGreaterThan(250);
    let pieces = 0;
    for (const text of samples) {
      // The feature-extraction pipeline tokenizes with { padding: true, truncation: true }.
      const theirs = (tok(text, { truncation: true }).input_ids.tolist() as bigint[][])[0]!.map(Number);
      const ours = mine.encode(text);
      expect({ text, ids: ours }).toEqual({ text, ids: theirs });
      pieces += ours.filter((id) => mine.vocab[id]!.startsWith('##')).length;
    }
    expect(pieces).toBeGreaterThan(100);
    const long = samples.find((t) => t.length > 5000)!;
    expect(mine.encode(long)).toHaveLength(512);
  });

  it('normalizes like BERT uncased: lowercase, accents stripped, punctuation split', () => {
    expect(normalizeBert('Café Zürich')).toBe('cafe zurich');
    expect(bertWords('C++/C# developer')).toEqual(['c', '+', '+', '/', 'c', '#', 'developer']);
  });
});
