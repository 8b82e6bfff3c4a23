// Experiment: LTR trained on a held-out encoder's held-out occupations (features behave like unseen titles).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEsco, loadJobIdToTerms } from '@jobskill/data';
import { buildEscoPairs } from '../../models/src/static-encoder/esco-pairs.ts';
import { buildDefaultReranker } from '../src/serve/default-reranker.ts';
import { createEncoder } from '../src/encoder/transformers-encoder.ts';
import { requireDefaultEncoderDir } from '../src/encoder/registry.ts';
import { encoderIdentity } from '../src/encoder/types.ts';

const { values } = parseArgs({ options: { 'train-encoder': { type: 'string' }, out: { type: 'string' }, train: { type: 'string', default: '{}' } } });
const dataDir = process.env.JOBSKILL_DATA_DIR!;
const esco = await loadEsco(join(dataDir, 'esco_v1.1.1'));
const titles = await loadJobIdToTerms(join(dataDir, 'talentclef2025_taskB/training/jobid2terms.json'));
const pairs = buildEscoPairs(esco, titles, { devFraction: 0.1, seed: 42 });
const held = [...pairs.dev!.relevant.keys()];
console.log(`held-out occupations: ${held.length}`);
const serve = await createEncoder({ model: requireDefaultEncoderDir() });
const servingEncoder = encoderIdentity(serve);
await serve.dispose();
const { dir, report } = await buildDefaultReranker({
  dataDir,
  out: resolve(values.out!),
  encoder: resolve(values['train-encoder']!),
  train: { queryOccupationUris: held, servingEncoder, ...JSON.parse(values.train!) },
  log: (l) => console.log(l),
});
console.log(JSON.stringify({ dir, devMap: report.devMap, queries: report.queries }));
