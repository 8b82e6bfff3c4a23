import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import usearch from 'usearch';
import { JobskillError, writeDirAtomic } from '@jobskill/data';
import { tokenize } from '../lexical/bm25.ts';
import { encoderIdentity, type Encoder, type EncoderIdentity } from '@jobskill/encoders';
import type { EscoGraph } from './esco-graph.ts';

export interface MatcherOptions {
  /** Up to this many variants are searched exactly (default 2000); above, through HNSW. */
  exactLimit?: number;
  /** Nearest variants fetched from HNSW per query (default 200). */
  searchVariants?: number;
  /** Threads for building the HNSW graph (default 1: deterministic). */
  threads?: number;
}

/**
 * Where saved occupation-variant matchers live (`EncoderOccupationMatcher.openOrBuild`, one folder per content key):
 * `<repo>/.jobskill-cache/occupation-variants` (git-ignored), filled by `pnpm turbo run model`.
 */
export function defaultMatcherCacheDir(): string {
  return fileURLToPath(new URL('../../../../.jobskill-cache/occupation-variants', import.meta.url));
}

const MATCHER_FORMAT = 'jobskill-occupation-matcher-v1';
/** Fixed HNSW parameters of the variant graph (part of a saved matcher's key). */
const HNSW_PARAMS = { connectivity: 16, expansion_add: 128, expansion_search: 256 } as const;
const MATCHER_MANIFEST_FILE = 'manifest.json';
const MATCHER_VECTORS_FILE = 'variants.f32';
const MATCHER_OWNERS_FILE = 'owners.i32';
const MATCHER_INDEX_FILE = 'variants.usearch';

const matcherManifestSchema = z.object({
  format: z.literal(MATCHER_FORMAT),
  key: z.string(),
  encoderId: z.string(),
  dimensions: z.number().int().positive(),
  rows: z.number().int().nonnegative(),
  occupationCount: z.number().int().nonnegative(),
  hnsw: z.boolean(),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Reads a whole file into `target` (one copy); INDEX_UNREADABLE when its size is not `target`'s. */
function readExactly(file: string, target: Uint8Array): void {
  if (!existsSync(file)) throw new JobskillError('INDEX_UNREADABLE', `occupation matcher file ${file} is missing`);
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size !== target.byteLength) {
      throw new JobskillError('INDEX_UNREADABLE', `${file} has ${size} bytes, expected ${target.byteLength} (truncated or replaced)`);
    }
    let done = 0;
    while (done < size) {
      const n = readSync(fd, target, done, size - done, done);
      if (n === 0) throw new JobskillError('INDEX_UNREADABLE', `${file} ended after ${done} of ${size} bytes`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Title → occupation similarity by the encoder: cosine between the title and every title variant
 * of an occupation (preferred/alt labels + jobid2terms), the occupation scored by its best variant.
 * Variant vectors are encoded once. Above `exactLimit` variants a USearch HNSW index finds the
 * nearest `searchVariants` variants (≈0.1 ms instead of a pass over ~33k × dims floats); occupations
 * without a variant among them get −1, which only matters beyond the few dozen nearest.
 */
export class EncoderOccupationMatcher {
  readonly encoderId: string;
  readonly dimensions: number;
  #vectors: Float32Array | (() => Float32Array);
  /** Occupation index of each variant row. */
  readonly variantOccupation: Int32Array;
  readonly occupationCount: number;
  readonly searchVariants: number;
  private readonly index: InstanceType<typeof usearch.Index> | undefined;

  /** `prebuilt`: an HNSW index over exactly these vectors (opened from a saved matcher) instead of building one. */
  constructor(
    encoderId: string,
    dimensions: number,
    /** The vectors, or (with `prebuilt`) how to read them when first needed: the graph alone answers searches. */
    vectors: Float32Array | (() => Float32Array),
    variantOccupation: Int32Array,
    occupationCount: number,
    options: MatcherOptions = {},
    prebuilt?: InstanceType<typeof usearch.Index>,
  ) {
    if (typeof vectors === 'function' && prebuilt === undefined) {
      throw new JobskillError('BAD_VECTORS', 'occupation vectors read on demand need a prebuilt HNSW graph');
    }
    if (typeof vectors !== 'function' && vectors.length !== variantOccupation.length * dimensions) {
      throw new JobskillError('BAD_VECTORS', `occupation vectors: ${vectors.length} floats for ${variantOccupation.length} variants × ${dimensions} dims`);
    }
    this.encoderId = encoderId;
    this.dimensions = dimensions;
    this.#vectors = vectors;
    this.variantOccupation = variantOccupation;
    this.occupationCount = occupationCount;
    this.searchVariants = options.searchVariants ?? 200;
    if (prebuilt !== undefined) {
      this.index = prebuilt;
    } else if (variantOccupation.length > (options.exactLimit ?? 2000)) {
      // Fixed connectivity/expansion; single-threaded adds (the default) keep the graph deterministic for training.
      const index = new usearch.Index({ dimensions, metric: usearch.MetricKind.Cos, quantization: usearch.ScalarKind.F32, ...HNSW_PARAMS, multi: false });
      index.add(BigUint64Array.from({ length: variantOccupation.length }, (_, i) => BigInt(i)), vectors as Float32Array, options.threads ?? 1);
      this.index = index;
    }
  }

  /** Row-major, one L2-normalized row per variant (read from the saved matcher on first use when opened). */
  get vectors(): Float32Array {
    if (typeof this.#vectors === 'function') this.#vectors = this.#vectors();
    return this.#vectors;
  }

  static async build(graph: EscoGraph, encoder: Encoder, options: MatcherOptions & { batchSize?: number } = {}): Promise<EncoderOccupationMatcher> {
    const batchSize = options.batchSize ?? 512;
    const texts: string[] = [];
    const owner: number[] = [];
    graph.occupations.forEach((o, oi) => {
      for (const v of o.variants) {
        texts.push(v);
        owner.push(oi);
      }
    });
    const dims = encoder.dimensions;
    const vectors = new Float32Array(texts.length * dims);
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = await encoder.encode(texts.slice(start, start + batchSize));
      batch.forEach((v, j) => vectors.set(v, (start + j) * dims));
    }
    return new EncoderOccupationMatcher(encoder.id, dims, vectors, Int32Array.from(owner), graph.occupations.length, options);
  }

  /**
   * Content key of a matcher for `graph` and `encoder`: sha256 over the encoder identity, the variant texts and
   * their occupations, and the exact limit. A saved matcher is used only under the same key, so it is exactly what
   * `build` would compute (vectors, and the single-threaded HNSW graph).
   */
  static cacheKey(graph: EscoGraph, encoder: Encoder | EncoderIdentity, options: Pick<MatcherOptions, 'exactLimit'> = {}): string {
    const hash = createHash('sha256');
    const identity = 'encode' in encoder ? encoderIdentity(encoder) : encoder;
    hash.update(JSON.stringify([MATCHER_FORMAT, HNSW_PARAMS, identity.id, identity.hash, options.exactLimit ?? 2000]));
    for (const o of graph.occupations) hash.update(`${JSON.stringify(o.variants)}\n`);
    return hash.digest('hex');
  }

  /** Writes the matcher (vectors, owners, HNSW graph) into `dir` atomically, under its cache key. */
  async save(dir: string, key: string): Promise<void> {
    await writeDirAtomic(dir, async (tmp) => {
      const rows = this.variantOccupation.length;
      writeFileSync(join(tmp, MATCHER_VECTORS_FILE), new Uint8Array(this.vectors.buffer, this.vectors.byteOffset, this.vectors.byteLength));
      writeFileSync(join(tmp, MATCHER_OWNERS_FILE), new Uint8Array(this.variantOccupation.buffer, this.variantOccupation.byteOffset, this.variantOccupation.byteLength));
      if (this.index) this.index.save(join(tmp, MATCHER_INDEX_FILE));
      const manifest: z.infer<typeof matcherManifestSchema> = {
        format: MATCHER_FORMAT,
        key,
        encoderId: this.encoderId,
        dimensions: this.dimensions,
        rows,
        occupationCount: this.occupationCount,
        hnsw: this.index !== undefined,
      };
      await writeFile(join(tmp, MATCHER_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    });
  }

  /**
   * Opens a matcher saved under `key` (its HNSW graph memory-mapped, read-only); null when `dir` holds none or one
   * saved under another key (other encoder build or other variants). A folder whose files do not match its
   * manifest is an INDEX_UNREADABLE error.
   */
  static open(dir: string, key: string, options: MatcherOptions = {}): EncoderOccupationMatcher | null {
    const manifestFile = join(dir, MATCHER_MANIFEST_FILE);
    if (!existsSync(manifestFile)) return null;
    const parsed = matcherManifestSchema.safeParse(safeJson(readFileSync(manifestFile, 'utf8')));
    if (!parsed.success || parsed.data.key !== key) return null;
    const m = parsed.data;
    const readVectors = (): Float32Array => {
      const vectors = new Float32Array(m.rows * m.dimensions);
      readExactly(join(dir, MATCHER_VECTORS_FILE), new Uint8Array(vectors.buffer));
      return vectors;
    };
    const owners = new Int32Array(m.rows);
    readExactly(join(dir, MATCHER_OWNERS_FILE), new Uint8Array(owners.buffer));
    // With its HNSW graph the matcher searches the graph (memory-mapped) and needs the 34 MB of vectors only to be
    // saved again or searched exactly: they are read on first use then, and a size mismatch is caught here at once.
    const vectorsFile = join(dir, MATCHER_VECTORS_FILE);
    if (m.hnsw) {
      if (!existsSync(vectorsFile)) throw new JobskillError('INDEX_UNREADABLE', `occupation matcher file ${vectorsFile} is missing`);
      const bytes = statSync(vectorsFile).size;
      if (bytes !== m.rows * m.dimensions * 4) {
        throw new JobskillError('INDEX_UNREADABLE', `${vectorsFile} has ${bytes} bytes, expected ${m.rows * m.dimensions * 4} (truncated or replaced)`);
      }
    }
    let index: InstanceType<typeof usearch.Index> | undefined;
    if (m.hnsw) {
      const file = join(dir, MATCHER_INDEX_FILE);
      if (!existsSync(file)) throw new JobskillError('INDEX_UNREADABLE', `occupation matcher ${dir}: ${MATCHER_INDEX_FILE} is missing`);
      index = new usearch.Index({ dimensions: m.dimensions, metric: usearch.MetricKind.Cos, quantization: usearch.ScalarKind.F32, ...HNSW_PARAMS, multi: false });
      index.view(file);
      if (Number(index.size()) !== m.rows) {
        throw new JobskillError('INDEX_UNREADABLE', `occupation matcher ${file} holds ${index.size()} vectors, its manifest says ${m.rows}`);
      }
    }
    return new EncoderOccupationMatcher(m.encoderId, m.dimensions, index ? readVectors : readVectors(), owners, m.occupationCount, { ...options, exactLimit: m.hnsw ? 0 : Number.MAX_SAFE_INTEGER }, index);
  }

  /**
   * The matcher for `graph` and `encoder` from `cacheDir/<key>` when saved there, else built (single-threaded,
   * deterministic) and, with `save` (default true), saved there for the next start. `pnpm turbo run model`
   * saves the served ones (scripts/precompute.ts).
   */
  static async openOrBuild(
    cacheDir: string,
    graph: EscoGraph,
    encoder: Encoder,
    options: MatcherOptions & { batchSize?: number; save?: boolean; log?: (line: string) => void } = {},
  ): Promise<EncoderOccupationMatcher> {
    const key = EncoderOccupationMatcher.cacheKey(graph, encoder, options);
    const dir = join(cacheDir, key.slice(0, 16));
    const opened = EncoderOccupationMatcher.open(dir, key, options);
    if (opened) return opened;
    const { threads: _threads, ...deterministic } = options;
    const built = await EncoderOccupationMatcher.build(graph, encoder, deterministic);
    if (options.save ?? true) {
      try {
        await built.save(dir, key);
      } catch (error) {
        options.log?.(`could not save the occupation matcher at ${dir}: ${(error as Error).message}`);
      }
    }
    return built;
  }

  /** Per occupation: the best cosine over its variants (−1 when none is near, or it has no variant). */
  similarities(query: Float32Array): Float32Array {
    const dims = this.dimensions;
    if (query.length !== dims) {
      throw new JobskillError('DIMENSION_MISMATCH', `query vector has ${query.length} dims, occupation vectors ${dims}`);
    }
    const sims = new Float32Array(this.occupationCount).fill(-1);
    if (this.index) {
      const found = this.index.search(query, Math.min(this.searchVariants, this.variantOccupation.length), 1);
      for (let j = 0; j < found.keys.length; j++) {
        const o = this.variantOccupation[Number(found.keys[j]!)]!;
        const sim = 1 - found.distances[j]!;
        if (sim > sims[o]!) sims[o] = sim;
      }
      return sims;
    }
    const vecs = this.vectors;
    const rows = this.variantOccupation.length;
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      const base = r * dims;
      for (let d = 0; d < dims; d++) dot += vecs[base + d]! * query[d]!;
      const o = this.variantOccupation[r]!;
      if (dot > sims[o]!) sims[o] = dot;
    }
    return sims;
  }
}

/** Title → occupation similarity by token Jaccard against each variant (the encoder-free baseline). */
export class TokenOccupationMatcher {
  private readonly variantTokens: { occupation: number; tokens: Set<string> }[] = [];
  private readonly occupationCount: number;

  constructor(graph: EscoGraph) {
    this.occupationCount = graph.occupations.length;
    graph.occupations.forEach((o, oi) => {
      for (const v of o.variants) this.variantTokens.push({ occupation: oi, tokens: new Set(tokenize(v)) });
    });
  }

  similarities(query: string): Float32Array {
    const q = new Set(tokenize(query));
    const sims = new Float32Array(this.occupationCount);
    if (q.size === 0) return sims;
    for (const { occupation, tokens } of this.variantTokens) {
      let inter = 0;
      for (const t of q) if (tokens.has(t)) inter++;
      if (inter === 0) continue;
      const jaccard = inter / (q.size + tokens.size - inter);
      if (jaccard > sims[occupation]!) sims[occupation] = jaccard;
    }
    return sims;
  }
}

export const GraphEvidenceOptionsSchema = z.object({
  /** How many nearest occupations contribute their skills. */
  topOccupations: z.number().int().positive().default(20),
});
export type GraphEvidenceOptions = z.input<typeof GraphEvidenceOptionsSchema>;

export interface SkillEvidence {
  /** Σ similarity of the nearest occupations that list the skill as essential / optional. */
  essentialWeight: number;
  optionalWeight: number;
  /** How many of the nearest occupations list it as essential / optional. */
  essentialHits: number;
  optionalHits: number;
  /** Similarity of the nearest occupation that lists the skill (any relation). */
  bestOccupationSimilarity: number;
}

export interface GraphEvidence {
  /** The nearest occupations used, best first. */
  occupations: { index: number; similarity: number }[];
  /** Similarity of the nearest occupation (0 when none). */
  bestSimilarity: number;
  /** Sum of the used occupations' similarities (for normalizing weights). */
  totalSimilarity: number;
  /** Only skills with evidence are present. */
  skills: Map<number, SkillEvidence>;
}

/**
 * Nearest occupations → their essential/optional skills, weighted by similarity.
 * `exclude` drops occupations (leave-one-occupation-out in training, so a query never sees its own
 * occupation and the feature looks the same as for an unseen title).
 */
export function graphEvidence(
  graph: EscoGraph,
  occupationSimilarities: Float32Array,
  options: GraphEvidenceOptions = {},
  exclude?: ReadonlySet<number>,
): GraphEvidence {
  // Hot path (once per title): skip the zod parse when the option is already a valid integer.
  const k = options.topOccupations;
  const topOccupations = typeof k === 'number' && Number.isInteger(k) && k > 0 ? k : GraphEvidenceOptionsSchema.parse(options).topOccupations;
  const top = topK(occupationSimilarities, topOccupations, exclude);
  const skills = new Map<number, SkillEvidence>();
  let total = 0;
  for (const { index, similarity } of top) {
    const w = Math.max(0, similarity);
    total += w;
    const occ = graph.occupations[index]!;
    for (const s of occ.essential) {
      const ev = skills.get(s);
      if (ev) {
        ev.essentialWeight += w;
        ev.essentialHits++;
      } else {
        skills.set(s, { essentialWeight: w, optionalWeight: 0, essentialHits: 1, optionalHits: 0, bestOccupationSimilarity: similarity });
      }
    }
    for (const s of occ.optional) {
      const ev = skills.get(s);
      if (ev) {
        ev.optionalWeight += w;
        ev.optionalHits++;
      } else {
        skills.set(s, { essentialWeight: 0, optionalWeight: w, essentialHits: 0, optionalHits: 1, bestOccupationSimilarity: similarity });
      }
    }
  }
  return { occupations: top, bestSimilarity: top[0]?.similarity ?? 0, totalSimilarity: total, skills };
}

/**
 * Graph-alone score of a skill: similarity-weighted votes of the nearest occupations
 * (essential and optional alike, since both count as relevant), popularity breaking ties.
 */
export function graphScore(graph: EscoGraph, evidence: GraphEvidence, skill: number | undefined): number {
  if (skill === undefined) return 0;
  const ev = evidence.skills.get(skill);
  const popularity = Math.log1p(graph.essentialCount[skill]! + graph.optionalCount[skill]!);
  return (ev ? ev.essentialWeight + ev.optionalWeight : 0) + 1e-4 * popularity;
}

function topK(values: Float32Array, k: number, exclude?: ReadonlySet<number>): { index: number; similarity: number }[] {
  // Insertion into a small sorted list: k ≪ n, one pass.
  const out: { index: number; similarity: number }[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (out.length === k && v <= out[k - 1]!.similarity) continue;
    if (exclude?.has(i)) continue;
    let pos = out.length;
    while (pos > 0 && out[pos - 1]!.similarity < v) pos--;
    out.splice(pos, 0, { index: i, similarity: v });
    if (out.length > k) out.pop();
  }
  return out;
}
