/**
 * In-process latency of the served default search (`openDefaultSkillSearch`: embedded encoder, the saved ESCO index,
 * vacancy-neighbour evidence, PRF; no re-ranker, no result cache), every title new, with and without the job-ad
 * evidence, alternating passes. Titles: ESCO occupation labels with a suffix (never TalentCLEF queries).
 *
 *   pnpm --filter @jobskill/retrieval bench:served [-- --titles 1200]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dataDirPath, loadEsco } from '@jobskill/data';
import { openDefaultSkillSearch } from '../src/serve/default-skill-search.ts';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { 'data-dir': { type: 'string' }, titles: { type: 'string', default: '1200' } },
});
const dataDir = dataDirPath(args['data-dir']);
const served = await openDefaultSkillSearch({ dataDir, resultCache: 0, buildIfMissing: false });
const esco = await loadEsco(join(dataDir, 'esco_v1.1.1'));
const titles = [...new Set(esco.occupations.flatMap((o) => [o.preferredLabel, ...o.altLabels]))].slice(0, Number(args.titles));
console.log(`served default search, k = 20 with evidence, ${titles.length} new titles per pass; memory of job ads: ${served.vacancies?.size ?? 'none'} vacancies`);
for (const [pass, neighbours] of [true, false, true, false].entries()) {
  const ms: number[] = [];
  for (const [i, title] of titles.entries()) {
    const started = performance.now();
    await served.retriever.search(`${title} p${pass}n${i}`, { k: 20, neighbours });
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const name = neighbours ? 'with job-ad evidence (default)' : 'without (neighbours: false)';
  console.log(`  pass ${pass + 1} ${name.padEnd(32)} p50 ${ms[ms.length >> 1]!.toFixed(3)} ms  p99 ${ms[Math.floor(ms.length * 0.99)]!.toFixed(3)} ms`);
}
const memory = process.memoryUsage();
console.log(`  RSS ${(memory.rss / 1e6).toFixed(0)} MB, heap ${(memory.heapUsed / 1e6).toFixed(0)} MB (goal #12: default p50 ≤ 3 ms)`);
await served.close();
