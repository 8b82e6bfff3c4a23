import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadJobbertTitles, type MappedVacancy } from '@jobskill/data';
import { embeddedModelDir } from './paths.ts';

/**
 * Real job-ad training data beside ESCO (PROVENANCE §4a/§4b): TechWolf vacancy titles with their extracted skills
 * (only the training part of `TECHWOLF_SPLIT`, `loadTechWolfSplit` of @jobskill/data; the rest is the TechWolf dev
 * set) and JobBERT free-form titles with their ESCO occupation. Both files are optional: a data directory without
 * them trains on ESCO alone.
 */

export const JOBBERT_TITLES_FILE = join('jobbert_titles', 'titles.csv');

/** Folder the TechWolf dev set is written to by `scripts/build-techwolf-dev.ts` (gitignored artifacts). */
export function techWolfDevDir(): string {
  return embeddedModelDir('techwolf-dev');
}

/**
 * The JobBERT titles (@jobskill/data's `loadJobbertTitles`, strict) grouped by occupation URI → titles, in file order;
 * null when the file is absent.
 */
export async function loadJobBertTitlesByOccupation(dataDir: string): Promise<Map<string, string[]> | null> {
  const file = join(dataDir, JOBBERT_TITLES_FILE);
  if (!existsSync(file)) return null;
  const { pairs } = await loadJobbertTitles(file);
  const byOccupation = new Map<string, string[]>();
  for (const p of pairs) {
    let list = byOccupation.get(p.occupationUri);
    if (list === undefined) byOccupation.set(p.occupationUri, (list = []));
    list.push(p.title);
  }
  return byOccupation;
}

/** What the encoder trains on beside ESCO: vacancy title → skills (with probability), occupation → free-form titles. */
export interface JobAdTrainingData {
  vacancies: MappedVacancy[];
  jobBertTitles: Map<string, string[]>;
}
