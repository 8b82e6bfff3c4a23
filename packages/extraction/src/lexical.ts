import { normalizeLabel, tokenize, type Token } from './normalize.ts';
import type { AliasKind, ExtractionSkill } from './skills.ts';

export interface LexicalHit {
  skill: number;
  kind: AliasKind;
  /** Token range [first, last) of the hit in the text's tokens. */
  firstToken: number;
  lastToken: number;
  start: number;
  end: number;
}

const KIND_RANK: Record<AliasKind, number> = { preferred: 0, alt: 1, base: 2, hidden: 3 };

export interface LexicalMatcherOptions {
  /** Normalized single-word aliases that are too generic to count as a skill on their own ("communication"). */
  genericWords?: ReadonlySet<string>;
}

/** An owner of a pattern: the skill and the best kind of alias it has the pattern as. */
export interface PatternOwner {
  skill: number;
  kind: AliasKind;
}

/**
 * Every alias normalized into the patterns a matcher looks for, each with the skills that own it (a skill once,
 * with its best alias kind); one-letter aliases and generic single-word non-preferred aliases are left out.
 */
export function lexicalPatterns(skills: readonly ExtractionSkill[], options: LexicalMatcherOptions = {}): Map<string, PatternOwner[]> {
  const generic = options.genericWords ?? new Set<string>();
  const byPattern = new Map<string, PatternOwner[]>();
  skills.forEach((skill, s) => {
    for (const alias of skill.aliases) {
      const norm = normalizeLabel(alias.text);
      if (norm === '') continue;
      const single = !norm.includes(' ');
      // A one-letter alias ("R", "C") only counts as written with its exact case: too ambiguous otherwise.
      if (single && norm.length < 2) continue;
      if (single && alias.kind !== 'preferred' && generic.has(norm)) continue;
      let owners = byPattern.get(norm);
      if (!owners) byPattern.set(norm, (owners = []));
      const own = owners.find((o) => o.skill === s);
      if (own === undefined) owners.push({ skill: s, kind: alias.kind });
      else if (KIND_RANK[alias.kind] < KIND_RANK[own.kind]) own.kind = alias.kind;
    }
  });
  return byPattern;
}

/**
 * Longest-match lexical skill finder: every alias normalized (see normalize.ts) and matched as whole tokens over
 * the normalized token stream of the text; overlapping hits keep the longest.
 *
 * Matching is over tokens, not characters: a pattern is its normalized tokens joined by single spaces, looked up
 * in a hash map while a scan from each token extends as long as the words so far are a prefix of some pattern.
 * Token norms never contain a space, so this finds exactly the occurrences a character automaton over " pattern "
 * in " t0 t1 … " would, with ~10× less memory and build time than a character trie over ~100k aliases.
 */
export class LexicalMatcher {
  /** Normalized pattern → its index. */
  readonly #patternIndex: Map<string, number>;
  /** Every proper token prefix of a pattern ("data", "data base" for "data base management"). */
  readonly #prefixes: Set<string>;
  /** Pattern index → the skills that own it (several skills may share one alias). */
  readonly #owners: PatternOwner[][];

  constructor(skills: readonly ExtractionSkill[], options: LexicalMatcherOptions = {}) {
    const byPattern = lexicalPatterns(skills, options);
    const patterns = [...byPattern.keys()];
    this.#owners = patterns.map((p) => byPattern.get(p)!);
    this.#patternIndex = new Map(patterns.map((p, i) => [p, i]));
    this.#prefixes = new Set();
    for (const p of patterns) {
      for (let space = p.indexOf(' '); space !== -1; space = p.indexOf(' ', space + 1)) this.#prefixes.add(p.slice(0, space));
    }
  }

  /** Hits over the tokens of `text` (or the given tokens of it), longest first where they overlap. */
  match(text: string, tokens: Token[] = tokenize(text)): LexicalHit[] {
    if (tokens.length === 0) return [];
    const raw: { pattern: number; first: number; last: number }[] = [];
    for (let first = 0; first < tokens.length; first++) {
      let words = tokens[first]!.norm;
      for (let last = first + 1; ; last++) {
        const pattern = this.#patternIndex.get(words);
        if (pattern !== undefined) raw.push({ pattern, first, last });
        if (last >= tokens.length || !this.#prefixes.has(words)) break;
        words += ` ${tokens[last]!.norm}`;
      }
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
