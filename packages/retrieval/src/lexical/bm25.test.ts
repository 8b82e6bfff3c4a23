import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataDirPath, loadTaskBDir } from '@jobskill/data';
import { Bm25Index, tokenize } from './bm25.ts';
import { averagePrecision } from '@jobskill/eval';
import { argsortDescending } from '../rerank/ranking-metrics.ts';

const docs = [
  { id: 'a', texts: ['python programming', 'python'] },
  { id: 'b', texts: ['java programming'] },
  { id: 'c', texts: ['patient care', 'care for patients'] },
];

describe('tokenize', () => {
  it('lowercases and keeps alphanumeric runs only', () => {
    expect(tokenize('C++ / Node.js 20, Données')).toEqual(['c', 'node', 'js', '20', 'données']);
    expect(tokenize('  --  ')).toEqual([]);
  });
});

describe('Bm25Index', () => {
  const index = new Bm25Index(docs);

  it('matches a hand computation (k1 1.2, b 0.75, Lucene idf)', () => {
    // doc a: tokens python×2, programming×1 → length 3; avg length (3 + 2 + 5) / 3.
    const avg = 10 / 3;
    const idfPython = Math.log(1 + (3 - 1 + 0.5) / (1 + 0.5));
    const tf = 2;
    const want = (idfPython * (tf * 2.2)) / (tf + 1.2 * (0.25 + (0.75 * 3) / avg));
    expect(index.scoreAll('Python')[0]).toBeCloseTo(want, 10);
    expect(index.scoreAll('Python')[1]).toBe(0);
  });

  it('ranks by term overlap, rarer terms weigh more, unknown words score nothing', () => {
    expect(index.search('python programming').map((h) => h.id)).toEqual(['a', 'b']);
    expect(index.search('care').map((h) => h.id)).toEqual(['c']);
    expect(index.search('welding')).toEqual([]);
    expect(index.idf('python')).toBeGreaterThan(index.idf('programming'));
  });

  it('scores outside texts with the collection statistics exactly like indexed ones', () => {
    expect(index.scoreText('python programming', docs[0]!.texts)).toBeCloseTo(index.scoreAll('python programming')[0]!, 12);
    expect(index.scoreIds('python', ['a', 'zzz'])).toEqual([index.scoreAll('python')[0], 0]);
  });

  it('refuses duplicate ids and bad parameters', () => {
    expect(() => new Bm25Index([docs[0]!, docs[0]!])).toThrow(/appears twice/);
    expect(() => new Bm25Index(docs, { b: 2 })).toThrow();
  });
});

const repoRoot = resolve(import.meta.dirname, '../../../..');
const validation = resolve(dataDirPath(), 'talentclef2025_taskB/validation');

describe.runIf(existsSync(validation))('BM25 on TalentCLEF 2025 validation', () => {
  it('reaches the reference MAP (0.109) as a first-stage system', async () => {
    const taskB = await loadTaskBDir(validation);
    const index = new Bm25Index(taskB.corpus.map((c) => ({ id: c.cId, texts: c.aliases })));
    const rel = new Map<string, Set<string>>();
    for (const q of taskB.qrels ?? []) if (q.grade > 0) rel.set(q.qId, (rel.get(q.qId) ?? new Set()).add(q.docId));
    const aps = taskB.queries.map((q) => averagePrecision(argsortDescending(index.scoreAll(q.jobTitle)).map((i) => index.ids[i]!), rel.get(q.qId)!));
    const map = aps.reduce((a, b) => a + b, 0) / aps.length;
    expect(map).toBeGreaterThan(0.1);
    expect(map).toBeLessThan(0.12);
  });
});
