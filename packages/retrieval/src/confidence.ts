import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobskillError } from '@jobskill/data';
import { resolveEncoderDir } from '@jobskill/encoders';
import { SKILL_CONFIDENCE_CALIBRATION } from './confidence-calibration.ts';
import type { ConfidenceCalibration } from './confidence-types.ts';

export type { ConfidenceCalibration };

/**
 * How far a skill search can be trusted, in absolute terms. Ranking scores are normalized per list (the best hit is
 * near 1 whatever the title), so gibberish looked as confident as "data scientist". Two signals say more:
 * - **vocabulary coverage**: the share of the title's words the encoder knows (whole WordPiece tokens, or a known
 *   stem plus one suffix piece). The embedded encoder's vocabulary comes from English ESCO labels, so a German or
 *   made-up title has words it can only spell out letter by letter;
 * - **top cosine**: the raw cosine of the title and its closest skill (`evidence.firstStageScore`), before any
 *   normalization.
 * Both feed logistic models fitted on a dev set carved from training data (scripts/calibrate-confidence.ts,
 * packages/retrieval/README.md "Confidence"): `confidence` = P(the title is a job title the encoder can read),
 * and each hit's `calibratedScore` = P(ESCO lists the skill for an occupation with this title | cosine) × confidence.
 */

export interface WordCoverage {
  /** Letter words in the title (digits and punctuation are not words here). */
  words: number;
  /** Known words / words; 0 when the title has no letter word at all (emoji, digits only). */
  coverage: number;
  /** The words the encoder does not know, as normalized (lowercase, accents stripped). */
  unknownWords: string[];
}

export interface SearchConfidence {
  /** P(the title is a job title the encoder can read), calibrated on the dev set; in [0, 1]. */
  confidence: number;
  /** confidence < 0.5: treat the results as guesses. */
  lowConfidence: boolean;
  /** Fewer than half of the title's words are in the encoder's vocabulary (or it has no words). */
  outOfVocabulary: boolean;
  coverage: number;
  /** Raw cosine of the title and its closest returned skill. */
  topCosine: number;
  /** Words the encoder does not know. */
  unknownWords: string[];
  /** A sentence for people, present when lowConfidence or outOfVocabulary. */
  note?: string;
}


const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const MARKS = /\p{Mn}/gu;
const WORD = /\p{L}+/gu;

/** The encoder's WordPiece vocabulary, for coverage only (the encoder still tokenizes for itself). */
export class EncoderVocabulary {
  readonly #tokens: ReadonlySet<string>;
  readonly #cache = new Map<string, boolean>();

  constructor(tokens: Iterable<string>) {
    this.#tokens = new Set(tokens);
  }

  /**
   * The vocabulary of the served encoder (`--encoder` / $JOBSKILL_ENCODER, else the embedded one), or undefined when
   * that encoder is not a local folder with a tokenizer.json (a hub id): answers then carry no confidence block.
   */
  static ofServedEncoder(dir: string = resolveEncoderDir()): EncoderVocabulary | undefined {
    return existsSync(join(dir, 'tokenizer.json')) ? EncoderVocabulary.fromEncoderDir(dir) : undefined;
  }

  /** Reads `model.vocab` of a Hugging Face tokenizer.json (WordPiece) in an encoder folder. */
  static fromEncoderDir(dir: string): EncoderVocabulary {
    const file = join(dir, 'tokenizer.json');
    let vocab: unknown;
    try {
      vocab = (JSON.parse(readFileSync(file, 'utf8')) as { model?: { vocab?: unknown } }).model?.vocab;
    } catch (cause) {
      throw new JobskillError('MODEL_NOT_BUILT', `cannot read the encoder vocabulary ${file}: ${(cause as Error).message}`, { cause });
    }
    if (vocab === null || typeof vocab !== 'object' || Array.isArray(vocab)) {
      throw new JobskillError('MODEL_NOT_BUILT', `${file}: model.vocab is not a WordPiece vocabulary (token → id)`);
    }
    return new EncoderVocabulary(Object.keys(vocab));
  }

  get size(): number {
    return this.#tokens.size;
  }

  /** Known: a whole token, or a known stem of ≥ 4 letters plus at most one continuation piece ("developer" + "##s"). */
  knows(word: string): boolean {
    let known = this.#cache.get(word);
    if (known !== undefined) return known;
    known = this.#tokens.has(word) || this.#stemPlusSuffix(word);
    if (this.#cache.size < 100_000) this.#cache.set(word, known);
    return known;
  }

  #stemPlusSuffix(word: string): boolean {
    const chars = [...word];
    for (let end = chars.length - 1; end >= 4; end--) {
      if (!this.#tokens.has(chars.slice(0, end).join(''))) continue;
      return this.#tokens.has(`##${chars.slice(end).join('')}`);
    }
    return false;
  }

  coverage(title: string): WordCoverage {
    const words = title.toLowerCase().normalize('NFD').replace(MARKS, '').match(WORD) ?? [];
    const unknownWords = words.filter((w) => !this.knows(w));
    return { words: words.length, coverage: words.length === 0 ? 0 : (words.length - unknownWords.length) / words.length, unknownWords };
  }
}

/** The calibrated confidence of one search from its title and its hits' raw cosines. */
export function assessSearch(
  vocabulary: EncoderVocabulary,
  title: string,
  cosines: readonly number[],
  calibration: ConfidenceCalibration = SKILL_CONFIDENCE_CALIBRATION,
): SearchConfidence {
  const { coverage, unknownWords, words } = vocabulary.coverage(title);
  const topCosine = cosines.length === 0 ? 0 : Math.max(...cosines);
  const q = calibration.query;
  const confidence = sigmoid(q.intercept + q.coverage * coverage + q.topCosine * topCosine);
  const lowConfidence = confidence < 0.5;
  const outOfVocabulary = words === 0 || coverage < 0.5;
  let note: string | undefined;
  if (outOfVocabulary) {
    note =
      words === 0
        ? 'the title has no words the encoder can read; it knows English job titles only: these results are guesses'
        : `the encoder knows ${unknownWords.length === words ? 'none' : `${words - unknownWords.length} of ${words}`} of the title's words (unknown: ${unknownWords.slice(0, 5).join(', ')}); it knows English job titles only (ESCO labels): these results are guesses`;
  } else if (lowConfidence) {
    note = 'no skill is close to this title: these results are guesses';
  }
  return { confidence, lowConfidence, outOfVocabulary, coverage, topCosine, unknownWords, ...(note !== undefined ? { note } : {}) };
}

/** P(ESCO lists the skill for an occupation with this title), given the raw cosine and the search's confidence. */
export function calibratedSkillScore(cosine: number, confidence: number, calibration: ConfidenceCalibration = SKILL_CONFIDENCE_CALIBRATION): number {
  return sigmoid(calibration.hit.intercept + calibration.hit.cosine * cosine) * confidence;
}

/**
 * Where results are built: the search's confidence, and each hit's calibrated score (hits keep their ranking score;
 * `cosineOf` reads the raw first-stage cosine of a hit).
 */
export function withConfidence<H>(
  vocabulary: EncoderVocabulary,
  title: string,
  hits: readonly H[],
  cosineOf: (hit: H) => number,
): { confidence: SearchConfidence; calibratedScores: number[] } {
  const cosines = hits.map(cosineOf);
  const confidence = assessSearch(vocabulary, title, cosines);
  return { confidence, calibratedScores: cosines.map((c) => calibratedSkillScore(c, confidence.confidence)) };
}
