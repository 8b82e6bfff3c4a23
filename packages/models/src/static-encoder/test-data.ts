import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirPath } from '@jobskill/data';

/** The real data directory for tests ($JOBSKILL_DATA_DIR, else ../shared/data next to the repository). */
export const TEST_DATA_DIR =
  dataDirPath();
export const HAVE_ESCO = existsSync(resolve(TEST_DATA_DIR, 'esco_v1.1.1', 'skills_en.csv'));
