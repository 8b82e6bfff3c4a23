import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { JobskillError, TECHWOLF_FILE, TECHWOLF_SPLIT, findEscoFile, loadEscoSkills, loadTechWolfSplit, resolveCacheDir, sha256File, writeDirAtomic, type MappedVacancy } from '@jobskill/data';
import type { EscoSkill } from '@jobskill/data';
import { encoderIdentity, type Encoder } from '@jobskill/encoders';
import { ExactVectorIndex } from '../index/exact-index.ts';
import { corpusHash, type SkillCorpus } from '../corpus/corpus.ts';
import { normalizeJobTitle } from '../lexical/title-normalizer.ts';

/**
 * How vacancy-neighbour evidence is read (`VacancyNeighbours.scores`): the `topK` training vacancies whose titles are
 * nearest the query title, each weighted by max(cosine, 0)^`power`; a skill's evidence is the weighted mean of the
 * extractor's probability over those vacancies (0 for a vacancy that does not list it), added to its first-stage
 * cosine × `weight`. Beside it, every candidate gets the job-ad prior `prior` × share^`priorPower`, where share is
 * the fraction of the training vacancies whose ads list the skill: what nearly every ad asks for (communication,
 * English, teamwork) is relevant to nearly every title, whatever the title's words. Chosen on the TechWolf dev set
 * (docs/STATUS.md, sessions 8 and 9): topK 25–100 and power 16 tie; weight 0.8–1.6 is a plateau; prior 0.3–0.8 at
 * priorPower 0.1–0.25 is a plateau (+0.011 MAP), 1.2 and above hurt; the prior stays out of the PRF feedback choice.
 */
export const vacancyNeighbourSettingsSchema = z.object({
  topK: z.number().int().positive().default(50),
  power: z.number().nonnegative().default(16),
  weight: z.number().nonnegative().default(1),
  prior: z.number().nonnegative().default(0.5),
  priorPower: z.number().positive().default(0.25),
});
export type VacancyNeighbourSettings = z.infer<typeof vacancyNeighbourSettingsSchema>;

/** Bumped when the saved layout or what it is computed from changes (the key covers data, encoder and corpus). */
const FORMAT = 1;
const VECTORS_FILE = 'titles.jsxi';
const LISTS_FILE = 'vacancies.json';

const listsSchema = z.object({
  format: z.literal(FORMAT),
  key: z.string(),
  titles: z.array(z.string()),
  /** Vacancy v's skills are `skills[offsets[v] .. offsets[v+1])` (corpus positions), with `probabilities` alike. */
  offsets: z.array(z.number().int().nonnegative()),
  skills: z.array(z.number().int().nonnegative()),
  probabilities: z.array(z.number()),
  /** Listed skills whose ESCO URI is not in the corpus (a Task B corpus may hold fewer skills than ESCO). */
  skillsOutsideCorpus: z.number().int().nonnegative(),
});

/** Where memories of job ads are cached, one folder per data × encoder × corpus (`VacancyNeighbours.openOrBuild`). */
export function vacancyMemoryCacheDir(): string {
  return join(resolveCacheDir(), 'vacancy-neighbours');
}

/** A vacancy as the memory takes it: a title as posted and its skills as ESCO URIs with the extractor's probability. */
export type NeighbourVacancy = Pick<MappedVacancy, 'title' | 'skills'>;

/** A skill's vacancy-neighbour evidence, sparse: only skills some neighbour lists. */
export interface NeighbourEvidence {
  /** Corpus positions. */
  skills: number[];
  /** Weighted mean probability over the neighbours, in [0, 1]. */
  scores: number[];
  /** The nearest vacancy title and its cosine (what a person can check). */
  nearest: { title: string; score: number } | null;
}

/**
 * Memory of real job ads for skill retrieval: the training vacancies' titles as vectors (exact inner-product
 * search; the memory is a few thousand rows) and the skills each ad listed. Job-ad relevance is what the TechWolf
 * dev set (and TalentCLEF's hand annotation from job applications) judges and what ESCO relations miss: the nearest
 * posted titles say which skills such ads ask for.
 */
export class VacancyNeighbours {
  readonly titles: readonly string[];
  readonly index: ExactVectorIndex;
  readonly #offsets: Int32Array;
  readonly #skills: Int32Array;
  readonly #probabilities: Float32Array;
  readonly skillsOutsideCorpus: number;
  /** Per corpus position, zero between calls (`scores` clears what it touched). */
  readonly #scratch: Float64Array;
  readonly #seen: Uint8Array;

  private constructor(titles: readonly string[], index: ExactVectorIndex, lists: z.infer<typeof listsSchema>) {
    this.titles = titles;
    this.index = index;
    this.#offsets = Int32Array.from(lists.offsets);
    this.#skills = Int32Array.from(lists.skills);
    this.#probabilities = Float32Array.from(lists.probabilities);
    this.skillsOutsideCorpus = lists.skillsOutsideCorpus;
    let corpusSize = 0;
    for (const skill of this.#skills) corpusSize = Math.max(corpusSize, skill + 1);
    this.#scratch = new Float64Array(corpusSize);
    this.#seen = new Uint8Array(corpusSize);
  }

  get size(): number {
    return this.titles.length;
  }

  /**
   * The job-ad prior of every corpus position (`out[i]` for the first `corpusSize` positions): `prior` × (share of
   * the vacancies whose ads list the skill)^`priorPower`; 0 for a skill no ad lists.
   */
  priorScores(corpusSize: number, settings: Pick<VacancyNeighbourSettings, 'prior' | 'priorPower'>): Float32Array {
    const out = new Float32Array(corpusSize);
    if (this.size === 0 || settings.prior === 0) return out;
    const counts = new Float64Array(corpusSize);
    const last = new Int32Array(corpusSize).fill(-1);
    for (let v = 0; v < this.size; v++) {
      for (let i = this.#offsets[v]!; i < this.#offsets[v + 1]!; i++) {
        const skill = this.#skills[i]!;
        // An ad counts once per skill (a URI can map to two corpus positions, never twice to one).
        if (skill < corpusSize && last[skill] !== v) (last[skill] = v), (counts[skill]! += 1);
      }
    }
    for (let s = 0; s < corpusSize; s++) if (counts[s]! > 0) out[s] = settings.prior * (counts[s]! / this.size) ** settings.priorPower;
    return out;
  }

  /** Encodes the vacancy titles (job-ad clean-up as served) and maps their skills onto corpus positions. */
  static async build(vacancies: readonly NeighbourVacancy[], corpus: SkillCorpus, encoder: Encoder, key = ''): Promise<VacancyNeighbours> {
    const byUri = new Map<string, number[]>();
    corpus.skills.forEach((skill, i) => {
      const list = byUri.get(skill.escoUri);
      if (list === undefined) byUri.set(skill.escoUri, [i]);
      else list.push(i);
    });
    const offsets = [0];
    const skills: number[] = [];
    const probabilities: number[] = [];
    let outside = 0;
    for (const vacancy of vacancies) {
      for (const s of vacancy.skills) {
        const positions = byUri.get(s.uri);
        if (positions === undefined) outside++;
        else for (const p of positions) (skills.push(p), probabilities.push(s.probability));
      }
      offsets.push(skills.length);
    }
    const titles = vacancies.map((v) => v.title);
    const vectors = vacancies.length > 0 ? await encoder.encode(titles.map((t) => normalizeJobTitle(t))) : [];
    const d = vectors[0]?.length ?? encoder.dimensions;
    const index = new ExactVectorIndex(d, Math.max(1, vectors.length));
    const flat = new Float32Array(vectors.length * d);
    vectors.forEach((v, row) => {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += v[j]! * v[j]!;
      // A title of unknown words encodes to zero: it stays zero (never a neighbour), never NaN.
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let j = 0; j < d; j++) flat[row * d + j] = v[j]! * scale;
    });
    index.add(Uint32Array.from(vectors.keys()), flat);
    return new VacancyNeighbours(titles, index, { format: FORMAT, key, titles, offsets, skills, probabilities, skillsOutsideCorpus: outside });
  }

  /** The vacancy-neighbour evidence of a query title vector (the raw title's, before pseudo-relevance feedback). */
  scores(query: Float32Array, settings: Pick<VacancyNeighbourSettings, 'topK' | 'power'>): NeighbourEvidence {
    if (this.size === 0) return { skills: [], scores: [], nearest: null };
    let norm = 0;
    for (let j = 0; j < query.length; j++) norm += query[j]! * query[j]!;
    if (!(norm > 0)) return { skills: [], scores: [], nearest: null };
    const scale = 1 / Math.sqrt(norm);
    const unit = query.map((x) => x * scale);
    const matches = this.index.search(unit, settings.topK);
    // Sums in a scratch array over corpus positions (a request touches ~1,000 skills): cheaper than a Map.
    const sums = this.#scratch;
    const skills: number[] = [];
    let total = 0;
    for (const match of matches) {
      const w = Math.max(match.score, 0) ** settings.power;
      if (!(w > 0)) continue;
      total += w;
      for (let i = this.#offsets[match.key]!; i < this.#offsets[match.key + 1]!; i++) {
        const skill = this.#skills[i]!;
        if (this.#seen[skill] === 0) (this.#seen[skill] = 1), skills.push(skill);
        sums[skill]! += w * this.#probabilities[i]!;
      }
    }
    const scores = new Array<number>(skills.length);
    for (let i = 0; i < skills.length; i++) {
      scores[i] = sums[skills[i]!]! / total;
      sums[skills[i]!] = 0;
      this.#seen[skills[i]!] = 0;
    }
    const first = matches[0];
    return { skills: total > 0 ? skills : [], scores: total > 0 ? scores : [], nearest: first === undefined ? null : { title: this.titles[first.key]!, score: first.score } };
  }

  /** Saves into `dir` atomically (vectors as an exact index file, skill lists as JSON). */
  async save(dir: string, key: string): Promise<void> {
    const lists: z.infer<typeof listsSchema> = {
      format: FORMAT,
      key,
      titles: [...this.titles],
      offsets: Array.from(this.#offsets),
      skills: Array.from(this.#skills),
      probabilities: Array.from(this.#probabilities),
      skillsOutsideCorpus: this.skillsOutsideCorpus,
    };
    await writeDirAtomic(dir, async (tmp) => {
      this.index.save(join(tmp, VECTORS_FILE));
      await writeFile(join(tmp, LISTS_FILE), JSON.stringify(lists));
    });
  }

  /** Opens a saved memory; null when `dir` holds none or one saved under another key (then it is rebuilt). */
  static async open(dir: string, key: string): Promise<VacancyNeighbours | null> {
    const listsFile = join(dir, LISTS_FILE);
    if (!existsSync(listsFile) || !existsSync(join(dir, VECTORS_FILE))) return null;
    let parsed: z.infer<typeof listsSchema>;
    try {
      const result = listsSchema.safeParse(JSON.parse(await readFile(listsFile, 'utf8')));
      if (!result.success || result.data.key !== key) return null;
      parsed = result.data;
    } catch {
      return null;
    }
    const index = ExactVectorIndex.fromFile(join(dir, VECTORS_FILE));
    if (index.size() !== parsed.titles.length || parsed.offsets.length !== parsed.titles.length + 1) {
      throw new JobskillError('INDEX_MISMATCH', `${dir}: ${index.size()} title vectors for ${parsed.titles.length} vacancies (delete the folder to rebuild it)`);
    }
    return new VacancyNeighbours(parsed.titles, index, parsed);
  }

  /**
   * The TechWolf training vacancies of a data directory (`TECHWOLF_SPLIT` train part: the dev titles stay unseen)
   * as a memory for `corpus`, opened from `cacheDir` or built and saved there; null without the TechWolf file.
   * The key covers the file's bytes, the split, the encoder and the corpus (whose aliases come from the same ESCO).
   */
  static async openOrBuild(options: {
    dataDir: string;
    esco: () => Promise<readonly Pick<EscoSkill, 'uri' | 'preferredLabel' | 'altLabels'>[]>;
    corpus: SkillCorpus;
    encoder: Encoder;
    cacheDir: string;
    log?: (line: string) => void;
  }): Promise<VacancyNeighbours | null> {
    const file = join(options.dataDir, TECHWOLF_FILE);
    if (!existsSync(file)) return null;
    const identity = encoderIdentity(options.encoder);
    const key = createHash('sha256')
      .update(await sha256File(file))
      .update(JSON.stringify([FORMAT, TECHWOLF_SPLIT, identity.id, identity.hash, corpusHash(options.corpus)]))
      .digest('hex');
    const dir = join(options.cacheDir, key.slice(0, 16));
    const opened = await VacancyNeighbours.open(dir, key);
    if (opened !== null) return opened;
    const split = await loadTechWolfSplit(options.dataDir, await options.esco());
    if (split === null) return null;
    const built = await VacancyNeighbours.build(split.train, options.corpus, options.encoder, key);
    try {
      await built.save(dir, key);
    } catch (error) {
      options.log?.(`could not save the vacancy memory at ${dir}: ${(error as Error).message}`);
    }
    return built;
  }
}

/**
 * The memory of job ads for any corpus (a Task B directory's, the served ESCO one), from a data directory's TechWolf
 * training vacancies mapped onto its ESCO v1.1.1 skills; null when the data directory lacks either file.
 */
export function vacancyMemoryFor(
  dataDir: string,
  encoder: Encoder,
  log?: (line: string) => void,
): ((corpus: SkillCorpus) => Promise<VacancyNeighbours | null>) | null {
  const skillsFile = findEscoFile(join(dataDir, 'esco_v1.1.1'), 'skills');
  if (!existsSync(join(dataDir, TECHWOLF_FILE)) || skillsFile === undefined) return null;
  return (corpus) =>
    VacancyNeighbours.openOrBuild({
      dataDir,
      esco: () => loadEscoSkills(skillsFile),
      corpus,
      encoder,
      cacheDir: vacancyMemoryCacheDir(),
      ...(log ? { log } : {}),
    });
}
