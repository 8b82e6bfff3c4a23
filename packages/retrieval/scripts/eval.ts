/**
 * `pnpm turbo run eval` for @jobskill/retrieval: the Task B systems side by side (bm25, encoder exact/ANN,
 * encoder + ESCO-graph evidence, default = encoder + embedded re-ranker) on the default directories,
 * the same figures as `pnpm jobskill eval`.
 * Usage: scripts/eval.ts [--data-dir DIR] [--taskb-dir DIR…] [--markdown] [--encoder DIR] [--reranker DIR] [--report FILE]
 * (--report: the JSON report the API serves at GET /v1/eval/report; default $JOBSKILL_CACHE_DIR/eval-report.json,
 * else <repo>/.jobskill-cache/eval-report.json.)
 * (--encoder / --reranker: compare another encoder folder / re-ranker folder with the built ones.)
 */
import { isAbsolute, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '@jobskill/data';
import { defaultEvalReportPath, evalReport, writeEvalReport } from '@jobskill/eval';
import { formatTaskBTable, runTaskBEval, taskBReportTables } from '../src/index.ts';
import { createEncoder } from '@jobskill/encoders';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'taskb-dir': { type: 'string', multiple: true },
    markdown: { type: 'boolean', default: false },
    encoder: { type: 'string' },
    reranker: { type: 'string' },
    report: { type: 'string' },
  },
});
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// turbo runs this inside packages/retrieval: a relative data dir is taken from the repo root.
const dataDir = resolveDataDir(values['data-dir']);

const encoder = values.encoder ? await createEncoder({ model: resolve(values.encoder), batchSize: 512 }) : undefined;
const { evaluations } = await runTaskBEval({
  dataDir,
  ...(encoder ? { encoder } : {}),
  ...(values.reranker ? { rerankerModel: resolve(values.reranker) } : {}),
  // Relative --taskb-dir values are taken inside the data directory (runTaskBEval).
  ...(values['taskb-dir'] ? { dirs: values['taskb-dir'] } : {}),
  onNote: (line) => console.error(`note: ${line}`),
});
console.log('## Skill retrieval: TalentCLEF Task B systems side by side\n');
for (const evaluation of evaluations) {
  console.log(`${evaluation.dir}${evaluation.gradedQrels ? ' (graded qrels)' : ''}`);
  console.log(`${formatTaskBTable(evaluation, values.markdown ? 'markdown' : 'text').trimEnd()}\n`);
}
const reportFile = values.report ? resolve(values.report) : defaultEvalReportPath();
await writeEvalReport(reportFile, evalReport('pnpm turbo run eval (@jobskill/retrieval)', taskBReportTables(evaluations)));
console.log(`eval report: ${reportFile}`);
await encoder?.dispose();
