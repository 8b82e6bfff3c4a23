import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataDir } from '@jobskill/data';
import { createEncoderByName } from '@jobskill/encoders';
import { defaultIndexDirFor, escoSkillCorpus, SkillIndex } from '@jobskill/retrieval';
import { z } from 'zod';
import { DEFAULT_FUSION, engineExtractor, ExtractionEngine } from './extractor.ts';
import { GENERIC_WORDS } from './generic-words.ts';
import { LexicalMatcher } from './lexical.ts';
import { extractionSkillsFromEsco } from './skills.ts';
import type { ExtractionMethod, SkillExtractor } from './types.ts';
import { loadEscoSkills, findEscoFile, JobskillError } from '@jobskill/data';

export const OpenExtractorOptionsSchema = z
  .object({
    dataDir: z.string().min(1),
    /** Which method to serve (default `combined`). */
    method: z.enum(['lexical', 'dense', 'combined']).default('combined'),
    /** The skill index folder (default: the served one, built there once when missing). */
    indexDir: z.string().min(1).optional(),
  })
  .strict();
export type OpenExtractorOptions = z.input<typeof OpenExtractorOptionsSchema>;

/** ESCO v1.1.1 skills, the lexical matcher, the embedded encoder and the skill index, as one engine. */
export async function openDefaultExtractionEngine(options: OpenExtractorOptions): Promise<ExtractionEngine> {
  const opts = OpenExtractorOptionsSchema.parse(options);
  const dataDir = resolveDataDir(opts.dataDir);
  const escoDir = join(dataDir, 'esco_v1.1.1');
  const file = findEscoFile(escoDir, 'skills');
  if (file === undefined) throw new JobskillError('FILE_NOT_FOUND', `no ESCO skills file (skills_en.csv) in ${escoDir}`);
  const esco = await loadEscoSkills(file);
  const skills = extractionSkillsFromEsco(esco);
  const lexical = new LexicalMatcher(skills, { genericWords: GENERIC_WORDS });
  if (opts.method === 'lexical') return new ExtractionEngine({ skills, lexical, dense: null });
  const encoder = await createEncoderByName('embedded');
  const corpus = await escoSkillCorpus(dataDir);
  const indexDir = opts.indexDir ?? defaultIndexDirFor(encoder);
  let index: SkillIndex;
  if (existsSync(join(indexDir, 'manifest.json'))) {
    index = await SkillIndex.open(indexDir, { corpus, encoder, mode: 'view' });
  } else {
    index = await SkillIndex.build(corpus, encoder, {});
    await index.save(indexDir);
  }
  corpus.skills.forEach((s, i) => {
    if (s.escoUri !== skills[i]!.uri) throw new JobskillError('INDEX_MISMATCH', `skill index row ${i} is ${s.escoUri}, not ${skills[i]!.uri}`);
  });
  return new ExtractionEngine({ skills, lexical, dense: { encoder, index }, fusion: DEFAULT_FUSION });
}

/** The served extractor (combined lexical + dense over ESCO v1.1.1 with the embedded encoder). */
export async function openDefaultSkillExtractor(options: OpenExtractorOptions): Promise<SkillExtractor> {
  const engine = await openDefaultExtractionEngine(options);
  return engineExtractor(engine, (options.method ?? 'combined') as ExtractionMethod);
}
