import { existsSync } from 'node:fs';
import { join } from 'node:path';
import AhoCorasick from 'modern-ahocorasick';
import { describe, expect, it } from 'vitest';
import { createRng, findEscoFile, loadEscoSkills } from '@jobskill/data';
import { MINI_ESCO } from './__fixtures__/mini-esco.ts';
import { GENERIC_WORDS } from './generic-words.ts';
import { LexicalMatcher, lexicalPatterns, type LexicalHit, type LexicalMatcherOptions, type PatternOwner } from './lexical.ts';
import { tokenize, type Token } from './normalize.ts';
import { extractionSkillsFromEsco, type ExtractionSkill } from './skills.ts';

/**
 * The reference the token-level matcher must agree with hit for hit: a character Aho–Corasick automaton over
 * " pattern " run on the stream " t0 t1 … " (the matcher's earlier implementation, kept here as the oracle).
 */
class ReferenceLexicalMatcher {
  readonly #matcher: AhoCorasick;
  /** Pattern index → the skills that own it (several skills may share one alias). */
  readonly #owners: PatternOwner[][];
  readonly #patternTokens: number[];

  constructor(skills: readonly ExtractionSkill[], options: LexicalMatcherOptions = {}) {
    // The same patterns as the matcher: what is compared is how occurrences are found.
    const byPattern = lexicalPatterns(skills, options);
    const patterns = [...byPattern.keys()];
    this.#owners = patterns.map((p) => byPattern.get(p)!);
    this.#patternTokens = patterns.map((p) => p.split(' ').length);
    this.#matcher = new AhoCorasick(patterns.map((p) => ` ${p} `));
  }

  /** Hits over the tokens of `text` (or the given tokens of it), longest first where they overlap. */
  match(text: string, tokens: Token[] = tokenize(text)): LexicalHit[] {
    if (tokens.length === 0) return [];
    // Token stream " t0 t1 … ": each token starts right after a space, so char position → token index is a lookup.
    const tokenAt = new Map<number, number>();
    let stream = ' ';
    tokens.forEach((token, i) => {
      tokenAt.set(stream.length, i);
      stream += `${token.norm} `;
    });
    const raw: { pattern: number; first: number; last: number }[] = [];
    for (const hit of this.#matcher.search(stream)) {
      const first = tokenAt.get(hit.start + 1);
      if (first === undefined) continue;
      raw.push({ pattern: hit.patternIndex, first, last: first + this.#patternTokens[hit.patternIndex]! });
    }
    // Longest match: keep hits by length descending, dropping those that overlap a kept one.
    raw.sort((a, b) => b.last - b.first - (a.last - a.first) || a.first - b.first);
    const taken = new Uint8Array(tokens.length);
    const hits: LexicalHit[] = [];
    for (const r of raw) {
      let free = true;
      for (let t = r.first; t < r.last; t++) if (taken[t]) free = false;
      if (!free) continue;
      for (let t = r.first; t < r.last; t++) taken[t] = 1;
      for (const owner of this.#owners[r.pattern]!) {
        hits.push({
          skill: owner.skill,
          kind: owner.kind,
          firstToken: r.first,
          lastToken: r.last,
          start: tokens[r.first]!.start,
          end: tokens[r.last - 1]!.end,
        });
      }
    }
    return hits.sort((a, b) => a.start - b.start || a.skill - b.skill);
  }
}

function randomTexts(skills: readonly ExtractionSkill[], count: number, seed: number): string[] {
  const rng = createRng(seed);
  const aliases = skills.flatMap((s) => s.aliases.map((a) => a.text));
  const words = [...new Set(aliases.flatMap((a) => a.split(/\s+/)))];
  const filler = ['and', 'with', 'the', 'experience', 'in', 'of', 'strong', ',', '.', 'skills', '&'];
  const pick = <T,>(pool: readonly T[]): T => pool[Math.floor(rng() * pool.length)]!;
  return Array.from({ length: count }, () => {
    const parts = Array.from({ length: 3 + Math.floor(rng() * 25) }, () => (rng() < 0.7 ? pick(words) : pick(filler)));
    // Whole aliases too, so long patterns occur, overlap and nest.
    for (let k = 0; k < 3; k++) parts.splice(Math.floor(rng() * parts.length), 0, pick(aliases));
    return parts.join(' ');
  });
}

describe('LexicalMatcher (token-level) against a character Aho–Corasick reference', () => {
  it('returns the same hits on hand-picked overlaps and non-token substrings', () => {
    const skills = extractionSkillsFromEsco(MINI_ESCO);
    const matcher = new LexicalMatcher(skills, { genericWords: GENERIC_WORDS });
    const reference = new ReferenceLexicalMatcher(skills, { genericWords: GENERIC_WORDS });
    for (const text of ['database management systems and database design', 'javascriptish javas JAVA.', 'R&D, R & D, C#/.NET', '']) {
      expect(matcher.match(text)).toEqual(reference.match(text));
    }
    expect(matcher.match('database management').length).toBeGreaterThan(0);
  });

  it('returns the same hits on 500 random texts over the fixture vocabulary', () => {
    const skills = extractionSkillsFromEsco(MINI_ESCO);
    const matcher = new LexicalMatcher(skills, { genericWords: new Set(['communication']) });
    const reference = new ReferenceLexicalMatcher(skills, { genericWords: new Set(['communication']) });
    let hits = 0;
    for (const text of randomTexts(skills, 500, 11)) {
      const got = matcher.match(text);
      expect(got, text).toEqual(reference.match(text));
      hits += got.length;
    }
    expect(hits).toBeGreaterThan(500);
  });

  const dataDir = process.env.JOBSKILL_DATA_DIR ?? '';
  const escoFile = dataDir === '' ? undefined : findEscoFile(join(dataDir, 'esco_v1.1.1'), 'skills');
  it.skipIf(escoFile === undefined || !existsSync(escoFile))('returns the same hits over every ESCO v1.1.1 alias (needs JOBSKILL_DATA_DIR)', async () => {
    const skills = extractionSkillsFromEsco(await loadEscoSkills(escoFile!));
    const matcher = new LexicalMatcher(skills, { genericWords: GENERIC_WORDS });
    const reference = new ReferenceLexicalMatcher(skills, { genericWords: GENERIC_WORDS });
    let hits = 0;
    for (const text of randomTexts(skills, 300, 5)) {
      const got = matcher.match(text);
      expect(got, text).toEqual(reference.match(text));
      hits += got.length;
    }
    expect(hits).toBeGreaterThan(300);
  }, 120_000);
});
