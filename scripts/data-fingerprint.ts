// Writes .jobskill-cache/data-fingerprint.json: the content fingerprint of the data files the `model` tasks read.
// turbo.json lists it as an input of `model`, so the model cache follows the data, not the spelling of JOBSKILL_DATA_DIR.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir, writeFileAtomic } from '../packages/data/src/index.ts';
import { dataFingerprint } from '../packages/data/src/data-fingerprint.ts';

/** What the model builders read (models: ESCO + Task B training; retrieval: the same; labeling: resumes). */
export const MODEL_DATA_DIRS = ['esco_v1.1.1', 'talentclef2025_taskB/training', 'resumes', 'techwolf_vacancies'];

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cacheDir = resolve(repoRoot, '.jobskill-cache');
let dataDir: string | null;
try {
  dataDir = resolveDataDir(process.env.JOBSKILL_DATA_DIR === undefined ? undefined : resolve(process.env.INIT_CWD ?? process.cwd(), process.env.JOBSKILL_DATA_DIR));
} catch {
  dataDir = null; // the model tasks will say what is missing; the fingerprint only records that there was no data
}
const result = dataDir
  ? await dataFingerprint({ dataDir, dirs: MODEL_DATA_DIRS, cacheFile: resolve(cacheDir, 'data-fingerprint.hashes.json') })
  : { fingerprint: 'no-data-dir', files: [], missing: MODEL_DATA_DIRS };
await writeFileAtomic(resolve(cacheDir, 'data-fingerprint.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`data fingerprint ${result.fingerprint.slice(0, 12)} (${result.files.length} files${result.missing.length ? `; missing: ${result.missing.join(', ')}` : ''})`);
