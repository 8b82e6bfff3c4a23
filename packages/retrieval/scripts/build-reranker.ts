/**
 * Builds the embedded learning-to-rank re-ranker into artifacts/embedded-reranker (run by the package's
 * `model` script; turbo builds @jobskill/models' encoder first). Trains on ESCO-derived queries only.
 * Usage: tsx scripts/build-reranker.ts [--data-dir DIR] [--encoder DIR] [--out DIR] [--quick]
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEncoder } from '../src/encoder/transformers-encoder.ts';
import { requireDefaultEncoderDir } from '../src/encoder/registry.ts';
import { escoPaths, loadEscoGraph } from '../src/graph/esco-graph.ts';
import { trainLtrModel } from '../src/rerank/ltr-train.ts';
import { defaultRerankerDir, writeLtrModel } from '../src/rerank/ltr-reranker.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    encoder: { type: 'string' },
    out: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = resolve(values['data-dir'] ?? process.env.JOBSKILL_DATA_DIR ?? resolve(repoRoot, '../shared/data'));
const out = resolve(values.out ?? defaultRerankerDir());
const started = performance.now();

const graph = await loadEscoGraph(dataDir);
const encoder = await createEncoder({ model: values.encoder ?? requireDefaultEncoderDir(), batchSize: 512, queryCacheSize: 0 });
try {
  const { model, report } = await trainLtrModel(graph, encoder, {
    ...(values.quick ? { queryOccupations: 120, epochs: 60 } : {}),
    log: (line) => console.log(`  ${line}`),
  });
  // What the model was trained from: ESCO files + jobid2terms (hashes), never TalentCLEF validation.
  const paths = escoPaths(dataDir);
  const inputs: Record<string, string> = {};
  for (const [name, file] of Object.entries({
    skills: resolve(paths.escoDir, 'skills_en.csv'),
    occupations: resolve(paths.escoDir, 'occupations_en.csv'),
    relations: resolve(paths.escoDir, 'occupationSkillRelations.csv'),
    jobIdToTerms: paths.jobIdToTerms,
  })) {
    inputs[name] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  const seconds = (performance.now() - started) / 1000;
  await writeLtrModel(out, model, { createdBy: 'packages/retrieval/scripts/build-reranker.ts', inputs, training: report, buildSeconds: seconds });
  console.log(
    `embedded re-ranker → ${out}: hidden ${model.hidden}, ESCO dev MAP encoder ${report.devMap.encoder.toFixed(4)}, ` +
      `graph ${report.devMap.graph.toFixed(4)}, ltr ${report.devMap.ltr.toFixed(4)} (${seconds.toFixed(0)} s)`,
  );
} finally {
  await encoder.dispose();
}
