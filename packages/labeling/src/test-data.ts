import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirPath } from '@jobskill/data';

/** Repo root from this file (packages/labeling/src). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** The shared data directory for tests on real data. */
export const dataDir = dataDirPath();
export const resumesParquet = resolve(dataDir, 'resumes/resumes.parquet');
export const hasRealData = existsSync(resumesParquet);
export const fixture = (name: string): string => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
