import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { JobskillError, hashArtifactFiles, loadResumes, parseOptions, verifyArtifact, writeDirAtomic } from '@jobskill/data';
import { inputFromResume, textOf } from './inputs.ts';
import { createRulesReferenceLabeler } from './labelers/rules-reference.ts';
import { trainLabelerModel } from './labelers/trained.ts';
import { loadTrainedModel, serializeTrainedModel } from './trained/model-file.ts';
import { TextClassifier, type TrainedModel } from './trained/model.ts';

/** File names inside the artifact folder (the folder is replaced as a whole, atomically). */
export const CLASSIFIER_MODEL_FILE = 'model.json';
export const CLASSIFIER_MANIFEST_FILE = 'jobskill-manifest.json';

/** The default `trained` role classifier written by `pnpm turbo run model` (packages/labeling/artifacts/role-classifier). */
export function defaultClassifierDir(): string {
  return fileURLToPath(new URL('../artifacts/role-classifier', import.meta.url));
}

/** model.json of the default role classifier (what `createLabeler('trained')` loads when given no model). */
export function defaultClassifierPath(): string {
  return join(defaultClassifierDir(), CLASSIFIER_MODEL_FILE);
}

/** Loads a classifier file, or fails with MODEL_NOT_BUILT saying how to build it. */
export async function loadDefaultClassifier(file: string = defaultClassifierPath()): Promise<TrainedModel> {
  if (!existsSync(file)) {
    throw new JobskillError(
      'MODEL_NOT_BUILT',
      `the default role classifier is not built (${file} is missing); run \`pnpm turbo run model\` at the repository root ` +
        '(or `pnpm jobskill model build --only classifier`), or pass a model file',
    );
  }
  // A classifier folder carries the sha256 of model.json in its manifest: a flipped or NaN-ed file fails here.
  const dir = dirname(file);
  if (existsSync(join(dir, CLASSIFIER_MANIFEST_FILE))) {
    await verifyArtifact(dir, { manifest: CLASSIFIER_MANIFEST_FILE, what: 'role classifier', rebuild: 'pnpm jobskill model build --only classifier' });
  }
  return loadTrainedModel(file);
}

export const BuildDefaultClassifierOptionsSchema = z.object({
  /** Data directory holding resumes/resumes.parquet. */
  dataDir: z.string().min(1),
  /** Artifact folder to write (model.json + jobskill-manifest.json); default `defaultClassifierDir()`. */
  out: z.string().min(1).optional(),
  /** Seed of the trainer (calibration folds); fixed so a rebuild gives the same parameters. */
  seed: z.number().int().default(42),
  log: z.custom<(line: string) => void>((v) => typeof v === 'function').optional(),
});
export type BuildDefaultClassifierOptions = z.input<typeof BuildDefaultClassifierOptionsSchema>;

export interface BuildDefaultClassifierResult {
  dir: string;
  file: string;
  examples: number;
  labelCounts: Record<string, number>;
  /** Accuracy of the model on its own training labels (a sanity figure, not a held-out one: see `runLabelingEval`). */
  trainingAccuracy: number;
  temperature: number;
  seconds: number;
}

/**
 * Trains the `trained` labeler on the rules-reference labels of every resume with skills in
 * `<dataDir>/resumes/resumes.parquet` (the reference's own protocol: a model learns the rule labels),
 * with the label set's keyword indicators and 3-fold temperature calibration, and writes the artifact
 * folder atomically: model.json (the model file `loadTrainedModel` reads) + jobskill-manifest.json.
 */
export async function buildDefaultClassifier(options: BuildDefaultClassifierOptions): Promise<BuildDefaultClassifierResult> {
  const opts = parseOptions(BuildDefaultClassifierOptionsSchema, options, { what: 'buildDefaultClassifier' });
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const resumesFile = join(resolve(opts.dataDir), 'resumes', 'resumes.parquet');
  const { records, skipped } = await loadResumes(resumesFile);
  const inputs = records.filter((r) => r.hasSkills).map((r) => inputFromResume(r));
  if (inputs.length === 0) throw new JobskillError('NO_TRAINING_DATA', `${resumesFile}: no resume has skills to learn from`);
  const labels = (await createRulesReferenceLabeler().label(inputs)).map((r) => r.role!);
  const target = 'rules-reference labels of resumes/resumes.parquet';
  log(`training on ${inputs.length} resumes with skills (${records.length - inputs.length} without skills, ${skipped.length} rows skipped)`);
  const model = await trainLabelerModel(inputs, labels, { seed: opts.seed, target });

  // Training accuracy through the same path the labeler uses (predict), as a guard against a broken build.
  const predictions = await new TextClassifier(model).predict(inputs.map((i) => textOf(i)));
  const correct = predictions.filter((p, i) => model.manifest.labels[p.best] === labels[i]).length;
  const trainingAccuracy = correct / inputs.length;

  const dir = resolve(opts.out ?? defaultClassifierDir());
  const text = serializeTrainedModel(model);
  const seconds = (performance.now() - started) / 1000;
  const manifest = {
    name: 'role-classifier',
    format: model.manifest.format,
    formatVersion: model.manifest.formatVersion,
    createdBy: '@jobskill/labeling buildDefaultClassifier',
    labels: model.manifest.labels,
    fallback: model.manifest.fallback,
    inputs: { resumes: { file: 'resumes/resumes.parquet', sha256: createHash('sha256').update(await readFile(resumesFile)).digest('hex') } },
    training: { ...model.manifest.training, seed: opts.seed, skippedRows: skipped.length, resumesWithoutSkills: records.length - inputs.length },
    calibration: model.manifest.calibration,
    trainingAccuracy,
    modelSha256: createHash('sha256').update(text).digest('hex'),
    buildSeconds: seconds,
  };
  await writeDirAtomic(dir, async (tmp) => {
    await writeFile(join(tmp, CLASSIFIER_MODEL_FILE), text);
    const integrity = await hashArtifactFiles(tmp, [CLASSIFIER_MODEL_FILE]);
    await writeFile(join(tmp, CLASSIFIER_MANIFEST_FILE), `${JSON.stringify({ ...manifest, integrity }, null, 2)}\n`);
  });
  log(`role classifier → ${dir} (training accuracy ${trainingAccuracy.toFixed(4)}, T ${model.manifest.calibration.temperature.toFixed(3)})`);
  return {
    dir,
    file: join(dir, CLASSIFIER_MODEL_FILE),
    examples: inputs.length,
    labelCounts: model.manifest.training.labelCounts,
    trainingAccuracy,
    temperature: model.manifest.calibration.temperature,
    seconds,
  };
}
