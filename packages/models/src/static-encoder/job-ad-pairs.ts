import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DataError,
  loadLabeledTexts,
  loadTechWolfVacanciesV111,
  splitVacancies,
  type EscoSkill,
  type MappedVacancy,
  type SkillLabelMapping,
} from '@jobskill/data';
import { embeddedModelDir } from './paths.ts';

/**
 * Real job-ad training data beside ESCO (PROVENANCE §4a/§4b): TechWolf vacancy titles with their extracted skills
 * (only the training part of `TECHWOLF_SPLIT`; the rest is the TechWolf dev set) and JobBERT free-form titles with
 * their ESCO occupation. Both files are optional: a data directory without them trains on ESCO alone.
 */

/** The split of the TechWolf titles: dev = the ~10 % held out of training (the TechWolf dev set). */
export const TECHWOLF_SPLIT = Object.freeze({ devFraction: 0.1, seed: 42 });

export const TECHWOLF_FILE = join('techwolf_vacancies', 'job_skill.parquet');
export const JOBBERT_TITLES_FILE = join('jobbert_titles', 'titles.csv');

/** Folder the TechWolf dev set is written to by `scripts/build-techwolf-dev.ts` (gitignored artifacts). */
export function techWolfDevDir(): string {
  return embeddedModelDir('techwolf-dev');
}

export interface TechWolfSplit {
  train: MappedVacancy[];
  dev: MappedVacancy[];
  mapping: SkillLabelMapping;
}

/** Loads and splits the TechWolf vacancies (labels mapped to v1.1.1); null when the file is absent. */
export async function loadTechWolfSplit(
  dataDir: string,
  skills: readonly Pick<EscoSkill, 'uri' | 'preferredLabel' | 'altLabels'>[],
): Promise<TechWolfSplit | null> {
  const file = join(dataDir, TECHWOLF_FILE);
  if (!existsSync(file)) return null;
  const { vacancies, mapping } = await loadTechWolfVacanciesV111(file, skills);
  return { ...splitVacancies(vacancies, TECHWOLF_SPLIT), mapping };
}

/**
 * Minimal reader of the JobBERT titles (`vacancyTitle,conceptUri`) → occupation URI → titles, in file order.
 * A private stand-in for `@jobskill/data`'s JobBERT loader (owned elsewhere); null when the file is absent.
 */
export async function loadJobBertTitles(dataDir: string): Promise<Map<string, string[]> | null> {
  const file = join(dataDir, JOBBERT_TITLES_FILE);
  if (!existsSync(file)) return null;
  const { records } = await loadLabeledTexts(file, { textCol: 'vacancyTitle', labelCol: 'conceptUri' });
  const byOccupation = new Map<string, string[]>();
  for (const r of records) {
    if (!r.label.startsWith('http')) throw new DataError('INVALID_VALUE', `conceptUri is not a URI: ${r.label}`, { file, row: r.row, field: 'conceptUri' });
    let list = byOccupation.get(r.label);
    if (list === undefined) byOccupation.set(r.label, (list = []));
    list.push(r.text.trim());
  }
  return byOccupation;
}

/** What the encoder trains on beside ESCO: vacancy title → skills (with probability), occupation → free-form titles. */
export interface JobAdTrainingData {
  vacancies: MappedVacancy[];
  jobBertTitles: Map<string, string[]>;
}
