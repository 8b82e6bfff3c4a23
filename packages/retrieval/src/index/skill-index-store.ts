import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { JobskillError, hashArtifactFiles, verifyArtifact, writeDirAtomic } from '@jobskill/data';
import { encoderIdentity, type Encoder, type EncoderIdentity } from '@jobskill/encoders';
import { corpusHash, type SkillCorpus } from '../corpus/corpus.ts';
import { ExactVectorIndex } from './exact-index.ts';
import { backendSchema, granularitySchema, quantizationSchema, type IndexManifest, type VectorIndex } from './types.ts';
import { UsearchVectorIndex } from './usearch-index.ts';

/**
 * The on-disk form of a SkillIndex: a directory with manifest.json (format, build settings, encoder and corpus
 * identity, file sizes and sha256 integrity), aliases.f32, [skills.f32] and [index.usearch].
 */
/**
 * Search breadth (USearch `expansion_search`) of the feedback search. Measured on the ESCO index (top 50, 2,000
 * titles): breadth 256 236 µs, recall@50 0.998; 128 105 µs, 0.994; 64 58 µs, 0.981.
 */
export const FEEDBACK_BREADTH = 128;
/** The feedback search's breadth for an index searched at `expansionSearch` (never wider; 0, USearch's default: 128). */
export function feedbackBreadth(expansionSearch: number): number {
  return expansionSearch === 0 ? FEEDBACK_BREADTH : Math.min(expansionSearch, FEEDBACK_BREADTH);
}

export const MANIFEST_FILE = 'manifest.json';
const ALIAS_VECTORS_FILE = 'aliases.f32';
const SKILL_VECTORS_FILE = 'skills.f32';
const USEARCH_FILE = 'index.usearch';

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
  unreachable: z.array(z.number().int().nonnegative()).optional(),
});

export interface OpenSkillIndexOptions {
  corpus: SkillCorpus;
  encoder: Encoder | EncoderIdentity;
  /** `view` memory-maps the USearch file (read-only, near-zero load time); `load` reads it into RAM. */
  mode?: 'load' | 'view';
}

/** The stored parts of a skill index (what SkillIndex is built from besides its corpus). */
export interface SkillIndexFiles {
  manifest: IndexManifest;
  ann: VectorIndex;
  /** `ann` searched at the feedback breadth (`SkillIndex.feedbackAnn`). */
  feedbackAnn?: VectorIndex;
  aliasStore: ExactVectorIndex;
  skillStore: ExactVectorIndex | null;
}

/** Writes the index directory atomically: manifest.json, aliases.f32, [skills.f32], [index.usearch]. */
export async function writeSkillIndexFiles(dir: string, index: SkillIndexFiles): Promise<void> {
  await writeDirAtomic(dir, async (tmp) => {
    const files: Record<string, number> = {};
    const write = (name: string, save: (file: string) => void): void => {
      save(join(tmp, name));
      files[name] = statSync(join(tmp, name)).size;
    };
    write(ALIAS_VECTORS_FILE, (file) => index.aliasStore.save(file));
    if (index.skillStore) write(SKILL_VECTORS_FILE, (file) => index.skillStore!.save(file));
    if (index.ann.backend === 'usearch') write(USEARCH_FILE, (file) => index.ann.save(file));
    const manifest: IndexManifest = { ...index.manifest, files };
    // sha256 of every file, checked by open() (a same-size bit flip would otherwise load silently).
    const integrity = await hashArtifactFiles(tmp, Object.keys(files));
    await writeFile(join(tmp, MANIFEST_FILE), `${JSON.stringify({ ...manifest, integrity }, null, 2)}\n`);
  });
}

/** Reads a manifest without opening the index. */
export async function readSkillIndexManifest(dir: string): Promise<IndexManifest> {
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
 * Reads a saved index for `corpus` and `encoder`; refuses (INDEX_MISMATCH) when the index was built with
 * another encoder (id or model hash) or another corpus, since its vectors would silently mean nothing, and
 * (INDEX_UNREADABLE) when a file is missing, truncated or fails its sha256.
 */
export async function readSkillIndexFiles(dir: string, options: OpenSkillIndexOptions): Promise<SkillIndexFiles> {
  const manifest = await readSkillIndexManifest(dir);
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
  // Served (view) skill-granularity indexes search the skill vectors; the alias vectors are read only for each hit's
  // best alias, so they stay on disk (~100 MB less per process, shared through the page cache).
  const aliasVectors = manifest.granularity === 'skill' && (options.mode ?? 'view') === 'view' ? 'on-demand' : 'eager';
  const aliasStore = ExactVectorIndex.fromFile(join(dir, ALIAS_VECTORS_FILE), { vectors: aliasVectors });
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
  // The same file viewed again for the narrower feedback search (memory-mapped: the pages are shared).
  const feedbackAnn =
    manifest.backend === 'usearch'
      ? UsearchVectorIndex.open(join(dir, USEARCH_FILE), { ...manifest, expansionSearch: feedbackBreadth(manifest.expansionSearch) }, options.mode ?? 'view')
      : ann;
  return { manifest, ann, feedbackAnn, aliasStore, skillStore };
}
