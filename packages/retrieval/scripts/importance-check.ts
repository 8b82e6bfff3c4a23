/**
 * How well the hits' `importance` (core | contextual) agrees with graded qrels (TalentCLEF 2026: 2 = core,
 * 1 = contextual): over the returned top-k hits that are relevant, accuracy and core precision / recall.
 * Usage: scripts/importance-check.ts [--taskb-dir DIR] [--encoder DIR] [-k 10]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTaskBDir, resolveDataDir } from '@jobskill/data';
import { corpusFromTaskB, SkillRetriever } from '../src/index.ts';
import { createEncoder, createEncoderByName } from '@jobskill/encoders';
import { escoGeneralSkills } from '../src/internal.ts';

const { values } = parseArgs({ options: { 'taskb-dir': { type: 'string' }, encoder: { type: 'string' }, k: { type: 'string', short: 'k', default: '10' } } });
const dataDir = resolveDataDir();
const dir = resolve(dataDir, values['taskb-dir'] ?? 'talentclef2026_taskB_toy');
const data = await loadTaskBDir(dir);
const encoder = values.encoder ? await createEncoder({ model: resolve(values.encoder) }) : await createEncoderByName('embedded');
const generalSkills = await escoGeneralSkills(dataDir);
const retriever = await SkillRetriever.create({ encoder, corpus: corpusFromTaskB(data.corpus, data.name), reranker: null, importance: { generalSkills } });
const grade = new Map((data.qrels ?? []).map((q) => [`${q.qId}\t${q.docId}`, q.grade]));
let relevant = 0, agree = 0, predictedCore = 0, trueCore = 0, bothCore = 0;
for (const q of data.queries) {
  for (const hit of await retriever.search(q.jobTitle, { k: Number(values.k) })) {
    const g = grade.get(`${q.qId}\t${hit.docId}`) ?? 0;
    if (g === 0) continue;
    relevant++;
    const core = hit.importance === 'core';
    if (core === (g >= 2)) agree++;
    if (core) predictedCore++;
    if (g >= 2) trueCore++;
    if (core && g >= 2) bothCore++;
  }
}
console.log(
  `${data.name}: ${relevant} relevant hits in the top ${values.k}; importance agrees with the grade on ${(agree / relevant).toFixed(3)}; ` +
    `core precision ${(bothCore / Math.max(1, predictedCore)).toFixed(3)}, recall ${(bothCore / Math.max(1, trueCore)).toFixed(3)} (share of core among them ${(trueCore / relevant).toFixed(3)})`,
);
await encoder.dispose();
