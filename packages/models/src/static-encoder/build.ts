import { z } from 'zod';
import { writeStaticEmbeddingModel } from '../hf/static-embedding-model.ts';
import { buildEscoPairs, EscoPairsOptionsSchema, PairKindsSchema } from './esco-pairs.ts';
import { evaluateSkillRanking, type RankingEvaluation } from './evaluate.ts';
import { loadEncoderTrainingData } from './training-data.ts';
import { pretrainedFor } from './pretrained-vectors.ts';
import { defaultEncoderDir } from './paths.ts';
import { WordPieceTokenizer } from './tokenizer.ts';
import { TrainOptionsSchema, trainStaticEncoder, type EpochReport } from './trainer.ts';
import { buildWordPieceVocab, VocabOptionsSchema } from './vocab.ts';

export const ENCODER_BUILD_VERSION = 2;
export const MODEL_MAX_LENGTH = 512;

/** The recipe of the embedded encoder (chosen on the ESCO dev set; see README "Embedded encoder"). */
export const EncoderRecipeSchema = z.object({
  pairs: PairKindsSchema.default(PairKindsSchema.parse({})),
  vocab: VocabOptionsSchema.default(VocabOptionsSchema.parse({})),
  train: TrainOptionsSchema.default(TrainOptionsSchema.parse({})),
  /** Share of ESCO occupations held out for the dev MAP; 0 trains on all of them. */
  devFraction: EscoPairsOptionsSchema.shape.devFraction,
});
export type EncoderRecipe = z.input<typeof EncoderRecipeSchema>;

export const BuildEncoderOptionsSchema = z.object({
  /** Data directory holding esco_v1.1.1/ and talentclef2025_taskB/training/jobid2terms.json. */
  dataDir: z.string().min(1),
  /** Output folder (default: the package's artifacts/esco-static-encoder). */
  outDir: z.string().min(1).optional(),
  recipe: EncoderRecipeSchema.default(EncoderRecipeSchema.parse({})),
  modelId: z.string().default('jobskill/esco-static-encoder'),
  /** Also write onnx/model_quantized.onnx (int8 rows). */
  quantize: z.boolean().default(false),
});
export type BuildEncoderOptions = z.input<typeof BuildEncoderOptionsSchema>;

export interface BuildEncoderResult {
  dir: string;
  manifest: Record<string, unknown>;
  seconds: { load: number; train: number; total: number };
  dev: (RankingEvaluation & { corpus: number }) | null;
  epochs: EpochReport[];
}

/** Loads ESCO, derives pairs and vocabulary, trains the static encoder, and writes it (HF folder) atomically. */
export async function buildEscoStaticEncoder(
  options: BuildEncoderOptions,
  log: (line: string) => void = () => {},
): Promise<BuildEncoderResult> {
  const o = BuildEncoderOptionsSchema.parse(options);
  const recipe = o.recipe;
  const started = Date.now();
  const { esco, titles, dataHashes } = await loadEncoderTrainingData(o.dataDir);
  const pairs = buildEscoPairs(esco, titles, { devFraction: recipe.devFraction, seed: recipe.train.seed, kinds: recipe.pairs });
  const vocab = buildWordPieceVocab(pairs.texts, recipe.vocab);
  const tokenizer = new WordPieceTokenizer(vocab, { addSpecialTokens: true, maxLength: MODEL_MAX_LENGTH });
  const loadSeconds = (Date.now() - started) / 1000;
  log(`loaded ESCO, ${pairs.texts.length} texts, pairs ${JSON.stringify(pairs.counts)}${pairs.augmentedTexts > 0 ? `, ${pairs.augmentedTexts} perturbed titles` : ''}, vocab ${vocab.length} (${loadSeconds.toFixed(1)} s)`);

  const trainStarted = Date.now();
  const init = recipe.train.init ?? null;
  const pretrained = init === null ? undefined : (await pretrainedFor([init], vocab)).get(init);
  const trained = trainStaticEncoder(pairs, tokenizer, recipe.train, log, pretrained);
  const trainSeconds = (Date.now() - trainStarted) / 1000;

  let dev: BuildEncoderResult['dev'] = null;
  if (pairs.dev !== null) {
    const d = pairs.dev;
    dev = {
      ...evaluateSkillRanking(
        trained.table,
        trained.dim,
        tokenizer,
        d.queries.map((q) => ({ text: q.text, relevant: d.relevant.get(q.occupationUri)! })),
        { ids: d.corpus.map((c) => c.uri), aliases: d.corpus.map((c) => c.aliases) },
      ),
      corpus: d.corpus.length,
    };
    log(`dev MAP: mean of aliases ${dev.mapMeanOfAliases.toFixed(4)}, best alias ${dev.mapBestAlias.toFixed(4)}`);
  }

  const dir = o.outDir ?? defaultEncoderDir();
  const trainerManifest = {
    version: ENCODER_BUILD_VERSION,
    seed: recipe.train.seed,
    recipe,
    data: dataHashes,
    training: {
      texts: pairs.texts.length,
      pairsPerEpoch: pairs.counts,
      trainOccupations: pairs.trainOccupations,
      ...(pairs.augmentedTexts > 0 ? { augmentedTitleTexts: pairs.augmentedTexts } : {}),
      untrainedRows: trained.untrainedRows,
      epochs: trained.epochs.map(({ epoch, pairs: n, batches, meanLoss }) => ({ epoch, pairs: n, batches, meanLoss })),
    },
    dev,
  };
  const manifest = await writeStaticEmbeddingModel(dir, {
    vocab,
    embeddings: trained.table,
    dim: trained.dim,
    modelId: o.modelId,
    manifest: trainerManifest,
    ...(o.quantize ? { quantize: 'q8' as const } : {}),
    modelMaxLength: MODEL_MAX_LENGTH,
  });
  const total = (Date.now() - started) / 1000;
  return { dir, manifest, seconds: { load: loadSeconds, train: trainSeconds, total }, dev, epochs: trained.epochs };
}
