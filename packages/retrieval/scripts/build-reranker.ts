/**
 * Builds the embedded learning-to-rank re-ranker into artifacts/embedded-reranker (run by the package's
 * `model` script; turbo builds @jobskill/models' encoder first). Trains on ESCO-derived queries only.
 * Usage: tsx scripts/build-reranker.ts [--data-dir DIR] [--encoder DIR] [--training-encoder DIR|none] [--out DIR] [--quick]
 * (training features come from the held-out encoder build when it exists; see buildDefaultReranker.)
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDefaultReranker } from '../src/training/default-reranker.ts';
import { buildDefaultIndex } from '../src/serve/default-skill-search.ts';
import { dataDirPath } from '@jobskill/data';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    encoder: { type: 'string' },
    'training-encoder': { type: 'string' },
    out: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
// turbo runs this inside packages/retrieval: a relative data dir is taken from the repo root.
const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = dataDirPath(values['data-dir']);
const { dir, seconds, report } = await buildDefaultReranker({
  dataDir,
  ...(values.out ? { out: resolve(values.out) } : {}),
  ...(values.encoder ? { encoder: values.encoder } : {}),
  ...(values['training-encoder'] ? { trainingEncoder: values['training-encoder'] === 'none' ? null : values['training-encoder'] } : {}),
  ...(values.quick ? { train: { queryOccupations: 120, epochs: 60 } } : {}),
  createdBy: 'packages/retrieval/scripts/build-reranker.ts',
  log: (line) => console.log(`  ${line}`),
});
console.log(
  `embedded re-ranker → ${dir}: ESCO dev MAP encoder ${report.devMap.encoder.toFixed(4)}, ` +
    `graph ${report.devMap.graph.toFixed(4)}, ltr ${report.devMap.ltr.toFixed(4)} (${seconds.toFixed(0)} s)`,
);

// The served index is a model output too (turbo caches it, see packages/retrieval/turbo.json): tests and the API
// open it instead of building it inside a test hook or on a server's first start.
if (!values.out) {
  const index = await buildDefaultIndex({ dataDir });
  console.log(`ESCO skill index → ${index.indexDir}: ${index.skills} skills (${index.seconds.toFixed(0)} s)`);
}
