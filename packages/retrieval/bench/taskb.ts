/**
 * Task B table for the README: evalTaskB with the stage-by-stage systems on TalentCLEF directories, for both
 * index granularities. Uses the embedded encoder (and the embedded re-ranker when it is built).
 *
 *   node --conditions=@jobskill/source --import tsx bench/taskb.ts [--data-dir DIR] [--model DIR] [--dir DIR ...]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createEncoder } from '@jobskill/encoders';
import { requireDefaultEncoderDir } from '@jobskill/encoders';
import { createReranker } from '../src/rerank/registry.ts';
import type { Reranker } from '../src/rerank/types.ts';
import { evalTaskB, formatTaskBTable, taskBSummary } from '../src/taskb/eval-taskb.ts';
import { bm25System, retrieverSystem, type TaskBSystem } from '../src/taskb/systems.ts';
import { dataDirPath } from '@jobskill/data';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    'data-dir': { type: 'string' },
    model: { type: 'string' },
    dir: { type: 'string', multiple: true },
    'run-dir': { type: 'string' },
  },
});
const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = dataDirPath(args['data-dir']);
const dirs = args.dir ?? [join(dataDir, 'talentclef2025_taskB', 'validation'), join(dataDir, 'talentclef2026_taskB_toy')];

const encoder = await createEncoder({ model: args.model ? resolve(args.model) : requireDefaultEncoderDir(), batchSize: 256 });
let reranker: Reranker | null = null;
try {
  reranker = await createReranker('embedded', { encoder, dataDir });
} catch (error) {
  console.log(`embedded re-ranker unavailable: ${(error as Error).message.split('\n')[0]}`);
}
const systems: Record<string, TaskBSystem> = { bm25: bm25System() };
for (const granularity of ['skill', 'alias'] as const) {
  const index = { granularity, quantization: 'f16' as const };
  systems[`exact-${granularity}`] = retrieverSystem({ encoder, index, search: { firstStage: 'exact' } });
  systems[`ann-${granularity}`] = retrieverSystem({ encoder, index, search: { firstStage: 'ann' } });
  if (reranker) systems[`reranked-${granularity}`] = retrieverSystem({ encoder, index, reranker });
}
const results = [];
for (const dir of dirs) {
  const result = await evalTaskB(dir, { systems, runDir: args['run-dir'] ?? null });
  results.push(result);
  console.log(formatTaskBTable(result, 'markdown'));
  console.log(Object.entries(result.systems).map(([n, r]) => `${n} ${r.seconds.toFixed(1)} s`).join(', '));
}
console.log(JSON.stringify(taskBSummary(results), null, 2));
await reranker?.dispose?.();
await encoder.dispose();
