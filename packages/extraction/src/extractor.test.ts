import { describe, expect, it } from 'vitest';
import { JobskillError } from '@jobskill/data';
import { MINI_ESCO } from './__fixtures__/mini-esco.ts';
import { engineExtractor, ExtractionEngine } from './extractor.ts';
import { LexicalMatcher } from './lexical.ts';
import { tokenize } from './normalize.ts';
import { extractionSkillsFromEsco } from './skills.ts';
import { rankingMetrics } from './benchmark.ts';
import { MAX_TEXT_LENGTH } from './types.ts';

const skills = extractionSkillsFromEsco(MINI_ESCO);
const engine = new ExtractionEngine({ skills, lexical: new LexicalMatcher(skills, { genericWords: new Set(['communication']) }), dense: null });
const extractor = engineExtractor(engine, 'lexical');

describe('tokenize', () => {
  it('keeps dotted names and symbols, offsets into the original text', () => {
    const text = 'Skills: C#, .NET and Node.js.';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(['skill', 'c#', '.net', 'and', 'node.js']);
    for (const t of tokens) expect(text.slice(t.start, t.end).toLowerCase()).toContain(t.norm.replace(/^skill$/, 'skill'));
  });
});

describe('lexical extraction', () => {
  it('finds labels with their spans, across case, plurals, "&" and parenthesized qualifiers', async () => {
    const text = 'We need JAVA, javascript, C# and .NET devs who can manage Databases and do R&D with Node.js.';
    const result = await extractor.extract(text);
    const uris = result.skills.map((s) => s.uri.split('/').pop());
    expect(new Set(uris)).toEqual(new Set(['java', 'js', 'csharp', 'dotnet', 'db', 'rd', 'node']));
    for (const m of result.mentions) expect(text.slice(m.start, m.end)).toBe(m.surface);
    expect(result.mentions.find((m) => m.uri.endsWith('/db'))!.surface).toBe('manage Databases');
    expect(result.abstained).toBe(false);
  });

  it('prefers the longest match and drops generic single-word alt labels', async () => {
    const result = await extractor.extract('good communication and database management');
    expect(result.skills.map((s) => s.uri.split('/').pop())).toEqual(['db']);
    expect(result.mentions[0]!.surface).toBe('database management');
  });

  it('abstains explicitly on empty text and on text with no skill', async () => {
    expect(await extractor.extract('')).toEqual({ skills: [], mentions: [], abstained: true });
    expect(await extractor.extract('   \n ')).toEqual({ skills: [], mentions: [], abstained: true });
    expect(await extractor.extract('The weather was lovely on Tuesday.')).toEqual({ skills: [], mentions: [], abstained: true });
  });

  it('honours k and threshold', async () => {
    const text = 'Java, JavaScript, C#';
    expect((await extractor.extract(text, { k: 1 })).skills).toHaveLength(1);
    // The base label "Java" scores below 1; a threshold of 1 keeps only preferred-label hits.
    const strict = await extractor.extract(text, { threshold: 1 });
    expect(strict.skills.map((s) => s.uri.split('/').pop()).sort()).toEqual(['csharp', 'js']);
  });

  it('refuses unknown options, too long text and binary garbage with typed errors', async () => {
    await expect(extractor.extract('Java', { topk: 3 } as never)).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(extractor.extract('Java', { k: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(extractor.extract('x'.repeat(MAX_TEXT_LENGTH + 1))).rejects.toMatchObject({ code: 'TEXT_TOO_LONG' });
    const garbage = String.fromCharCode(...Array.from({ length: 200 }, (_, i) => (i * 7919) % 256));
    await expect(extractor.extract(garbage)).rejects.toBeInstanceOf(JobskillError);
    await expect(extractor.extract(42 as never)).rejects.toMatchObject({ code: 'INVALID_TEXT' });
  });

  it('ranks every skill for the benchmark', async () => {
    const scores = await engine.rankAll('Java and JavaScript', 'lexical');
    expect(scores).toHaveLength(skills.length);
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores[2]).toBe(0);
  });
});

describe('rankingMetrics', () => {
  it('computes RP@K with min(K, #gold) and reciprocal rank', () => {
    const m = rankingMetrics(['a', 'b', 'c', 'd', 'e', 'f'], ['b', 'f']);
    expect(m.rp5).toBeCloseTo(0.5);
    expect(m.rp10).toBeCloseTo(1);
    expect(m.rr).toBeCloseTo(0.5);
  });
});
