import { describe, expect, it } from 'vitest';
import { TfidfVectorizer, fitTfidf } from './tfidf.ts';

const texts = [
  'Java (3 years), C#, ASP.NET, SQL Server',
  'Associate, social media, Node.js developer',
  'C++, Python, machine learning, Rapid prototyping',
  'Patient care, nursing',
];

/** Straightforward reference: count every character n-gram as a string, then look it up. */
function charCounts(text: string, lo: number, hi: number): Map<string, number> {
  const t = text.toLowerCase().replace(/\s+/g, ' ');
  const m = new Map<string, number>();
  for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= t.length; i++) m.set(t.slice(i, i + n), (m.get(t.slice(i, i + n)) ?? 0) + 1);
  return m;
}

describe('TF-IDF vectorizer', () => {
  it('the hashed character-n-gram scan counts exactly what string slicing counts', () => {
    const state = fitTfidf(texts, { charNgrams: [2, 5], wordNgrams: [1, 1], binary: false, sublinearTf: false, useIdf: false, norm: 'none' });
    const v = new TfidfVectorizer(state);
    const words = state.word.terms.length;
    for (const text of [...texts, 'unseen text with java and c#']) {
      const x = v.transform(text);
      const got = new Map<string, number>();
      x.indices.forEach((col, n) => {
        if (col >= words) got.set(state.char.terms[col - words]!, x.values[n]!);
      });
      const want = new Map([...charCounts(text, 2, 5)].filter(([t]) => state.char.terms.includes(t)));
      expect(got).toEqual(want);
      expect([...x.indices]).toEqual([...x.indices].sort((a, b) => a - b));
    }
  });

  it('keeps c#, c++, .net and node.js as word tokens; blocks are L2-normalized; keyword indicators fire on substrings', () => {
    const state = fitTfidf(texts, { keywordGroups: [{ name: 'SOC', terms: ['soc', 'siem'] }] });
    expect(state.word.terms).toEqual(expect.arrayContaining(['c#', 'c++', 'asp.net', 'node.js']));
    const v = new TfidfVectorizer(state);
    const x = v.transform(texts[1]!);
    const words = state.word.terms.length;
    let wordNorm = 0;
    x.indices.forEach((col, n) => {
      if (col < words) wordNorm += x.values[n]! ** 2;
    });
    expect(wordNorm).toBeCloseTo(1, 12);
    const kw = [...x.indices].filter((c) => v.termOf(c).analyzer === 'keyword').map((c) => v.termOf(c).term);
    expect(kw).toEqual(['soc', 'any of SOC']); // 'soc' inside 'associate'
    expect(v.dimensions).toBe(words + state.char.terms.length + 3);
  });
});
