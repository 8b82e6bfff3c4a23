import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { JOBBERT_TITLES_FILE, loadJobBertTitlesByOccupation, type JobAdTrainingData } from './job-ad-pairs.ts';
import {
  DataError,
  findEscoFile,
  loadEsco,
  loadJobIdToTerms,
  loadTechWolfSplit,
  TECHWOLF_FILE,
  type EscoData,
  type EscoFileKind,
} from '@jobskill/data';

/** What every encoder build reads: ESCO v1.1.1, the TalentCLEF training title variants, and their sha256 (manifest). */
export interface EncoderTrainingData {
  esco: EscoData;
  /** ESCO occupation URI → job-title variants (jobid2terms.json). */
  titles: Map<string, string[]>;
  /** Data file (relative to the data directory) → sha256, recorded in the model manifest. */
  dataHashes: Record<string, string>;
  /** TechWolf train vacancies and JobBERT titles, when the data directory has them (else null). */
  jobAds: JobAdTrainingData | null;
}

async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Loads the encoder training data of a data directory; a missing ESCO file is a DataError naming the folder. */
export async function loadEncoderTrainingData(dataDir: string, options: { jobAds?: boolean } = {}): Promise<EncoderTrainingData> {
  const escoDir = join(dataDir, 'esco_v1.1.1');
  const titlesFile = join(dataDir, 'talentclef2025_taskB', 'training', 'jobid2terms.json');
  const dataHashes: Record<string, string> = {};
  for (const kind of ['skills', 'occupations', 'relations', 'hierarchy'] as EscoFileKind[]) {
    const file = findEscoFile(escoDir, kind);
    if (file === undefined) throw new DataError('FILE_NOT_FOUND', `no ESCO ${kind} file in the ESCO directory`, { file: escoDir });
    dataHashes[`esco_v1.1.1/${file.slice(escoDir.length + 1)}`] = await sha256File(file);
  }
  dataHashes['talentclef2025_taskB/training/jobid2terms.json'] = await sha256File(titlesFile);
  const esco = await loadEsco(escoDir);
  let jobAds: JobAdTrainingData | null = null;
  if (options.jobAds) {
    // The recipe asks for job-ad pairs: missing files are an error, not a silent ESCO-only build.
    const split = await loadTechWolfSplit(dataDir, esco.skills);
    if (split === null) throw new DataError('FILE_NOT_FOUND', 'the encoder recipe trains on TechWolf vacancies', { file: join(dataDir, TECHWOLF_FILE) });
    const jobBertTitles = await loadJobBertTitlesByOccupation(dataDir);
    if (jobBertTitles === null) throw new DataError('FILE_NOT_FOUND', 'the encoder recipe trains on JobBERT titles', { file: join(dataDir, JOBBERT_TITLES_FILE) });
    for (const f of [TECHWOLF_FILE, JOBBERT_TITLES_FILE]) if (existsSync(join(dataDir, f))) dataHashes[f.split('\\').join('/')] = await sha256File(join(dataDir, f));
    jobAds = { vacancies: split.train, jobBertTitles };
  }
  return { esco, titles: await loadJobIdToTerms(titlesFile), dataHashes, jobAds };
}
