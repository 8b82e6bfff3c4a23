import { z } from 'zod';
import { KEY_SPACE, type EscoPairs } from './esco-pairs.ts';
import { mnrlLossAndGradients, SparseAdam } from './mnrl.ts';
import { Prng, JobskillError } from '@jobskill/data';
import type { WordPieceTokenizer } from './tokenizer.ts';
import { PRETRAINED_VECTOR_SOURCES, pretrainedInitRows, type PretrainedVectorSource, type PretrainedVectors } from './pretrained-vectors.ts';

export const TrainOptionsSchema = z.object({
  dim: z.number().int().positive().default(256),
  epochs: z.number().int().positive().default(3),
  batchSize: z.number().int().min(2).default(256),
  /** Peak Adam learning rate (linear warm-up, then linear decay to 10 %). */
  learningRate: z.number().positive().default(0.01),
  warmupFraction: z.number().min(0).max(1).default(0.05),
  /** Similarity scale of the loss (sentence-transformers MultipleNegativesRankingLoss default). */
  scale: z.number().positive().default(20),
  symmetric: z.boolean().default(true),
  /** Standard deviation of the random normal initial table. */
  initStd: z.number().positive().default(0.1),
  /**
   * Pretrained word vectors for the whole-word rows (PRETRAINED_VECTOR_SOURCES; the caller loads them and passes them
   * to trainStaticEncoder); null: random init only.
   */
  init: z.enum(Object.keys(PRETRAINED_VECTOR_SOURCES) as [PretrainedVectorSource]).nullable().default(null),
  /** Length of a pretrained-initialised row (a random row's is ≈ initStd·√dim: 1.6 at 256 dims). */
  initScale: z.number().positive().default(3),
  /**
   * Probability that a whole-word token is replaced by its subword pieces in a training example, so the
   * `##` pieces learn what the words they compose mean (unseen words at query time fall back to pieces).
   */
  pieceDropout: z.number().min(0).max(1).default(0),
  seed: z.number().int().default(42),
});
export type TrainOptions = z.input<typeof TrainOptionsSchema>;

export interface EpochReport {
  epoch: number;
  pairs: number;
  batches: number;
  meanLoss: number;
  ms: number;
}

export interface TrainedTable {
  table: Float32Array;
  dim: number;
  epochs: EpochReport[];
  /** Vocabulary rows no training example touched (set to zero). */
  untrainedRows: number;
}

/** Tokenized texts, with an alternative all-pieces segmentation per whole-word token for piece dropout. */
class TokenizedTexts {
  private readonly seqs: number[][];
  private readonly words: { ids: readonly number[]; alt: readonly number[] | null }[][];

  constructor(texts: readonly string[], private readonly tokenizer: WordPieceTokenizer, withAlternatives: boolean) {
    this.seqs = texts.map((t) => tokenizer.contentIds(t));
    this.words = withAlternatives
      ? texts.map((t) =>
          tokenizer.words(t).map((w) => {
            const ids = tokenizer.encodeWord(w);
            const single = ids.length === 1 && [...w].length > 1 ? ids[0]! : -1;
            const alt = single >= 0 ? tokenizer.encodeWord(w, new Set([single])) : null;
            return { ids, alt: alt !== null && alt.length > 1 && !alt.includes(tokenizer.idOf('[UNK]')!) ? alt : null };
          }),
        )
      : [];
  }

  get(text: number, prng: Prng, pieceDropout: number): readonly number[] {
    if (pieceDropout <= 0) return this.seqs[text]!;
    const ids: number[] = [];
    for (const w of this.words[text]!) {
      const use = w.alt !== null && prng.next() < pieceDropout ? w.alt : w.ids;
      for (const id of use) ids.push(id);
    }
    return this.tokenizer.truncate(ids);
  }
}

/** Untrained rows keep this fraction of their random init: negligible beside trained rows (norm ≈ 1–3), never zero. */
export const UNTRAINED_ROW_SCALE = 1e-3;

/** Trains the token-embedding table with multiple-negatives ranking loss over ESCO pairs. Deterministic per seed. */
export function trainStaticEncoder(
  pairs: EscoPairs,
  tokenizer: WordPieceTokenizer,
  options: TrainOptions = {},
  log: (line: string) => void = () => {},
  pretrained?: PretrainedVectors,
): TrainedTable {
  const o = TrainOptionsSchema.parse(options);
  const prng = new Prng(o.seed);
  const { dim } = o;
  const table = new Float32Array(tokenizer.size * dim);
  for (let i = 0; i < table.length; i++) table[i] = prng.normal() * o.initStd;
  if (o.init !== null) {
    if (pretrained?.source !== o.init) {
      throw new JobskillError('INVALID_OPTION', `init "${o.init}" needs its pretrained vectors (loadPretrainedVectors), got ${pretrained?.source ?? 'none'}`);
    }
    const initRow = pretrainedInitRows(pretrained, dim, { scale: o.initScale, restStd: o.initStd, seed: o.seed ^ 0x1e17 });
    let hit = 0;
    for (let r = 0; r < tokenizer.size; r++) {
      const v = initRow(tokenizer.vocab[r]!);
      if (v === undefined) continue;
      table.set(v, r * dim); // pretrainedInitRows returns rows of exactly `dim` values
      hit++;
    }
    log(`init: ${hit} of ${tokenizer.size} rows from ${pretrained.origin}`);
  }
  const adam = new SparseAdam(table, dim);
  const tokens = new TokenizedTexts(pairs.texts, tokenizer, o.pieceDropout > 0);

  const firstPairs = pairs.epochPairs(prng);
  const batchesPerEpoch = Math.floor(firstPairs.length / o.batchSize);
  const totalSteps = batchesPerEpoch * o.epochs;
  const warmup = Math.max(1, Math.round(totalSteps * o.warmupFraction));
  const lrAt = (step: number) =>
    step < warmup
      ? (o.learningRate * (step + 1)) / warmup
      : o.learningRate * (1 - (0.9 * (step - warmup)) / Math.max(1, totalSteps - warmup));

  const reports: EpochReport[] = [];
  let step = 0;
  const B = o.batchSize;
  const masked = new Uint8Array(B * B);
  const touched = new Uint8Array(tokenizer.size);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const started = Date.now();
    const list = epoch === 0 ? firstPairs : pairs.epochPairs(prng);
    prng.shuffle(list);
    let lossSum = 0;
    // Epochs can differ in size by a few pairs (titleAugmentExtra draws its extra pairs): never read past the list.
    const batches = Math.min(batchesPerEpoch, Math.floor(list.length / B));
    for (let bi = 0; bi < batches; bi++) {
      const batch = list.slice(bi * B, (bi + 1) * B);
      let anyMasked = false;
      for (let i = 0; i < B; i++) {
        const base = batch[i]!.anchorKey * KEY_SPACE;
        for (let j = 0; j < B; j++) {
          const m = i !== j && pairs.known.has(base + batch[j]!.positiveKey) ? 1 : 0;
          masked[i * B + j] = m;
          if (m) anyMasked = true;
        }
      }
      const result = mnrlLossAndGradients(
        table,
        dim,
        {
          anchors: batch.map((p) => tokens.get(p.a, prng, o.pieceDropout)),
          positives: batch.map((p) => tokens.get(p.b, prng, o.pieceDropout)),
          weights: batch.map((p) => p.weight),
          masked: anyMasked ? masked : undefined,
        },
        { scale: o.scale, symmetric: o.symmetric },
      );
      adam.apply(result.grads, lrAt(step));
      for (const row of result.grads.keys()) touched[row] = 1;
      lossSum += result.loss;
      step++;
    }
    const report = {
      epoch: epoch + 1,
      pairs: list.length,
      batches,
      meanLoss: lossSum / Math.max(1, batches),
      ms: Date.now() - started,
    };
    reports.push(report);
    log(`epoch ${report.epoch}: ${report.pairs} pairs, loss ${report.meanLoss.toFixed(4)}, ${(report.ms / 1000).toFixed(1)} s`);
  }
  // Rows no training text used keep their random init, which would only add noise to a query: shrink them to
  // UNTRAINED_ROW_SCALE of it. Not to zero: a text made only of such tokens would pool to a zero vector, which
  // transformers.js normalizes to NaN (0/0) — NaN scores break every sort and index downstream.
  let untrained = 0;
  for (let r = 0; r < tokenizer.size; r++) {
    if (touched[r]) continue;
    for (let k = r * dim; k < (r + 1) * dim; k++) table[k]! *= UNTRAINED_ROW_SCALE;
    untrained++;
  }
  return { table, dim, epochs: reports, untrainedRows: untrained };
}
