import { describe, expect, it } from 'vitest';
import { parseResumeSections } from '@jobskill/data';
import { TfidfVectorizer, fitTfidf, sectionFieldText } from './tfidf.ts';

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

  const resumes = [
    'PASTRY CHEF\nSummary\nBakes bread and cakes for a hotel.\nExperience\n01/2015 to Current\nSous Chef Company Name – City , State\nPrepared menus.',
    'STAFF ACCOUNTANT\nSummary\nCloses the general ledger.\nExperience\n2012 to 2016\nAccounts Clerk Company Name – City , State\nReconciled accounts.',
    'Experience\n03/2010 to 05/2014\nLine Cook Company Name – City , State\nCooked for a hotel.',
  ];

  it('section fields: headline, experience titles, summary and skills text of a parsed resume', () => {
    const p = parseResumeSections(resumes[0]!);
    expect(sectionFieldText(p, 'headline')).toBe('PASTRY CHEF');
    expect(sectionFieldText(p, 'experienceTitles')).toBe('Sous Chef');
    expect(sectionFieldText(p, 'summary')).toMatch(/Bakes bread/);
    expect(sectionFieldText(p, 'skills')).toBe('');
    expect(sectionFieldText(parseResumeSections(resumes[2]!), 'headline')).toBe('');
  });

  it('section blocks: own vocabulary and L2 norm per field, scaled by weight, after the whole-text columns', () => {
    const state = fitTfidf(resumes, {
      charNgrams: [0, 0],
      sectionBlocks: [{ field: 'headline', charNgrams: [0, 0] }, { field: 'experienceTitles', charNgrams: [0, 0], weight: 2 }],
    });
    expect(state.sections!.map((s) => s.word.terms)).toEqual([
      ['accountant', 'chef', 'pastry', 'pastry chef', 'staff', 'staff accountant'],
      ['accounts', 'accounts clerk', 'chef', 'clerk', 'cook', 'line', 'line cook', 'sous', 'sous chef'],
    ]);
    const v = new TfidfVectorizer(state);
    const own = state.word.terms.length;
    expect(v.dimensions).toBe(own + 6 + 9);
    const x = v.transform(resumes[0]!);
    const block = (lo: number, hi: number) => [...x.indices].map((c, n) => ({ c, v: x.values[n]! })).filter((e) => e.c >= lo && e.c < hi);
    const head = block(own, own + 6);
    expect(head.map((e) => v.termOf(e.c).term)).toEqual(['headline: chef', 'headline: pastry', 'headline: pastry chef']);
    expect(head.reduce((a, e) => a + e.v ** 2, 0)).toBeCloseTo(1, 12);
    const titles = block(own + 6, own + 15);
    expect(titles.map((e) => v.termOf(e.c).term)).toEqual(['experienceTitles: chef', 'experienceTitles: sous', 'experienceTitles: sous chef']);
    expect(titles.reduce((a, e) => a + e.v ** 2, 0)).toBeCloseTo(4, 12);
    // A resume without a headline has nothing in that block; the whole-text block is unchanged by the sections.
    const y = v.transform(resumes[2]!);
    expect([...y.indices].filter((c) => c >= own && c < own + 6)).toEqual([]);
    const plain = new TfidfVectorizer(fitTfidf(resumes, { charNgrams: [0, 0] })).transform(resumes[2]!);
    expect([...y.indices].filter((c) => c < own)).toEqual([...plain.indices]);
    expect(head.map((e) => v.wordTermOf(e.c))).toEqual(['chef', 'pastry', 'pastry chef']);
    expect(v.wordTermOf(v.dimensions)).toBeUndefined();
    expect(() => new TfidfVectorizer({ ...state, sections: [] })).toThrow(/section vocabularies/);
  });
});
