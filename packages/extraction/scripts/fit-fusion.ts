// Fits the learned fusion (logistic regression over lexical / dense / piece evidence / job-ad prior) on the first
// half of the dev set built from training data, and compares it with the fixed fusion on the second half.
// Never reads the benchmark sentences. Prints the weights to paste into DEFAULT_LOGISTIC_FUSION (src/fusion.ts).
import { join } from 'node:path';
import { findEscoFile, loadEscoSkills, loadTechWolfSplit } from '@jobskill/data';
import { openDefaultExtractionEngine } from '../src/index.ts';
import { buildDevSet, rankingMetrics, skillFrequencies, topIndices } from '../src/internal.ts';
import { fitLogisticFusion } from '../src/fit-fusion.ts';
import { logisticScore, type FusionInput, type LogisticFusion } from '../src/fusion.ts';

const dataDir = process.env.JOBSKILL_DATA_DIR ?? join(import.meta.dirname, '../../../../shared/data');
const esco = await loadEscoSkills(findEscoFile(join(dataDir, 'esco_v1.1.1'), 'skills')!);
const techwolf = await loadTechWolfSplit(dataDir, esco);
if (techwolf === null) throw new Error(`no TechWolf vacancies in ${dataDir}`);
const sentences = buildDevSet(esco, skillFrequencies(techwolf.train), { size: Number(process.env.DEV_SIZE ?? 800), seed: 20261202 });
const engine = await openDefaultExtractionEngine({ dataDir, fusion: 'fixed' });
const uriIndex = new Map(engine.skills.map((s, i) => [s.uri, i]));
type Inputs = Awaited<ReturnType<typeof engine.fusionInputs>> & { gold: Set<number> };
const inputs: Inputs[] = [];
for (const { sentence, gold } of sentences) inputs.push({ ...(await engine.fusionInputs(sentence)), gold: new Set(gold.map((u) => uriIndex.get(u)!)) });
const half = Math.floor(inputs.length / 2);
const n = engine.skills.length;
const featuresOf = (x: (typeof inputs)[number], s: number): FusionInput => ({
  lexical: x.lexical.get(s) ?? 0,
  dense: Math.max(0, x.dense[s]!),
  evidence: x.evidence[s]!,
  prior: process.env.NO_PRIOR ? 0 : (x.prior?.[s] ?? 0),
});
const fixed = (f: FusionInput): number => 0.5 * f.lexical + 0.5 * f.dense;
// Training rows: the skills a ranking could put near the top (best 100 by the fixed fusion, 50 by evidence, lexical hits, gold).
const rows: { x: FusionInput; y: 0 | 1 }[] = [];
for (const x of inputs.slice(0, half)) {
  const byFixed = new Float32Array(n);
  for (let s = 0; s < n; s++) byFixed[s] = fixed(featuresOf(x, s));
  const candidates = new Set([...topIndices(byFixed, 100), ...topIndices(x.evidence, 50), ...x.lexical.keys(), ...x.gold]);
  for (const s of candidates) rows.push({ x: featuresOf(x, s), y: x.gold.has(s) ? 1 : 0 });
}
const model = fitLogisticFusion(rows, { l2: Number(process.env.L2 ?? 0.01) });
const score = (part: typeof inputs, f: (x: FusionInput) => number): { rp5: number; rp10: number; mrr: number } => {
  let rp5 = 0;
  let rp10 = 0;
  let mrr = 0;
  for (const x of part) {
    const scores = new Float32Array(n);
    for (let s = 0; s < n; s++) scores[s] = f(featuresOf(x, s));
    const m = rankingMetrics(topIndices(scores, 1000).map(String), [...x.gold].map(String));
    rp5 += m.rp5;
    rp10 += m.rp10;
    mrr += m.rr;
  }
  return { rp5: rp5 / part.length, rp10: rp10 / part.length, mrr: mrr / part.length };
};
const fmt = (m: { rp5: number; rp10: number; mrr: number }): string => `RP@5 ${m.rp5.toFixed(4)}  RP@10 ${m.rp10.toFixed(4)}  MRR ${m.mrr.toFixed(4)}`;
const learned = (f: FusionInput): number => logisticScore(model as LogisticFusion, f);
console.log(`fitted on ${half} dev sentences (${rows.length} rows):`, JSON.stringify(model));
console.log(`fit half    fixed   ${fmt(score(inputs.slice(0, half), fixed))}`);
console.log(`fit half    learned ${fmt(score(inputs.slice(0, half), learned))}`);
console.log(`check half  fixed   ${fmt(score(inputs.slice(half), fixed))}`);
console.log(`check half  learned ${fmt(score(inputs.slice(half), learned))}`);
// The served threshold: the one with the best micro F1 of "skills above it" on the fit half.
for (const t of [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const x of inputs.slice(0, half)) {
    for (let s = 0; s < n; s++) {
      const f = featuresOf(x, s);
      if (f.lexical === 0 && f.dense < 0.5) continue; // cannot clear any threshold listed here
      const above = learned(f) >= t;
      if (above && x.gold.has(s)) tp++;
      else if (above) fp++;
    }
    for (const s of x.gold) if (learned(featuresOf(x, s)) < t) fn++;
  }
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  console.log(`threshold ${t}: precision ${p.toFixed(3)} recall ${r.toFixed(3)} F1 ${((2 * p * r) / Math.max(1e-9, p + r)).toFixed(3)}`);
}
