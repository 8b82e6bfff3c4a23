import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { findEscoFile, loadEscoSkills, writeFileAtomic, JobskillError } from '@jobskill/data';
import { corpusFromEsco, type SkillCorpus } from '../corpus/corpus.ts';

/**
 * The served ESCO corpus (skills, aliases, transversal skills) as parsed from `skills_en.csv`, saved beside the
 * index: parsing and validating the 9.5 MB CSV costs ~1 s at every start, reading this file ~0.1 s. The snapshot
 * records the sha256 of the CSV it was made from (and of the parsing code) and is used only while both are unchanged.
 */
export const ESCO_CORPUS_SNAPSHOT_FILE = 'esco-corpus.json';

const snapshotSchema = z.object({
  format: z.literal('jobskill-esco-corpus'),
  version: z.literal(1),
  source: z.object({ file: z.string(), sha256: z.string() }),
  name: z.string(),
  /** [uri, aliases] per skill, corpus order (doc id = escoUri = uri, label = aliases[0]). */
  skills: z.array(z.tuple([z.string(), z.array(z.string()).min(1)])),
  /** URIs of the transversal skills (`reuseLevel` transversal). */
  generalSkills: z.array(z.string()),
});

export interface EscoCorpusParts {
  corpus: SkillCorpus;
  generalSkills: Set<string>;
}

function skillsFile(dataDir: string): string {
  const escoDir = join(dataDir, 'esco_v1.1.1');
  const file = findEscoFile(escoDir, 'skills');
  if (file === undefined) throw new JobskillError('FILE_NOT_FOUND', `no ESCO skills file (skills_en.csv) in ${escoDir}`);
  return file;
}

/** Parses `skills_en.csv` of a data directory once: the corpus and the transversal skills. */
export async function parseEscoCorpus(dataDir: string, name: string): Promise<EscoCorpusParts & { file: string }> {
  const file = skillsFile(dataDir);
  const skills = await loadEscoSkills(file);
  return {
    file,
    corpus: corpusFromEsco(skills, name),
    generalSkills: new Set(skills.filter((s) => s.reuseLevel === 'transversal').map((s) => s.uri)),
  };
}

/**
 * sha256 of the CSV and of the code that turns it into a corpus (this module and corpus/corpus, .ts from src or
 * .js from dist): a snapshot made by other parsing code is stale.
 */
async function sha256(file: string): Promise<string> {
  // The TypeScript sources when present (so src and dist runs share one snapshot), else the modules running.
  const src = new URL('../../src/', import.meta.url);
  const [root, ext] = existsSync(fileURLToPath(src)) ? [src, '.ts'] : [new URL('../', import.meta.url), extname(fileURLToPath(import.meta.url))];
  const hash = createHash('sha256').update(await readFile(file));
  for (const code of [`serve/esco-corpus-snapshot${ext}`, `corpus/corpus${ext}`]) hash.update(await readFile(new URL(code, root)));
  return hash.digest('hex');
}

/** Writes the snapshot of a data directory's ESCO corpus into `dir` (atomically). */
export async function saveEscoCorpusSnapshot(dir: string, dataDir: string, name: string): Promise<EscoCorpusParts> {
  const parsed = await parseEscoCorpus(dataDir, name);
  await writeSnapshot(dir, parsed.file, parsed);
  return { corpus: parsed.corpus, generalSkills: parsed.generalSkills };
}

async function writeSnapshot(dir: string, file: string, parts: EscoCorpusParts): Promise<void> {
  const snapshot: z.infer<typeof snapshotSchema> = {
    format: 'jobskill-esco-corpus',
    version: 1,
    source: { file: 'esco_v1.1.1/skills_en.csv', sha256: await sha256(file) },
    name: parts.corpus.name,
    skills: parts.corpus.skills.map((s) => [s.escoUri, s.aliases]),
    generalSkills: [...parts.generalSkills],
  };
  await writeFileAtomic(join(dir, ESCO_CORPUS_SNAPSHOT_FILE), JSON.stringify(snapshot));
}

/**
 * The ESCO corpus of `dataDir`: from the snapshot in `dir` when it was made from the same `skills_en.csv` (same
 * sha256) under the same name, else parsed from the CSV (and, with `save`, the snapshot rewritten; a snapshot
 * that cannot be written is reported through `log` and the parsed corpus still served).
 */
export async function loadEscoCorpus(
  dir: string,
  dataDir: string,
  name: string,
  options: { save?: boolean; log?: (line: string) => void } = {},
): Promise<EscoCorpusParts & { fromSnapshot: boolean }> {
  const file = skillsFile(dataDir);
  const snapshotFile = join(dir, ESCO_CORPUS_SNAPSHOT_FILE);
  if (existsSync(snapshotFile)) {
    const [text, digest] = await Promise.all([readFile(snapshotFile, 'utf8'), sha256(file)]);
    let raw: unknown = null;
    try {
      raw = JSON.parse(text);
    } catch {
      // A damaged snapshot is a stale cache: parse the CSV instead (and rewrite it below).
    }
    const parsed = snapshotSchema.safeParse(raw);
    if (parsed.success && parsed.data.source.sha256 === digest && parsed.data.name === name) {
      const skills = parsed.data.skills.map(([uri, aliases]) => ({ docId: uri, escoUri: uri, label: aliases[0]!, aliases }));
      return { corpus: { name, skills }, generalSkills: new Set(parsed.data.generalSkills), fromSnapshot: true };
    }
  }
  const parts = await parseEscoCorpus(dataDir, name);
  if (options.save && existsSync(dir)) {
    try {
      await writeSnapshot(dir, parts.file, parts);
    } catch (error) {
      options.log?.(`could not save the ESCO corpus snapshot at ${snapshotFile}: ${(error as Error).message}`);
    }
  }
  return { corpus: parts.corpus, generalSkills: parts.generalSkills, fromSnapshot: false };
}
