import AhoCorasick from 'modern-ahocorasick';
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

/**
 * Longest-match lexical skill finder: every alias normalized (see normalize.ts) and matched as whole tokens over
 * the normalized token stream of the text with an Aho–Corasick automaton; overlapping hits keep the longest.
 */
export class LexicalMatcher {
  readonly #matcher: AhoCorasick;
  /** Pattern index → the skills that own it (several skills may share one alias). */
  readonly #owners: { skill: number; kind: AliasKind }[][];
  readonly #patternTokens: number[];

  constructor(skills: readonly ExtractionSkill[], options: LexicalMatcherOptions = {}) {
    const generic = options.genericWords ?? new Set<string>();
    const byPattern = new Map<string, { skill: number; kind: AliasKind }[]>();
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
        if (!owners.some((o) => o.skill === s)) owners.push({ skill: s, kind: alias.kind });
        else {
          const own = owners.find((o) => o.skill === s)!;
          if (KIND_RANK[alias.kind] < KIND_RANK[own.kind]) own.kind = alias.kind;
        }
      }
    });
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
