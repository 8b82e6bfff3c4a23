import type { Encoder } from '@jobskill/encoders';
import type { SkillIndex } from '@jobskill/retrieval';
import { candidatePhrases, STOPWORDS, type CandidatePhrase } from './candidates.ts';
import { DenseScorer, SUM_ORDER, type DenseHit, type PhraseVectors, type TokenTable } from './dense.ts';
import { logisticScore, type LogisticFusion } from './fusion.ts';
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

/** The fixed fusion weights of the combined method (set by hand; the served default is the learned fusion). */
export interface FusionWeights {
  /** combined = lexical · lexicalWeight + dense · (1 − lexicalWeight). */
  lexicalWeight: number;
  /** dense(phrase) = (1 − segmentWeight) · cos(phrase, skill) + segmentWeight · cos(its segment, skill). */
  segmentWeight: number;
}

export const DEFAULT_FUSION: FusionWeights = Object.freeze({ lexicalWeight: 0.5, segmentWeight: 0.3 });
export const DEFAULT_K = 50;
/** Phrases holding a lexical hit are looked for this many tokens back (segments have ≤ 40 tokens). */
const MAX_PHRASE_REACH = 64;
/** Default minimum score per method (skills below are not returned; nothing above → abstain). */
export const DEFAULT_THRESHOLDS: Readonly<Record<ExtractionMethod, number>> = Object.freeze({
  lexical: 0.5,
  dense: 0.75,
  combined: 0.5,
});
/** Default threshold of `combined` with the learned fusion (a probability): best micro F1 on the dev set's fit half. */
export const LEARNED_COMBINED_THRESHOLD = 0.25;
interface Analysis {
  text: string;
  tokens: Token[];
  lexical: LexicalHit[];
  phrases: CandidatePhrase[];
  /** The segment of phrase i is phrases[segmentOf[i]] (itself when its segment was too long to be a candidate). */
  segmentOf: number[];
  /** Unit vector per phrase (null: lexical only). */
  vectors: PhraseVectors | null;
}

export interface ExtractionEngineParts {
  skills: readonly ExtractionSkill[];
  lexical: LexicalMatcher;
  /**
   * Null: lexical only. `tokens`: the encoder's piece table when it is a static embedding model (phrases are then
   * sums of piece rows, no encoder call); without it phrases are encoded by `encoder`.
   */
  dense: { encoder: Encoder; index: SkillIndex; tokens?: TokenTable | null; scorer?: { perPiece?: number | undefined; minProposals?: number | undefined } } | null;
  fusion?: FusionWeights;
  /** The learned combination (used by `combined` when given; needs `dense`). */
  logistic?: LogisticFusion | null;
  /** Per skill (corpus order): the job-ad prior feature of the learned fusion, in [0, 1]. */
  skillPrior?: Float32Array | null;
}

/** The skill index's unit skill vectors as one row-major matrix (its mean vectors, or computed from its aliases). */
function skillMatrix(index: SkillIndex): Float32Array {
  if (index.skillStore !== null) return index.skillStore.vectors();
  const d = index.dimensions;
  const out = new Float32Array(index.corpus.skills.length * d);
  for (let s = 0; s < index.corpus.skills.length; s++) out.set(index.skillVector(s), s * d);
  return out;
}

/** Lexical, dense and combined scoring over the same analysis of a text. */
export class ExtractionEngine {
  readonly skills: readonly ExtractionSkill[];
  readonly fusion: FusionWeights;
  readonly #lexical: LexicalMatcher;
  readonly #dense: { encoder: Encoder; scorer: DenseScorer } | null;
  readonly #logistic: LogisticFusion | null;
  readonly #prior: Float32Array | null;

  constructor(parts: ExtractionEngineParts) {
    this.skills = parts.skills;
    this.#lexical = parts.lexical;
    this.fusion = parts.fusion ?? DEFAULT_FUSION;
    this.#logistic = parts.dense === null ? null : (parts.logistic ?? null);
    this.#prior = parts.skillPrior ?? null;
    if (this.#prior !== null && this.#prior.length !== parts.skills.length) {
      throw new Error(`skill prior has ${this.#prior.length} values, the extractor ${parts.skills.length} skills`);
    }
    if (parts.dense && parts.dense.index.corpus.skills.length !== parts.skills.length) {
      throw new Error(`skill index has ${parts.dense.index.corpus.skills.length} skills, the extractor ${parts.skills.length}`);
    }
    this.#dense =
      parts.dense === null
        ? null
        : {
            encoder: parts.dense.encoder,
            scorer: new DenseScorer(skillMatrix(parts.dense.index), parts.dense.index.dimensions, parts.dense.tokens ?? null, parts.dense.scorer),
          };
  }

  get hasDense(): boolean {
    return this.#dense !== null;
  }

  /** The dense scorer (null: lexical only), e.g. to precompute or load its piece → skill lists. */
  get denseScorer(): DenseScorer | null {
    return this.#dense?.scorer ?? null;
  }

  /** True when phrases are summed from the static encoder's piece table (the fast path). */
  get hasTokenTable(): boolean {
    return this.#dense?.scorer.hasTokenTable ?? false;
  }

  async analyze(text: string, withDense: boolean): Promise<Analysis> {
    const tokens = tokenize(text);
    const lexical = this.#lexical.match(text, tokens);
    if (!withDense || this.#dense === null || tokens.length === 0) {
      return { text, tokens, lexical, phrases: [], segmentOf: [], vectors: null };
    }
    const phrases = candidatePhrases(text, tokens);
    // Segments partition the tokens: the segment of a phrase is the one holding its first token, if it holds all of it.
    const segmentAt = new Int32Array(tokens.length).fill(-1);
    phrases.forEach((p, i) => {
      if (p.kind === 'segment') segmentAt.fill(i, p.firstToken, p.lastToken);
    });
    const segmentOf = phrases.map((p, i) => {
      const s = segmentAt[p.firstToken]!;
      return s >= 0 && phrases[s]!.lastToken >= p.lastToken ? s : i;
    });
    const { scorer, encoder } = this.#dense;
    const vectors = scorer.hasTokenTable
      ? scorer.phraseVectors(text, tokens, phrases, (t) => !STOPWORDS.has(tokens[t]!.norm))
      : scorer.fromVectors(await encoder.encode(phrases.map((p) => text.slice(p.start, p.end))));
    return { text, tokens, lexical, phrases, segmentOf, vectors };
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
    if (this.#dense === null || analysis.vectors === null) return { score: new Float32Array(n), phrase: new Int32Array(n).fill(-1) };
    return this.#dense.scorer.scoreAll(analysis.vectors, analysis.segmentOf, this.fusion.segmentWeight);
  }

  /**
   * Dense score of the skills proposed for the text (fast path of extract), exact for each of them. `limit`: how many
   * skills the caller keeps; more are proposed than kept, and every lexical hit is scored too.
   */
  denseScoresTop(analysis: Analysis, limit: number): Map<number, DenseHit> {
    if (this.#dense === null || analysis.vectors === null) return new Map();
    const { minProposals } = this.#dense.scorer.options;
    // With the learned fusion, proposals are ordered by its own terms (dense approximated by the best piece cosine).
    // Every lexical hit is scored too, on the phrases that contain it.
    const byFirst: number[][] = Array.from({ length: analysis.tokens.length }, () => []);
    analysis.phrases.forEach((p, i) => byFirst[p.firstToken]!.push(i));
    const wanted = new Map<number, number[]>();
    for (const hit of analysis.lexical) {
      let list = wanted.get(hit.skill);
      if (!list) wanted.set(hit.skill, (list = []));
      for (let t = hit.firstToken; t >= 0 && t > hit.firstToken - MAX_PHRASE_REACH; t--) {
        for (const i of byFirst[t]!) if (analysis.phrases[i]!.lastToken >= hit.lastToken && !list.includes(i)) list.push(i);
      }
    }
    const l = this.#logistic;
    const order = l === null ? SUM_ORDER : { sum: l.weights.evidence, best: l.weights.dense, prior: this.#prior, priorWeight: l.weights.prior };
    return this.#dense.scorer.scoreProposals(analysis.vectors, analysis.segmentOf, this.fusion.segmentWeight, Math.max(minProposals, 2 * limit), wanted, order);
  }

  /** The combined score: the learned logistic fusion when the engine has one, else the fixed linear fusion. */
  combine(skill: number, lexical: number, dense: number, evidence: number): number {
    if (this.#logistic !== null) {
      return logisticScore(this.#logistic, { lexical, dense: Math.max(0, dense), evidence, prior: this.#prior?.[skill] ?? 0 });
    }
    const a = this.fusion.lexicalWeight;
    return a * lexical + (1 - a) * Math.max(0, dense);
  }

  /** The fusion features of every skill for one text (complete, exact), for fitting the learned fusion. */
  async fusionInputs(text: string): Promise<{ lexical: Map<number, number>; dense: Float32Array; evidence: Float32Array; prior: Float32Array | null }> {
    const analysis = await this.analyze(text, true);
    const { score } = this.denseScoresAll(analysis);
    return { lexical: this.lexicalScores(analysis), dense: score, evidence: this.#evidenceAll(analysis), prior: this.#prior };
  }

  #evidenceAll(analysis: Analysis): Float32Array {
    if (this.#dense === null || analysis.vectors === null) return new Float32Array(this.skills.length);
    return this.#dense.scorer.pieceEvidence(analysis.vectors);
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
    const evidence = this.#logistic !== null ? this.#evidenceAll(analysis) : null;
    const out = new Float32Array(n);
    for (let s = 0; s < n; s++) out[s] = this.combine(s, lexical.get(s) ?? 0, score[s]!, evidence?.[s] ?? 0);
    return out;
  }

  async extract(text: string, method: ExtractionMethod, options: unknown): Promise<ExtractionResult> {
    const valid = validateText(text);
    const { k, threshold } = parseExtractOptions(options);
    const limit = k ?? DEFAULT_K;
    const minScore = threshold ?? (method === 'combined' && this.#logistic !== null ? LEARNED_COMBINED_THRESHOLD : DEFAULT_THRESHOLDS[method]);
    if (valid.trim() === '') return { skills: [], mentions: [], abstained: true };
    const analysis = await this.analyze(valid, method !== 'lexical');
    const lexical = this.lexicalScores(analysis);
    const dense = method === 'lexical' ? new Map<number, DenseHit>() : this.denseScoresTop(analysis, limit);
    const scored: { skill: number; score: number }[] = [];
    const skillsSeen = new Set<number>([...lexical.keys(), ...(method === 'lexical' ? [] : dense.keys())]);
    for (const s of skillsSeen) {
      const lex = lexical.get(s) ?? 0;
      const hit = dense.get(s);
      const den = hit?.score ?? 0;
      const score = method === 'lexical' ? lex : method === 'dense' ? den : this.combine(s, lex, den, hit?.evidence ?? 0);
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
