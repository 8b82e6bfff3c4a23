import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { JobskillError, hashArtifactFiles, parseOptions, verifyArtifact, writeDirAtomic } from '@jobskill/data';
import { encoderIdentity, type Encoder, type EncoderIdentity } from '@jobskill/encoders';
import { corpusHash, type SkillCorpus } from '../retriever/corpus.ts';
import { ExactVectorIndex } from './exact-index.ts';
import {
  backendSchema,
  granularitySchema,
  quantizationSchema,
  type Granularity,
  type IndexManifest,
  type VectorIndex,
} from './types.ts';
import { UsearchVectorIndex } from './usearch-index.ts';

export const MANIFEST_FILE = 'manifest.json';
const ALIAS_VECTORS_FILE = 'aliases.f32';
const SKILL_VECTORS_FILE = 'skills.f32';
const USEARCH_FILE = 'index.usearch';

export const skillIndexOptionsSchema = z.object({
  backend: backendSchema.default('usearch'),
  granularity: granularitySchema.default('skill'),
  quantization: quantizationSchema.default('f16'),
  connectivity: z.number().int().nonnegative().default(16),
  expansionAdd: z.number().int().nonnegative().default(64),
  expansionSearch: z.number().int().nonnegative().default(256),
});
export type SkillIndexOptions = z.input<typeof skillIndexOptionsSchema>;

export interface SkillMatch {
  /** Position of the skill in the corpus. */
  skill: number;
  /** Cosine similarity of the query to the skill (its best alias, or its mean vector). */
  score: number;
}

const manifestSchema = z.object({
  format: z.literal('jobskill-skill-index'),
  version: z.literal(1),
  backend: backendSchema,
  metric: z.literal('cos'),
  quantization: quantizationSchema,
  granularity: granularitySchema,
  dimensions: z.number().int().positive(),
  connectivity: z.number().int().nonnegative(),
  expansionAdd: z.number().int().nonnegative(),
  expansionSearch: z.number().int().nonnegative(),
  encoder: z.object({ id: z.string(), hash: z.string() }),
  corpus: z.object({ name: z.string(), hash: z.string() }),
  counts: z.object({ skills: z.number().int().nonnegative(), vectors: z.number().int().nonnegative() }),
  files: z.record(z.string(), z.number().int().nonnegative()),
  created: z.string(),
});

/** alias row → skill and the first alias row of each skill, from the corpus order. */
function aliasLayout(corpus: SkillCorpus): { aliasOwner: Uint32Array; aliasStart: Uint32Array } {
  const total = corpus.skills.reduce((sum, skill) => sum + skill.aliases.length, 0);
  const aliasOwner = new Uint32Array(total);
  const aliasStart = new Uint32Array(corpus.skills.length + 1);
  let row = 0;
  corpus.skills.forEach((skill, s) => {
    aliasStart[s] = row;
    for (let a = 0; a < skill.aliases.length; a++) aliasOwner[row++] = s;
  });
  aliasStart[corpus.skills.length] = row;
  return { aliasOwner, aliasStart };
}

/** Mean of each skill's alias vectors, renormalized to unit length. */
function skillMeans(aliasVectors: Float32Array, aliasStart: Uint32Array, dimensions: number): Float32Array {
  const skills = aliasStart.length - 1;
  const out = new Float32Array(skills * dimensions);
  for (let s = 0; s < skills; s++) {
    const base = s * dimensions;
    for (let row = aliasStart[s]!; row < aliasStart[s + 1]!; row++) {
      const offset = row * dimensions;
      for (let j = 0; j < dimensions; j++) out[base + j]! += aliasVectors[offset + j]!;
    }
    let norm = 0;
    for (let j = 0; j < dimensions; j++) norm += out[base + j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < dimensions; j++) out[base + j]! /= norm;
  }
  return out;
}

function sequence(n: number): Uint32Array {
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = i;
  return keys;
}

export interface OpenSkillIndexOptions {
  corpus: SkillCorpus;
  encoder: Encoder | EncoderIdentity;
  /** `view` memory-maps the USearch file (read-only, near-zero load time); `load` reads it into RAM. */
  mode?: 'load' | 'view';
}

/**
 * The skills of a corpus in a vector index, at one of two granularities:
 * `alias` — one vector per alias, a skill scores as its best alias; `skill` — one vector per skill, the
 * renormalized mean of its alias vectors. Alias vectors are always kept (f32) for exact scoring and evidence.
 */
export class SkillIndex {
  readonly manifest: IndexManifest;
  readonly corpus: SkillCorpus;
  readonly ann: VectorIndex;
  readonly aliasStore: ExactVectorIndex;
  /** Mean vectors, `skill` granularity only. */
  readonly skillStore: ExactVectorIndex | null;
  readonly aliasOwner: Uint32Array;
  readonly aliasStart: Uint32Array;

  private constructor(parts: {
    manifest: IndexManifest;
    corpus: SkillCorpus;
    ann: VectorIndex;
    aliasStore: ExactVectorIndex;
    skillStore: ExactVectorIndex | null;
  }) {
    this.manifest = parts.manifest;
    this.corpus = parts.corpus;
    this.ann = parts.ann;
    this.aliasStore = parts.aliasStore;
    this.skillStore = parts.skillStore;
    const layout = aliasLayout(parts.corpus);
    this.aliasOwner = layout.aliasOwner;
    this.aliasStart = layout.aliasStart;
  }

  get granularity(): Granularity {
    return this.manifest.granularity;
  }

  get dimensions(): number {
    return this.manifest.dimensions;
  }

  /** Encodes every alias of the corpus and indexes it. */
  static async build(corpus: SkillCorpus, encoder: Encoder, options: SkillIndexOptions = {}): Promise<SkillIndex> {
    const resolved = parseOptions(skillIndexOptionsSchema, options, { what: 'skill index' });
    const texts = corpus.skills.flatMap((skill) => skill.aliases);
    const encoded = await encoder.encode(texts);
    const dimensions = encoder.dimensions;
    const aliasVectors = new Float32Array(texts.length * dimensions);
    encoded.forEach((vector, row) => {
      if (vector.length !== dimensions) {
        throw new JobskillError(
          'DIMENSION_MISMATCH',
          `encoder ${encoder.id} returned ${vector.length} dimensions for "${texts[row]}", expected ${dimensions}`,
        );
      }
      aliasVectors.set(vector, row * dimensions);
    });
    return SkillIndex.fromVectors(corpus, encoderIdentity(encoder), dimensions, aliasVectors, resolved);
  }

  /** Builds from precomputed alias vectors (row-major, corpus alias order); lets benches reuse one encoding. */
  static fromVectors(
    corpus: SkillCorpus,
    encoder: EncoderIdentity,
    dimensions: number,
    aliasVectors: Float32Array,
    options: SkillIndexOptions = {},
  ): SkillIndex {
    const resolved = parseOptions(skillIndexOptionsSchema, options, { what: 'skill index' });
    const { aliasStart } = aliasLayout(corpus);
    const aliasCount = aliasStart[corpus.skills.length]!;
    if (aliasVectors.length !== aliasCount * dimensions) {
      throw new JobskillError(
        'DIMENSION_MISMATCH',
        `expected ${aliasCount} alias vectors of ${dimensions} dimensions, got ${aliasVectors.length} numbers`,
      );
    }
    const aliasStore = new ExactVectorIndex(dimensions, Math.max(1, aliasCount));
    aliasStore.add(sequence(aliasCount), aliasVectors);
    let skillStore: ExactVectorIndex | null = null;
    if (resolved.granularity === 'skill') {
      skillStore = new ExactVectorIndex(dimensions, corpus.skills.length);
      skillStore.add(sequence(corpus.skills.length), skillMeans(aliasVectors, aliasStart, dimensions));
    }
    const store = skillStore ?? aliasStore;
    let ann: VectorIndex = store;
    if (resolved.backend === 'usearch') {
      const usearchIndex = UsearchVectorIndex.create({ ...resolved, dimensions });
      usearchIndex.add(store.keys(), store.vectors());
      ann = usearchIndex;
    }
    const quantization = resolved.backend === 'exact' ? 'f32' : resolved.quantization;
    const manifest: IndexManifest = {
      format: 'jobskill-skill-index',
      version: 1,
      backend: resolved.backend,
      metric: 'cos',
      quantization,
      granularity: resolved.granularity,
      dimensions,
      connectivity: resolved.connectivity,
      expansionAdd: resolved.expansionAdd,
      expansionSearch: resolved.expansionSearch,
      encoder: { id: encoder.id, hash: encoder.hash },
      corpus: { name: corpus.name, hash: corpusHash(corpus) },
      counts: { skills: corpus.skills.length, vectors: store.size() },
      files: {},
      created: new Date().toISOString(),
    };
    return new SkillIndex({ manifest, corpus, ann, aliasStore, skillStore });
  }

  /** Writes the index directory atomically: manifest.json, aliases.f32, [skills.f32], [index.usearch]. */
  async save(dir: string): Promise<void> {
    await writeDirAtomic(dir, async (tmp) => {
      const files: Record<string, number> = {};
      const write = (name: string, save: (file: string) => void): void => {
        save(join(tmp, name));
        files[name] = statSync(join(tmp, name)).size;
      };
      write(ALIAS_VECTORS_FILE, (file) => this.aliasStore.save(file));
      if (this.skillStore) write(SKILL_VECTORS_FILE, (file) => this.skillStore!.save(file));
      if (this.ann.backend === 'usearch') write(USEARCH_FILE, (file) => this.ann.save(file));
      const manifest: IndexManifest = { ...this.manifest, files };
      // sha256 of every file, checked by open() (a same-size bit flip would otherwise load silently).
      const integrity = await hashArtifactFiles(tmp, Object.keys(files));
      await writeFile(join(tmp, MANIFEST_FILE), `${JSON.stringify({ ...manifest, integrity }, null, 2)}\n`);
    });
  }

  /** Reads a manifest without opening the index. */
  static async readManifest(dir: string): Promise<IndexManifest> {
    const file = join(dir, MANIFEST_FILE);
    if (!existsSync(file)) {
      throw new JobskillError('INDEX_NOT_FOUND', `no index at ${dir} (missing ${MANIFEST_FILE}); build it first`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (cause) {
      throw new JobskillError('INDEX_UNREADABLE', `${file} is not valid JSON: ${(cause as Error).message}`, { cause });
    }
    const parsed = manifestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new JobskillError(
        'INDEX_UNREADABLE',
        `${file}: field "${issue.path.join('.')}" ${issue.message} (not a jobskill skill index manifest?)`,
      );
    }
    return parsed.data;
  }

  /**
   * Opens a saved index for `corpus` and `encoder`; refuses (INDEX_MISMATCH) when the index was built with
   * another encoder (id or model hash) or another corpus, since its vectors would silently mean nothing.
   */
  static async open(dir: string, options: OpenSkillIndexOptions): Promise<SkillIndex> {
    const manifest = await SkillIndex.readManifest(dir);
    const identity = 'encode' in options.encoder ? encoderIdentity(options.encoder) : options.encoder;
    if (manifest.encoder.id !== identity.id || manifest.encoder.hash !== identity.hash) {
      throw new JobskillError(
        'INDEX_MISMATCH',
        `index at ${dir} was built with encoder ${manifest.encoder.id} (hash ${manifest.encoder.hash.slice(0, 12)}), ` +
          `but the encoder in use is ${identity.id} (hash ${identity.hash.slice(0, 12)}); rebuild the index`,
      );
    }
    const hash = corpusHash(options.corpus);
    if (manifest.corpus.hash !== hash) {
      throw new JobskillError(
        'INDEX_MISMATCH',
        `index at ${dir} was built for corpus "${manifest.corpus.name}" (${manifest.counts.skills} skills, hash ` +
          `${manifest.corpus.hash.slice(0, 12)}), not for corpus "${options.corpus.name}" (${options.corpus.skills.length} ` +
          `skills, hash ${hash.slice(0, 12)}); rebuild the index`,
      );
    }
    if ('dimensions' in options.encoder && options.encoder.dimensions !== manifest.dimensions) {
      throw new JobskillError(
        'INDEX_MISMATCH',
        `index at ${dir} has ${manifest.dimensions} dimensions, the encoder ${options.encoder.dimensions}`,
      );
    }
    for (const [name, bytes] of Object.entries(manifest.files)) {
      const file = join(dir, name);
      const actual = existsSync(file) ? statSync(file).size : -1;
      if (actual !== bytes) {
        throw new JobskillError(
          'INDEX_UNREADABLE',
          actual < 0 ? `index file ${file} is missing` : `index file ${file} has ${actual} bytes, the manifest says ${bytes} (truncated or replaced); rebuild the index`,
        );
      }
    }
    await verifyArtifact(dir, { manifest: MANIFEST_FILE, what: 'skill index', rebuild: 'pnpm jobskill index build' });
    const aliasStore = ExactVectorIndex.fromFile(join(dir, ALIAS_VECTORS_FILE));
    const skillStore = manifest.granularity === 'skill' ? ExactVectorIndex.fromFile(join(dir, SKILL_VECTORS_FILE)) : null;
    const store = skillStore ?? aliasStore;
    const expectedAliases = options.corpus.skills.reduce((sum, skill) => sum + skill.aliases.length, 0);
    if (aliasStore.size() !== expectedAliases || store.size() !== manifest.counts.vectors) {
      throw new JobskillError(
        'INDEX_UNREADABLE',
        `index at ${dir} is inconsistent: ${aliasStore.size()} alias vectors for ${expectedAliases} aliases, ` +
          `${store.size()} indexed vectors where the manifest says ${manifest.counts.vectors}`,
      );
    }
    let ann: VectorIndex = store;
    if (manifest.backend === 'usearch') {
      ann = UsearchVectorIndex.open(join(dir, USEARCH_FILE), manifest, options.mode ?? 'view');
      if (ann.size() !== manifest.counts.vectors) {
        throw new JobskillError(
          'INDEX_UNREADABLE',
          `${join(dir, USEARCH_FILE)} holds ${ann.size()} vectors, the manifest says ${manifest.counts.vectors}`,
        );
      }
    }
    return new SkillIndex({ manifest, corpus: options.corpus, ann, aliasStore, skillStore });
  }

  /** Maps vector matches to skills, keeping each skill's best vector. */
  #toSkills(matches: { key: number; score: number }[]): SkillMatch[] {
    if (this.skillStore !== null) return matches.map((m) => ({ skill: m.key, score: m.score }));
    const seen = new Set<number>();
    const out: SkillMatch[] = [];
    for (const match of matches) {
      const skill = this.aliasOwner[match.key]!;
      if (seen.has(skill)) continue;
      seen.add(skill);
      out.push({ skill, score: match.score });
    }
    return out;
  }

  /** Top `n` skills from the ANN index (exact when the backend is `exact`), best first. */
  candidates(query: Float32Array, n: number): SkillMatch[] {
    return this.#search(this.ann, query, n);
  }

  /** Top `n` skills by exact search, whatever the backend. */
  exactCandidates(query: Float32Array, n: number): SkillMatch[] {
    return this.#search(this.skillStore ?? this.aliasStore, query, n);
  }

  #search(index: VectorIndex, query: Float32Array, n: number): SkillMatch[] {
    const wanted = Math.min(n, this.corpus.skills.length);
    if (this.skillStore !== null) return this.#toSkills(index.search(query, wanted));
    // Alias granularity: several aliases of one skill can crowd the top; widen until n distinct skills.
    let k = Math.min(index.size(), wanted * 4);
    for (;;) {
      const skills = this.#toSkills(index.search(query, k));
      if (skills.length >= wanted || k >= index.size()) return skills.slice(0, wanted);
      k = Math.min(index.size(), k * 2);
    }
  }

  /** Exact first-stage score of every skill (by corpus position). */
  scoreAll(query: Float32Array): Float32Array {
    if (this.skillStore !== null) return this.skillStore.scoreAll(query);
    const aliasScores = this.aliasStore.scoreAll(query);
    const out = new Float32Array(this.corpus.skills.length).fill(-Infinity);
    for (let row = 0; row < aliasScores.length; row++) {
      const skill = this.aliasOwner[row]!;
      if (aliasScores[row]! > out[skill]!) out[skill] = aliasScores[row]!;
    }
    return out;
  }

  /** Exact first-stage score of one skill (its best alias, or its mean vector). */
  scoreSkill(query: Float32Array, skill: number): number {
    if (this.skillStore === null) return this.bestAlias(query, skill).score;
    const d = this.dimensions;
    const vectors = this.skillStore.vectors();
    let dot = 0;
    for (let j = 0; j < d; j++) dot += vectors[skill * d + j]! * query[j]!;
    return dot;
  }

  /**
   * Rocchio pseudo-relevance feedback in embedding space: `q' = normalize(q + weight · mean(v_s for the top
   * `topK` skills))`. A title's relevant skills are many (TalentCLEF: median 81 per title) and cluster, so
   * moving the query toward its first hits' centroid recovers skills the title's own words miss.
   */
  expandQuery(query: Float32Array, topK: number, weight: number, firstStage: 'ann' | 'exact' = 'exact'): Float32Array {
    const d = this.dimensions;
    // The served path takes the feedback skills from the ANN index (a brute-force pass over every skill would
    // cost more than the whole rest of the query); `exact` is for baselines.
    const top = firstStage === 'ann' ? this.candidates(query, topK) : this.exactCandidates(query, topK);
    const out = Float32Array.from(query);
    if (top.length === 0 || weight === 0) return out;
    const centroid = new Float64Array(d);
    for (const match of top) {
      const v = this.skillVector(match.skill);
      for (let j = 0; j < d; j++) centroid[j]! += v[j]!;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) {
      out[j] = query[j]! + (weight * centroid[j]!) / top.length;
      norm += out[j]! * out[j]!;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < d; j++) out[j] = out[j]! / norm;
    return out;
  }

  /** Unit vector of one skill: its stored mean vector, or the renormalized mean of its alias vectors. */
  skillVector(skill: number): Float32Array {
    const d = this.dimensions;
    if (this.skillStore !== null) return this.skillStore.vectors().subarray(skill * d, (skill + 1) * d);
    const aliases = this.aliasStore.vectors();
    const out = new Float32Array(d);
    for (let row = this.aliasStart[skill]!; row < this.aliasStart[skill + 1]!; row++) {
      for (let j = 0; j < d; j++) out[j]! += aliases[row * d + j]!;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) norm += out[j]! * out[j]!;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < d; j++) out[j] = out[j]! / norm;
    return out;
  }

  /** The alias of `skill` closest to the query (evidence), with its cosine score. */
  bestAlias(query: Float32Array, skill: number): { alias: string; score: number } {
    const d = this.dimensions;
    const vectors = this.aliasStore.vectors();
    let best = -Infinity;
    let bestRow = this.aliasStart[skill]!;
    for (let row = this.aliasStart[skill]!; row < this.aliasStart[skill + 1]!; row++) {
      let dot = 0;
      const offset = row * d;
      for (let j = 0; j < d; j++) dot += vectors[offset + j]! * query[j]!;
      if (dot > best) {
        best = dot;
        bestRow = row;
      }
    }
    const aliases = this.corpus.skills[skill]!.aliases;
    return { alias: aliases[bestRow - this.aliasStart[skill]!]!, score: best };
  }
}
