import type { Encoder } from '@jobskill/encoders';
import type { SkillIndex } from '@jobskill/retrieval';
import { candidatePhrases, type CandidatePhrase } from './candidates.ts';
import type { LexicalHit, LexicalMatcher } from './lexical.ts';
import { tokenize, type Token } from './normalize.ts';
import type { AliasKind, ExtractionSkill } from './skills.ts';
import type { ExtractedSkill, ExtractionMethod, ExtractionResult, SkillExtractor, SkillMention } from './types.ts';
import { parseExtractOptions, validateText } from './validate.ts';

/** Score of a lexical hit by how ESCO spells the alias it matched. */
export const LEXICAL_KIND_SCORE: Readonly<Record<AliasKind, number>> = Object.freeze({
  preferred: 1,
  alt: 0.95,
  base: 0.9,
  hidden: 0.85,
});

/** The fusion weights of the combined method (chosen on a fixed dev half, see README). */
export interface FusionWeights {
  /** combined = lexical · lexicalWeight + dense · (1 − lexicalWeight). */
  lexicalWeight: number;
  /** dense(phrase) = (1 − segmentWeight) · cos(phrase, skill) + segmentWeight · cos(its segment, skill). */
  segmentWeight: number;
}

export const DEFAULT_FUSION: FusionWeights = Object.freeze({ lexicalWeight: 0.5, segmentWeight: 0.3 });
export const DEFAULT_K = 50;
/** Default minimum score per method (skills below are not returned; nothing above → abstain). */
export const DEFAULT_THRESHOLDS: Readonly<Record<ExtractionMethod, number>> = Object.freeze({
  lexical: 0.5,
  dense: 0.75,
  combined: 0.5,
});
/** Skills taken from the ANN index per candidate phrase before exact re-scoring. */
const ANN_PER_PHRASE = 8;

interface Analysis {
  text: string;
  tokens: Token[];
  lexical: LexicalHit[];
  phrases: CandidatePhrase[];
  /** Unit vector per phrase; the segment of phrase i is phrases[segmentOf[i]]. */
  vectors: Float32Array[];
  segmentOf: number[];
}

export interface ExtractionEngineParts {
  skills: readonly ExtractionSkill[];
  lexical: LexicalMatcher;
  /** Null: lexical only (no encoder / index). */
  dense: { encoder: Encoder; index: SkillIndex } | null;
  fusion?: FusionWeights;
}

/** Lexical, dense and combined scoring over the same analysis of a text. */
export class ExtractionEngine {
  readonly skills: readonly ExtractionSkill[];
  readonly fusion: FusionWeights;
  readonly #lexical: LexicalMatcher;
  readonly #dense: ExtractionEngineParts['dense'];
  /** Skill unit vectors, read from the index once (the index decodes / averages them on every call). */
  readonly #skillVectors = new Map<number, Float32Array>();

  constructor(parts: ExtractionEngineParts) {
    this.skills = parts.skills;
    this.#lexical = parts.lexical;
    this.#dense = parts.dense;
    this.fusion = parts.fusion ?? DEFAULT_FUSION;
    if (parts.dense && parts.dense.index.corpus.skills.length !== parts.skills.length) {
      throw new Error(`skill index has ${parts.dense.index.corpus.skills.length} skills, the extractor ${parts.skills.length}`);
    }
  }

  get hasDense(): boolean {
    return this.#dense !== null;
  }

  async analyze(text: string, withDense: boolean): Promise<Analysis> {
    const tokens = tokenize(text);
    const lexical = this.#lexical.match(text, tokens);
    if (!withDense || this.#dense === null || tokens.length === 0) {
      return { text, tokens, lexical, phrases: [], vectors: [], segmentOf: [] };
    }
    const phrases = candidatePhrases(text, tokens);
    const vectors = await this.#dense.encoder.encode(phrases.map((p) => text.slice(p.start, p.end)));
    // The segment of a phrase: the segment candidate that contains it (or itself when its segment was too long).
    const segments = phrases.map((p, i) => ({ p, i })).filter(({ p }) => p.kind === 'segment');
    const segmentOf = phrases.map((p, i) => segments.find(({ p: s }) => s.start <= p.start && p.end <= s.end)?.i ?? i);
    return { text, tokens, lexical, phrases, vectors, segmentOf };
  }

  /** Best lexical score per skill. */
  lexicalScores(analysis: Analysis): Map<number, number> {
    const out = new Map<number, number>();
    for (const hit of analysis.lexical) {
      const score = LEXICAL_KIND_SCORE[hit.kind];
      if (score > (out.get(hit.skill) ?? 0)) out.set(hit.skill, score);
    }
    return out;
  }

  /** Dense score of every skill (exact, for complete rankings): best phrase per skill. */
  denseScoresAll(analysis: Analysis): { score: Float32Array; phrase: Int32Array } {
    const n = this.skills.length;
    const score = new Float32Array(n).fill(0);
    const phrase = new Int32Array(n).fill(-1);
    if (this.#dense === null) return score.fill(0) && { score, phrase };
    const index = this.#dense.index;
    const w = this.fusion.segmentWeight;
    const all = analysis.vectors.map((v) => index.scoreAll(v));
    all.forEach((scores, i) => {
      const seg = all[analysis.segmentOf[i]!]!;
      for (let s = 0; s < n; s++) {
        const v = (1 - w) * scores[s]! + w * seg[s]!;
        if (phrase[s] === -1 || v > score[s]!) {
          score[s] = v;
          phrase[s] = i;
        }
      }
    });
    return { score, phrase };
  }

  /** Dense score of the skills the ANN index proposes for some phrase (fast path of extract). */
  denseScoresTop(analysis: Analysis): Map<number, { score: number; phrase: number }> {
    const out = new Map<number, { score: number; phrase: number }>();
    if (this.#dense === null) return out;
    const index = this.#dense.index;
    const w = this.fusion.segmentWeight;
    const proposed = new Set<number>();
    for (const v of analysis.vectors) for (const m of index.candidates(v, ANN_PER_PHRASE)) proposed.add(m.skill);
    for (const skill of proposed) {
      let vector = this.#skillVectors.get(skill);
      if (vector === undefined) this.#skillVectors.set(skill, (vector = index.skillVector(skill)));
      let best = -Infinity;
      let bestPhrase = -1;
      const cos = analysis.vectors.map((v) => dot(v, vector));
      cos.forEach((c, i) => {
        const v = (1 - w) * c + w * cos[analysis.segmentOf[i]!]!;
        if (v > best) {
          best = v;
          bestPhrase = i;
        }
      });
      out.set(skill, { score: best, phrase: bestPhrase });
    }
    return out;
  }

  combine(lexical: number, dense: number): number {
    const a = this.fusion.lexicalWeight;
    return a * lexical + (1 - a) * Math.max(0, dense);
  }

  /** A score for every skill (corpus order), for benchmark rankings. */
  async rankAll(text: string, method: ExtractionMethod): Promise<Float32Array> {
    const analysis = await this.analyze(text, method !== 'lexical');
    const lexical = this.lexicalScores(analysis);
    const n = this.skills.length;
    if (method === 'lexical') {
      const out = new Float32Array(n);
      for (const [s, v] of lexical) out[s] = v;
      return out;
    }
    const { score } = this.denseScoresAll(analysis);
    if (method === 'dense') return score;
    const out = new Float32Array(n);
    for (let s = 0; s < n; s++) out[s] = this.combine(lexical.get(s) ?? 0, score[s]!);
    return out;
  }

  async extract(text: string, method: ExtractionMethod, options: unknown): Promise<ExtractionResult> {
    const valid = validateText(text);
    const { k, threshold } = parseExtractOptions(options);
    const limit = k ?? DEFAULT_K;
    const minScore = threshold ?? DEFAULT_THRESHOLDS[method];
    if (valid.trim() === '') return { skills: [], mentions: [], abstained: true };
    const analysis = await this.analyze(valid, method !== 'lexical');
    const lexical = this.lexicalScores(analysis);
    const dense = method === 'lexical' ? new Map<number, { score: number; phrase: number }>() : this.denseScoresTop(analysis);
    const scored: { skill: number; score: number }[] = [];
    const skillsSeen = new Set<number>([...lexical.keys(), ...(method === 'lexical' ? [] : dense.keys())]);
    for (const s of skillsSeen) {
      const lex = lexical.get(s) ?? 0;
      const den = dense.get(s)?.score ?? 0;
      const score = method === 'lexical' ? lex : method === 'dense' ? den : this.combine(lex, den);
      if (score >= minScore) scored.push({ skill: s, score });
    }
    scored.sort((a, b) => b.score - a.score || a.skill - b.skill);
    const kept = scored.slice(0, limit);
    const skills: ExtractedSkill[] = kept.map(({ skill, score }) => {
      const { uri, label } = this.skills[skill]!;
      const mentions: SkillMention[] = [];
      if (method !== 'dense') {
        for (const hit of analysis.lexical) {
          if (hit.skill !== skill) continue;
          mentions.push(this.#mention(valid, skill, LEXICAL_KIND_SCORE[hit.kind], hit.start, hit.end, 'lexical'));
        }
      }
      const best = dense.get(skill);
      if (mentions.length === 0 && best !== undefined && best.phrase >= 0) {
        const p = analysis.phrases[best.phrase]!;
        mentions.push(this.#mention(valid, skill, round(best.score), p.start, p.end, 'dense'));
      }
      return { uri, label, score: round(score), mentions };
    });
    const mentions = skills.flatMap((s) => s.mentions).sort((a, b) => a.start - b.start || b.score - a.score);
    return { skills, mentions, abstained: skills.length === 0 };
  }

  #mention(text: string, skill: number, score: number, start: number, end: number, method: ExtractionMethod): SkillMention {
    const { uri, label } = this.skills[skill]!;
    return { uri, label, score: round(score), start, end, surface: text.slice(start, end), method };
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** One method of an engine as a SkillExtractor. */
export function engineExtractor(engine: ExtractionEngine, method: ExtractionMethod): SkillExtractor {
  return Object.freeze({
    name: method,
    extract: (text: string, options?: { k?: number; threshold?: number }) => engine.extract(text, method, options),
  });
}
