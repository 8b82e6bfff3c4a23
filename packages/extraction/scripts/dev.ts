// Dev set from training data only (ESCO descriptions / labels, TechWolf train-split skill frequencies): every method's
// complete ranking and the served extract path, side by side. Choices of the extractor are made on these figures.
import { join } from 'node:path';
import { findEscoFile, loadEscoSkills, loadTechWolfSplit } from '@jobskill/data';
import { formatExtractionTable, openDefaultExtractionEngine } from '../src/index.ts';
import { buildDevSet, evalSentences, skillFrequencies } from '../src/internal.ts';

const dataDir = process.env.JOBSKILL_DATA_DIR ?? join(import.meta.dirname, '../../../../shared/data');
const esco = await loadEscoSkills(findEscoFile(join(dataDir, 'esco_v1.1.1'), 'skills')!);
const techwolf = await loadTechWolfSplit(dataDir, esco);
if (techwolf === null) throw new Error(`no TechWolf vacancies in ${dataDir}`);
const sentences = buildDevSet(esco, skillFrequencies(techwolf.train), { size: Number(process.env.DEV_SIZE ?? 800), seed: 20261202 });
const dense = { perPiece: Number(process.env.PER_PIECE ?? 0) || undefined, minProposals: Number(process.env.PROPOSALS ?? 0) || undefined };
const engine = await openDefaultExtractionEngine({ dataDir, dense });
const methods = (process.env.EXTRACT_METHODS?.split(',') ?? ['lexical', 'dense', 'combined', 'extract:combined']) as never[];
const started = performance.now();
const rows = await evalSentences({ engine, split: 'DEV', sentences, methods, halves: true });
console.log(formatExtractionTable({ rows, splits: [] }));
console.log(`\n${sentences.length} dev sentences, ${((performance.now() - started) / 1000).toFixed(1)} s`);
