import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { resolveDataDir } from '@jobskill/data';
import { createEncoderByName, encoderIdentity, type Encoder } from '@jobskill/encoders';
import { defaultIndexDir, defaultIndexDirFor, escoSkillCorpus, SkillIndex } from '@jobskill/retrieval';
import { z } from 'zod';
import { DEFAULT_FUSION, engineExtractor, ExtractionEngine } from './extractor.ts';
import { GENERIC_WORDS } from './generic-words.ts';
import { LexicalMatcher } from './lexical.ts';
import { openStaticTokenTable } from './static-table.ts';
import { DEFAULT_LOGISTIC_FUSION, skillFrequencies, skillPriorFromCounts } from './fusion.ts';
import { extractionSkillsFromEsco } from './skills.ts';
import type { ExtractionMethod, SkillExtractor } from './types.ts';
import { loadEscoSkills, findEscoFile, JobskillError, loadTechWolfSplit, parseOptions, TECHWOLF_FILE, TECHWOLF_SPLIT, writeFileAtomic, type EscoSkill } from '@jobskill/data';

export const OpenExtractorOptionsSchema = z
  .object({
    dataDir: z.string().min(1),
    /** Which method to serve (default `combined`). */
    method: z.enum(['lexical', 'dense', 'combined']).default('combined'),
    /** The skill index folder (default: the served one, built there once when missing). */
    indexDir: z.string().min(1).optional(),
    /**
     * The served encoder and skill index to share (the API passes its retriever's), instead of opening a second
     * copy; the index must be over ESCO v1.1.1 skills in the extractor's order.
     */
    /** `learned`: the logistic fusion fitted on the dev set (needs the TechWolf vacancies for its prior); `fixed`: 0.5/0.5. */
    fusion: z.enum(['learned', 'fixed']).default('learned'),
    /** How the fast path proposes skills (defaults: DEFAULT_DENSE_SCORER_OPTIONS). */
    dense: z.object({ perPiece: z.number().int().positive().max(2000).optional(), minProposals: z.number().int().positive().max(5000).optional() }).strict().optional(),
    shared: z.custom<{ encoder: Encoder; index: SkillIndex }>((v) => typeof v === 'object' && v !== null && 'encoder' in v && 'index' in v, 'expected { encoder, index }').optional(),
    /** ESCO v1.1.1 skills already loaded by the caller (the API loads ESCO once for every stage). */
    escoSkills: z.custom<readonly EscoSkill[]>((v) => Array.isArray(v), 'expected an array of ESCO skills').optional(),
  })
  .strict();
export type OpenExtractorOptions = z.input<typeof OpenExtractorOptionsSchema>;

/** ESCO v1.1.1 skills, the lexical matcher, the embedded encoder and the skill index, as one engine. */
export async function openDefaultExtractionEngine(options: OpenExtractorOptions): Promise<ExtractionEngine> {
  const opts = parseOptions(OpenExtractorOptionsSchema, options, { what: 'openDefaultExtractionEngine' });
  const dataDir = resolveDataDir(opts.dataDir);
  const esco = opts.escoSkills ?? (await loadDefaultEscoSkills(dataDir));
  const skills = extractionSkillsFromEsco(esco);
  const lexical = new LexicalMatcher(skills, { genericWords: GENERIC_WORDS });
  if (opts.method === 'lexical') return new ExtractionEngine({ skills, lexical, dense: null });
  let encoder: Encoder;
  let index: SkillIndex;
  if (opts.shared !== undefined) {
    ({ encoder, index } = opts.shared);
  } else {
    const embedded = await createEncoderByName('embedded');
    encoder = embedded;
    const corpus = await escoSkillCorpus(dataDir);
    const indexDir = opts.indexDir ?? defaultIndexDirFor(embedded);
    if (existsSync(join(indexDir, 'manifest.json'))) {
      index = await SkillIndex.open(indexDir, { corpus, encoder, mode: 'view' });
    } else {
      index = await SkillIndex.build(corpus, encoder, {});
      await index.save(indexDir);
    }
  }
  index.corpus.skills.forEach((s, i) => {
    if (s.escoUri !== skills[i]?.uri) throw new JobskillError('INDEX_MISMATCH', `skill index row ${i} is ${s.escoUri}, not ${skills[i]?.uri}`);
  });
  if (index.corpus.skills.length !== skills.length) {
    throw new JobskillError('INDEX_MISMATCH', `skill index has ${index.corpus.skills.length} skills, ESCO v1.1.1 ${skills.length}`);
  }
  // The embedded encoder is a static embedding model: phrases are summed from its piece table (no encoder call).
  const tokens = openStaticTokenTable(encoder);
  const counts = await jobAdSkillCounts(dataDir, esco);
  const scorerOptions = opts.dense ?? {};
  const skillPrior = counts === null ? null : skillPriorFromCounts(skills.map((s) => s.uri), counts);
  const engine = new ExtractionEngine({
    skills,
    lexical,
    dense: { encoder, index, tokens, scorer: scorerOptions },
    fusion: DEFAULT_FUSION,
    logistic: opts.fusion === 'learned' ? DEFAULT_LOGISTIC_FUSION : null,
    skillPrior,
  });
  // Piece → skill lists saved by `pnpm --filter @jobskill/extraction prepare-pieces` (else computed on first sight).
  const scorer = engine.denseScorer;
  if (scorer !== null && scorer.hasTokenTable) {
    const file = pieceListsFile(encoder, index, scorer.options.perPiece);
    if (existsSync(file)) scorer.loadPieceLists(await readFile(file));
  }
  return engine;
}

async function loadDefaultEscoSkills(dataDir: string): Promise<readonly EscoSkill[]> {
  const escoDir = join(dataDir, 'esco_v1.1.1');
  const file = findEscoFile(escoDir, 'skills');
  if (file === undefined) throw new JobskillError('FILE_NOT_FOUND', `no ESCO skills file (skills_en.csv) in ${escoDir}`);
  return loadEscoSkills(file);
}

/**
 * How many TechWolf training vacancies list each skill (the job-ad prior), null without the file. Parsing the
 * parquet and mapping its v1.2.0 labels takes ~0.8 s, so the counts are cached, keyed by the file's content and the
 * ESCO skills they were mapped onto.
 */
/** Bumped when how the counts are computed changes (the key covers the data, the ESCO skills and the split). */
const PRIOR_CACHE_VERSION = 1;

async function jobAdSkillCounts(dataDir: string, esco: readonly EscoSkill[]): Promise<Map<string, number> | null> {
  const file = join(dataDir, TECHWOLF_FILE);
  if (!existsSync(file)) return null;
  const key = createHash('sha256')
    .update(createHash('sha256').update(await readFile(file)).digest('hex'))
    .update(JSON.stringify([PRIOR_CACHE_VERSION, TECHWOLF_SPLIT, esco.map((s) => [s.uri, s.preferredLabel, s.altLabels])]))
    .digest('hex')
    .slice(0, 16);
  const cached = join(dirname(defaultIndexDir()), 'extraction-prior', `${key}.json`);
  if (existsSync(cached)) {
    try {
      return new Map(Object.entries(JSON.parse(await readFile(cached, 'utf8')) as Record<string, number>));
    } catch {
      // A damaged cache file is rebuilt below.
    }
  }
  // The TechWolf training split (TECHWOLF_SPLIT of @jobskill/data, beside its loader).
  const techwolf = await loadTechWolfSplit(dataDir, esco);
  if (techwolf === null) return null;
  const counts = skillFrequencies(techwolf.train);
  try {
    await writeFileAtomic(cached, JSON.stringify(Object.fromEntries(counts)));
  } catch {
    // A read-only cache directory costs the next start the parse, nothing more.
  }
  return counts;
}

/** Where the piece → skill lists of an encoder × skill index × list length are cached (git-ignored cache folder). */
export function pieceListsFile(encoder: Encoder, index: SkillIndex, perPiece: number): string {
  const key = createHash('sha256')
    .update(JSON.stringify([encoderIdentity(encoder), index.manifest.corpus.hash, index.manifest.created, index.manifest.encoder, perPiece]))
    .digest('hex')
    .slice(0, 16);
  return join(dirname(defaultIndexDir()), 'extraction-piece-skills', `${key}.bin`);
}

/** The served extractor (combined lexical + dense over ESCO v1.1.1 with the embedded encoder). */
export async function openDefaultSkillExtractor(options: OpenExtractorOptions): Promise<SkillExtractor> {
  const engine = await openDefaultExtractionEngine(options);
  return engineExtractor(engine, (options.method ?? 'combined') as ExtractionMethod);
}
