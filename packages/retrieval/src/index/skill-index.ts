import { z } from 'zod';
import { JobskillError, parseOptions } from '@jobskill/data';
import { encoderIdentity, type Encoder, type EncoderIdentity } from '@jobskill/encoders';
import { corpusHash, type SkillCorpus } from '../corpus/corpus.ts';
import { ExactVectorIndex } from './exact-index.ts';
import {
  backendSchema,
  granularitySchema,
  quantizationSchema,
  type Granularity,
  type IndexManifest,
  type VectorIndex,
} from './types.ts';
import usearch, { type BatchMatches } from 'usearch';
import { UsearchVectorIndex, zeroOffset } from './usearch-index.ts';
import { feedbackBreadth, readSkillIndexFiles, readSkillIndexManifest, writeSkillIndexFiles, type OpenSkillIndexOptions } from './skill-index-store.ts';

export { MANIFEST_FILE, type OpenSkillIndexOptions } from './skill-index-store.ts';

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

/** How many results the reachability check asks for when it searches a vector's own row. */
const UNREACHABLE_PROBE = 10;

/** Keys (row positions of `vectors`) that a search of `ann` for their own vector does not return. */
export function unreachableKeys(ann: VectorIndex, vectors: Float32Array, dimensions: number): number[] {
  const out: number[] = [];
  for (let key = 0; key < vectors.length / dimensions; key++) {
    const own = vectors.subarray(key * dimensions, (key + 1) * dimensions);
    if (!ann.search(own, UNREACHABLE_PROBE).some((m) => m.key === key)) out.push(key);
  }
  return out;
}

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

/**
 * The skills of a corpus in a vector index, at one of two granularities:
 * `alias` — one vector per alias, a skill scores as its best alias; `skill` — one vector per skill, the
 * renormalized mean of its alias vectors. Alias vectors are always kept (f32) for exact scoring and evidence.
 */
export class SkillIndex {
  readonly manifest: IndexManifest;
  readonly corpus: SkillCorpus;
  readonly ann: VectorIndex;
  /**
   * The same graph searched at breadth `FEEDBACK_BREADTH` (a second view of the file, or a second identical build):
   * for the top 50 of pseudo-relevance feedback, which need not the breadth of a 200-candidate search.
   */
  readonly feedbackAnn: VectorIndex;
  readonly aliasStore: ExactVectorIndex;
  /** Mean vectors, `skill` granularity only. */
  readonly skillStore: ExactVectorIndex | null;
  readonly aliasOwner: Uint32Array;
  readonly aliasStart: Uint32Array;

  private constructor(parts: {
    manifest: IndexManifest;
    corpus: SkillCorpus;
    ann: VectorIndex;
    feedbackAnn?: VectorIndex;
    aliasStore: ExactVectorIndex;
    skillStore: ExactVectorIndex | null;
  }) {
    this.manifest = parts.manifest;
    this.corpus = parts.corpus;
    this.ann = parts.ann;
    this.feedbackAnn = parts.feedbackAnn ?? parts.ann;
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
    let feedbackAnn: VectorIndex = store;
    const unreachable: number[] = [];
    if (resolved.backend === 'usearch') {
      const usearchIndex = UsearchVectorIndex.create({ ...resolved, dimensions });
      usearchIndex.add(store.keys(), store.vectors());
      ann = usearchIndex;
      // The build does not depend on the search breadth and is single-threaded: the same graph, searched narrower.
      const narrow = UsearchVectorIndex.create({ ...resolved, dimensions, expansionSearch: feedbackBreadth(resolved.expansionSearch) });
      narrow.add(store.keys(), store.vectors());
      feedbackAnn = narrow;
      // A skill whose own vector does not find it is cut off from the graph (seen: 1–6 of 13,896 ESCO skills with a
      // parallel add, 1 with one thread; "Adobe Illustrator", exact rank 7 for "typesetter", was never returned):
      // it is then searched exactly.
      if (skillStore !== null) unreachable.push(...unreachableKeys(usearchIndex, skillStore.vectors(), dimensions));
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
      ...(resolved.backend === 'usearch' && skillStore !== null ? { unreachable } : {}),
    };
    return new SkillIndex({ manifest, corpus, ann, feedbackAnn, aliasStore, skillStore });
  }

  /** Writes the index directory atomically (see skill-index-store.ts for the layout). */
  async save(dir: string): Promise<void> {
    await writeSkillIndexFiles(dir, this);
  }

  /** Reads a manifest without opening the index. */
  static async readManifest(dir: string): Promise<IndexManifest> {
    return readSkillIndexManifest(dir);
  }

  /**
   * Opens a saved index for `corpus` and `encoder`; refuses (INDEX_MISMATCH) when the index was built with
   * another encoder (id or model hash) or another corpus, since its vectors would silently mean nothing.
   */
  static async open(dir: string, options: OpenSkillIndexOptions): Promise<SkillIndex> {
    const parts = await readSkillIndexFiles(dir, options);
    return new SkillIndex({ ...parts, corpus: options.corpus });
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

  /**
   * Top `n` skills from the ANN index (exact when the backend is `exact`), best first; the skills the graph cannot
   * reach (`manifest.unreachable`) are scored exactly and take their place among them.
   */
  candidates(query: Float32Array, n: number): SkillMatch[] {
    return this.#withUnreachable(this.#search(this.ann, query, n), query, n);
  }

  /** `candidates` from the graph searched at breadth `FEEDBACK_BREADTH` (pseudo-relevance feedback's top 50). */
  feedbackCandidates(query: Float32Array, n: number): SkillMatch[] {
    return this.#withUnreachable(this.#search(this.feedbackAnn, query, n), query, n);
  }

  #withUnreachable(matches: SkillMatch[], query: Float32Array, n: number): SkillMatch[] {
    const unreachable = this.manifest.unreachable;
    if (unreachable === undefined || unreachable.length === 0 || this.ann.backend === 'exact') return matches;
    const wanted = Math.min(n, this.corpus.skills.length);
    for (const skill of unreachable) {
      if (skill >= this.corpus.skills.length || matches.some((m) => m.skill === skill)) continue;
      const score = this.scoreSkill(query, skill);
      if (matches.length >= wanted && !(score > matches[matches.length - 1]!.score)) continue;
      let at = matches.length;
      while (at > 0 && matches[at - 1]!.score < score) at--;
      matches.splice(at, 0, { skill, score });
      if (matches.length > wanted) matches.pop();
    }
    return matches;
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

  #byUri: Map<string, number[]> | null = null;
  /** Reused block of gathered skill rows (`scoreSkills`). */
  #gather = new Float32Array(0);
  /** bestAlias's block buffer (on-demand alias stores read into it; grown to the largest skill seen). */
  #aliasScratch = new Float32Array(0);

  /** Corpus positions of the skills with this ESCO URI (empty when none). */
  skillsWithUri(uri: string): readonly number[] {
    if (this.#byUri === null) {
      const byUri = new Map<string, number[]>();
      this.corpus.skills.forEach((skill, i) => {
        const list = byUri.get(skill.escoUri);
        if (list) list.push(i);
        else byUri.set(skill.escoUri, [i]);
      });
      this.#byUri = byUri;
    }
    return this.#byUri.get(uri) ?? [];
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
   * Exact first-stage scores of many skills (`out[i]` for `skills[i]`; a request scores ~1,000 skills the ads list):
   * their rows gathered into one reused block and scored by USearch's SIMD kernel as queries against the one-vector
   * dataset `query` (the same products as `scoreAll`).
   */
  scoreSkills(query: Float32Array, skills: ArrayLike<number>, out: Float64Array): void {
    if (this.skillStore === null || skills.length === 0) {
      for (let i = 0; i < skills.length; i++) out[i] = this.scoreSkill(query, skills[i]!);
      return;
    }
    const d = this.dimensions;
    const vectors = this.skillStore.vectors();
    if (this.#gather.length < skills.length * d) this.#gather = new Float32Array(Math.max(skills.length, 1024) * d);
    const block = this.#gather.subarray(0, skills.length * d);
    for (let i = 0; i < skills.length; i++) block.set(vectors.subarray(skills[i]! * d, (skills[i]! + 1) * d), i * d);
    const matches = usearch.exactSearch(zeroOffset(query), block, d, 1, usearch.MetricKind.IP, 1) as BatchMatches;
    for (let i = 0; i < skills.length; i++) out[i] = 1 - matches.distances[i]!;
  }

  /** Unit vector of one skill: its stored mean vector, or the renormalized mean of its alias vectors. */
  skillVector(skill: number): Float32Array {
    const d = this.dimensions;
    if (this.skillStore !== null) return this.skillStore.vectors().subarray(skill * d, (skill + 1) * d);
    const first = this.aliasStart[skill]!;
    const aliases = this.aliasStore.rows(first, this.aliasStart[skill + 1]! - first);
    const out = new Float32Array(d);
    for (let row = 0; row * d < aliases.length; row++) {
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
    const first = this.aliasStart[skill]!;
    const count = this.aliasStart[skill + 1]! - first;
    // One block read of this skill's rows (from disk into a reused buffer when the store is on demand), then the
    // same dot products.
    if (this.#aliasScratch.length < count * d) this.#aliasScratch = new Float32Array(count * d);
    const vectors = this.aliasStore.rows(first, count, this.#aliasScratch);
    let best = -Infinity;
    let bestRow = 0;
    for (let row = 0; row < count; row++) {
      let dot = 0;
      const offset = row * d;
      for (let j = 0; j < d; j++) dot += vectors[offset + j]! * query[j]!;
      if (dot > best) {
        best = dot;
        bestRow = row;
      }
    }
    const aliases = this.corpus.skills[skill]!.aliases;
    return { alias: aliases[bestRow]!, score: best };
  }
}
