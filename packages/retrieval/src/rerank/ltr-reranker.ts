import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DataError, JobskillError, hashArtifactFiles, verifyArtifact, writeDirAtomic } from '@jobskill/data';
import { writeFile } from 'node:fs/promises';
import { encoderIdentity, type Encoder } from '@jobskill/encoders';
import { EscoGraph, loadEscoGraph } from '../graph/esco-graph.ts';
import { defaultMatcherCacheDir, EncoderOccupationMatcher, graphScore, type GraphEvidence } from '../graph/evidence.ts';
import { LTR_FEATURES, LtrFeatureExtractor, type FeatureExtractionOptions } from './ltr-features.ts';
import { LtrModelFileSchema, parameterCount, scoreRows, type LtrModelFile } from './ltr-model.ts';
import type { RerankerOptions } from './options.ts';
import type { PreparedCandidate, RerankCandidate, Reranker, RerankQueryContext } from './types.ts';

export const LTR_MODEL_FILE = 'model.json';
export const LTR_MANIFEST_FILE = 'jobskill-manifest.json';

/** Where `pnpm --filter @jobskill/retrieval model` writes the embedded re-ranker. */
export function defaultRerankerDir(): string {
  return fileURLToPath(new URL('../../artifacts/embedded-reranker', import.meta.url));
}

/** The re-ranker folder to serve: `--reranker DIR`, else $JOBSKILL_RERANKER, else the embedded re-ranker. */
export function resolveRerankerDir(flag?: string): string {
  const chosen = flag ?? (process.env.JOBSKILL_RERANKER?.trim() || undefined);
  return chosen === undefined ? defaultRerankerDir() : resolve(chosen);
}

/** Reads and validates model.json of a re-ranker folder; corrupt or foreign files are DataErrors. */
export async function readLtrModel(dir: string): Promise<LtrModelFile> {
  const file = join(dir, LTR_MODEL_FILE);
  if (!existsSync(file)) {
    throw new DataError('FILE_NOT_FOUND', 'embedded re-ranker model not found; build it with `pnpm turbo run model`', { file });
  }
  await verifyArtifact(dir, { manifest: LTR_MANIFEST_FILE, what: 're-ranker', rebuild: 'pnpm turbo run model' });
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DataError('BAD_JSON', `not valid JSON (${(error as Error).message})`, { file }, { cause: error });
  }
  const parsed = LtrModelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DataError('INVALID_VALUE', `not a jobskill learning-to-rank model: ${issue.message}`, { file, field: issue.path.join('.') });
  }
  const model = parsed.data;
  const where = { file };
  if (model.features.join() !== LTR_FEATURES.join()) {
    throw new DataError('INVALID_VALUE', `feature list [${model.features.join(', ')}] differs from this version's [${LTR_FEATURES.join(', ')}]; rebuild the model`, { ...where, field: 'features' });
  }
  const F = LTR_FEATURES.length;
  if (model.normalization.mean.length !== F || model.normalization.std.length !== F) {
    throw new DataError('INVALID_VALUE', `normalization has ${model.normalization.mean.length}/${model.normalization.std.length} entries, expected ${F}`, { ...where, field: 'normalization' });
  }
  const expected = parameterCount({ inputs: F, hidden: model.hidden });
  if (model.params.length !== expected) {
    throw new DataError('INVALID_VALUE', `${model.params.length} parameters, expected ${expected} for hidden = ${model.hidden}`, { ...where, field: 'params' });
  }
  if (!model.params.every(Number.isFinite)) {
    throw new DataError('INVALID_VALUE', 'parameters contain non-finite numbers', { ...where, field: 'params' });
  }
  return model;
}

/** The embedded learning-to-rank re-ranker: ESCO-graph + lexical + encoder features, a trained scorer. */
export class LtrReranker implements Reranker {
  readonly id: string;
  readonly model: LtrModelFile;
  readonly extractor: LtrFeatureExtractor;
  private readonly params: Float64Array;

  constructor(model: LtrModelFile, extractor: LtrFeatureExtractor, id = 'embedded-ltr') {
    this.model = model;
    this.extractor = extractor;
    this.params = Float64Array.from(model.params);
    this.id = id;
  }

  /**
   * Encodes every corpus alias and builds every skill's cached entry up front (all ESCO: ~3 s), so a query never
   * pays first-sight costs (alias encoding, tokenizing aliases for BM25) for the skills it meets.
   */
  async prepare(skills: readonly PreparedCandidate[]): Promise<void> {
    await this.extractor.warmCandidates(skills);
  }

  /** Scores candidates; `exclude` (occupation indices) is for leave-one-occupation-out evaluation. */
  async rerank(query: string, candidates: RerankCandidate[], context: RerankQueryContext & { exclude?: ReadonlySet<number> } = {}): Promise<number[]> {
    if (query.trim() === '') throw new JobskillError('INVALID_QUERY', 'job title is empty');
    if (candidates.length === 0) return [];
    const options: FeatureExtractionOptions = {};
    if (context.exclude !== undefined) options.exclude = context.exclude;
    if (context.queryVector !== undefined) options.queryVector = context.queryVector;
    const x = await this.extractor.extract(query, candidates, options);
    normalizeInPlace(x, this.model.normalization.mean, this.model.normalization.std);
    return Array.from(scoreRows({ inputs: LTR_FEATURES.length, hidden: this.model.hidden }, this.params, x, candidates.length));
  }


  /** ESCO URIs of the skills of the nearest occupations, by graph score (see Reranker.proposeCandidates). */
  async proposeCandidates(query: string, limit: number, context: RerankQueryContext = {}): Promise<string[]> {
    if (query.trim() === '') throw new JobskillError('INVALID_QUERY', 'job title is empty');
    const ev = this.extractor.evidence(context.queryVector ?? (await this.extractor.encodeQuery(query)));
    return rankEvidenceSkills(this.extractor.graph, ev, limit).map((s) => this.extractor.graph.skills[s]!.uri);
  }
}

/** Skill indices with graph evidence, best graph score first (ties by index). */
export function rankEvidenceSkills(graph: EscoGraph, ev: GraphEvidence, limit: number): number[] {
  return [...ev.skills.keys()]
    .map((s) => ({ s, score: graphScore(graph, ev, s) }))
    .sort((a, b) => b.score - a.score || a.s - b.s)
    .slice(0, limit)
    .map(({ s }) => s);
}

export function normalizeInPlace(x: Float32Array, mean: readonly number[], std: readonly number[]): void {
  const F = mean.length;
  for (let row = 0; row < x.length; row += F) {
    for (let f = 0; f < F; f++) x[row + f] = (x[row + f]! - mean[f]!) / std[f]!;
  }
}

/** Registry factory for 'embedded'. */
export async function createEmbeddedReranker(options: RerankerOptions & { encoder?: Encoder; graph?: EscoGraph; matcherCacheDir?: string }): Promise<LtrReranker> {
  const encoder = options.encoder;
  if (!encoder) {
    throw new JobskillError('INVALID_OPTION', 'the embedded re-ranker needs `encoder` (the same Encoder as the first stage)');
  }
  const dir = resolveRerankerDir(options.model);
  const model = await readLtrModel(dir);
  const identity = encoderIdentity(encoder);
  if (model.encoder.id !== identity.id || (model.encoder.hash !== 'unknown' && identity.hash !== 'unknown' && model.encoder.hash !== identity.hash)) {
    throw new JobskillError(
      'ENCODER_MISMATCH',
      `${join(dir, LTR_MODEL_FILE)} was trained with encoder ${model.encoder.id} (${model.encoder.hash.slice(0, 12)}), ` +
        `but got ${identity.id} (${identity.hash.slice(0, 12)}); rebuild the re-ranker (pnpm turbo run model)`,
    );
  }
  let graph = options.graph;
  if (!graph) {
    if (!options.dataDir) throw new JobskillError('DATA_DIR_NOT_FOUND', 'the embedded re-ranker needs `dataDir` (for ESCO) or a prebuilt `graph`');
    graph = await loadEscoGraph(options.dataDir);
  }
  // The occupation-variant vectors and HNSW graph are saved by `pnpm turbo run model` (built once here otherwise):
  // the same single-threaded graph training used, opened memory-mapped instead of re-encoded at every start.
  const matcher = await EncoderOccupationMatcher.openOrBuild(options.matcherCacheDir ?? defaultMatcherCacheDir(), graph, encoder);
  const extractor = await LtrFeatureExtractor.create(graph, encoder, { topOccupations: model.graph.topOccupations, matcher });
  return new LtrReranker(model, extractor);
}

/** Writes model.json + jobskill-manifest.json into `dir` atomically (the whole folder is replaced). */
export async function writeLtrModel(dir: string, model: LtrModelFile, manifest: Record<string, unknown>): Promise<void> {
  const checked = LtrModelFileSchema.parse(model);
  await writeDirAtomic(dir, async (tmp) => {
    await writeFile(join(tmp, LTR_MODEL_FILE), `${JSON.stringify(checked)}\n`);
    await writeFile(
      join(tmp, LTR_MANIFEST_FILE),
      `${JSON.stringify({ name: 'embedded-reranker', format: model.format, version: model.version, features: model.features, hidden: model.hidden, normalization: model.normalization, encoder: model.encoder, ...manifest, integrity: await hashArtifactFiles(tmp, [LTR_MODEL_FILE]) }, null, 2)}\n`,
    );
  });
}
