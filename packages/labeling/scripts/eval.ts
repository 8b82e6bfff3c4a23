/**
 * `pnpm turbo run eval` for @jobskill/labeling: the reference protocol on resumes/resumes.parquet
 * (rule labels as ground truth, seeded 80/20 split and stratified 5-fold CV), every offline labeler
 * side by side with the reference figures.
 */
import { isAbsolute, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from '@jobskill/data';
import { formatLabelingEval, runLabelingEval } from '../src/internal.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// turbo runs this inside packages/labeling: a relative data dir is taken from the repo root.
const dataDir = resolveDataDir();

const result = await runLabelingEval({ dataDir });
console.log('## Role labeling: reference protocol on resumes/resumes.parquet\n');
console.log(formatLabelingEval(result));
