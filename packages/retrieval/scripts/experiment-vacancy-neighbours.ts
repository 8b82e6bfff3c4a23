/**
 * Screening of vacancy-neighbour evidence (src/neighbours/vacancy-neighbours.ts) with exact search: a title's skills
 * from the skills of the nearest *training* vacancies (TechWolf train split), added to the encoder's cosine; PRF from
 * cosine alone or from cosine + evidence (`prfFused`). Two more evidence sources can be screened beside it: a global
 * skill prior (`prior`: γ × the share of training vacancies listing the skill, to the power `priorPower`) and a second
 * memory of JobBERT's free-form titles voting for their ESCO occupation's skills (`jb`: weight; essential 1, optional
 * `jbOptional`; `jbM` nearest, cosine^`jbP`); `priorInPrf` says whether the prior takes part in choosing the PRF
 * feedback skills. Choices are made on the TechWolf dev set; other directories
 * (validation) are for the final check of the chosen setting only. Figures: the package README.
 * Usage: node --conditions=@jobskill/source --import tsx scripts/experiment-vacancy-neighbours.ts --encoder DIR
 *   --dirs TASKB_DIR… [--grid '{"m":[50],"p":[16],"beta":[1],"prf":[true],"prfWeight":[1],"prfFused":[true]}']
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dataDirPath, loadEscoRelations, loadEscoSkills, loadJobbertTitles, loadTechWolfSplit } from '@jobskill/data';
import { evaluateRun, type Run } from '@jobskill/eval';
import { createEncoder } from '@jobskill/encoders';
import { normalizeJobTitle } from '../src/index.ts';
import { openScreeningDir, rowDots, unitRows } from './screening-setup.ts';

const { values } = parseArgs({ options: { encoder: { type: 'string' }, dirs: { type: 'string', multiple: true }, grid: { type: 'string' } } });
const dataDir = dataDirPath(undefined);
const encoder = await createEncoder({ model: resolve(values.encoder!), batchSize: 512 });
const skills = await loadEscoSkills(join(dataDir, 'esco_v1.1.1', 'skills_en.csv'));
const split = (await loadTechWolfSplit(dataDir, skills))!;
const memTitles = split.train.map((v) => normalizeJobTitle(v.title));
const memVectors = await encoder.encode(memTitles);
const d = memVectors[0]!.length;
const V = unitRows(memVectors, d);

// JobBERT memory: each free-form title votes for its occupation's ESCO skills.
const relations = await loadEscoRelations(join(dataDir, 'esco_v1.1.1', 'occupationSkillRelations.csv'));
const occupationSkills = new Map<string, { uri: string; essential: boolean }[]>();
for (const r of relations) {
  const list = occupationSkills.get(r.occupationUri) ?? [];
  list.push({ uri: r.skillUri, essential: r.relationType === 'essential' });
  occupationSkills.set(r.occupationUri, list);
}
const jobbert = await loadJobbertTitles(join(dataDir, 'jobbert_titles', 'titles.csv'), { knownOccupations: new Set(occupationSkills.keys()) });
const jbPairs = jobbert.pairs;
const jbVectors = await encoder.encode(jbPairs.map((p) => normalizeJobTitle(p.title)));
const JB = unitRows(jbVectors, d);
console.error(`memory: ${memVectors.length} TechWolf train titles, ${jbPairs.length} JobBERT titles (${jobbert.unknownOccupations.length} of unknown occupations)`);

type Grid = {
  m: number;
  p: number;
  beta: number;
  prf: boolean;
  probPower: number;
  prfWeight?: number;
  prfFused?: boolean;
  prior: number;
  priorPower: number;
  jb: number;
  jbM: number;
  jbP: number;
  jbOptional: number;
  priorInPrf: boolean;
  /** Share of the neighbour similarity taken from the ad's skills (mean cosine of query and listed skills). */
  profile: number;
  /** Feedback skills of PRF. */
  prfK: number;
};
const spec = JSON.parse(values.grid ?? '{}') as Partial<Record<keyof Grid, (number | boolean)[]>>;
const grid: Grid[] = [];
for (const prf of (spec.prf ?? [false, true]) as boolean[])
  for (const m of (spec.m ?? [10, 25, 50, 100]) as number[])
    for (const p of (spec.p ?? [1, 4, 16]) as number[])
      for (const beta of (spec.beta ?? [0, 0.1, 0.2, 0.4, 0.8]) as number[])
        for (const probPower of (spec.probPower ?? [1]) as number[])
          for (const prfWeight of (spec.prfWeight ?? [1]) as number[])
            for (const prfFused of (spec.prfFused ?? [false]) as boolean[])
              for (const prior of (spec.prior ?? [0]) as number[])
                for (const priorPower of (spec.priorPower ?? [1]) as number[])
                  for (const jb of (spec.jb ?? [0]) as number[])
                    for (const jbM of (spec.jbM ?? [50]) as number[])
                      for (const jbP of (spec.jbP ?? [16]) as number[])
                        for (const jbOptional of (spec.jbOptional ?? [0.5]) as number[])
                          for (const priorInPrf of (spec.priorInPrf ?? [true]) as boolean[])
                            for (const profile of (spec.profile ?? [0]) as number[])
                              for (const prfK of (spec.prfK ?? [10]) as number[])
                                grid.push({ m, p, beta, prf, probPower, prfWeight, prfFused, prior, priorPower, jb, jbM, jbP, jbOptional, priorInPrf, profile, prfK });

if (values.dirs === undefined) throw new Error('give --dirs TASKB_DIR…');
for (const dir of values.dirs) {
  const { data, corpus, qrels, index, memSkills, listedBy } = await openScreeningDir(dir, encoder, split.train);
  const jbSkills = jbPairs.map((p) =>
    (occupationSkills.get(p.occupationUri) ?? []).flatMap((r) => index.skillsWithUri(r.uri).map((i) => [i, r.essential] as const)),
  );
  const queries = data.queries.filter((q) => qrels.has(q.qId));
  const qVectors = await encoder.encode(queries.map((q) => normalizeJobTitle(q.jobTitle)));
  const base = queries.map((_, i) => ({ exact: index.scoreAll(qVectors[i]!) }));
  const prfCache = new Map<string, Float32Array>();
  const centroidQuery = (q: Float32Array, top: number[], weight: number): Float32Array => {
    const out = Float32Array.from(q);
    const c = new Float64Array(d);
    for (const s of top) {
      const v = index.skillVector(s);
      for (let j = 0; j < d; j++) c[j]! += v[j]!;
    }
    let n = 0;
    for (let j = 0; j < d; j++) (out[j] = q[j]! + (weight * c[j]!) / top.length), (n += out[j]! * out[j]!);
    n = Math.sqrt(n);
    for (let j = 0; j < d; j++) out[j] = out[j]! / n;
    return out;
  };
  const sims = qVectors.map((q) => {
    const out = rowDots(V, q, d);
    const order = Array.from(out.keys()).sort((a, b) => out[b]! - out[a]!);
    const jbOut = rowDots(JB, q, d);
    const jbOrder = Array.from(jbOut.keys()).sort((a, b) => jbOut[b]! - jbOut[a]!).slice(0, 200);
    return { out, order, jbOut, jbOrder };
  });
  const results: { g: Grid; map: number; ndcg: number }[] = [];
  for (const g of grid) {
    const run: Run = new Map();
    queries.forEach((q, i) => {
      const nbr = new Float64Array(corpus.skills.length);
      let wsum = 0;
      let sim: ArrayLike<number> = sims[i]!.out;
      let order = sims[i]!.order;
      if (g.profile > 0) {
        const exact = base[i]!.exact;
        const mixed = new Float32Array(memSkills.length);
        memSkills.forEach((list, r) => {
          let num = 0;
          let den = 0;
          for (const [s, prob] of list) (num += prob * exact[s]!), (den += prob);
          mixed[r] = (1 - g.profile) * sims[i]!.out[r]! + g.profile * (den > 0 ? num / den : 0);
        });
        sim = mixed;
        order = Array.from(mixed.keys()).sort((a, b) => mixed[b]! - mixed[a]!);
      }
      for (const r of order.slice(0, g.m)) {
        const w = Math.max(sim[r]!, 0) ** g.p;
        wsum += w;
        for (const [s, prob] of memSkills[r]!) nbr[s]! += w * prob ** g.probPower;
      }
      // The evidence added to the cosine: TechWolf neighbours (β-weighted mean), the prior and the JobBERT memory.
      const ev = new Float64Array(corpus.skills.length);
      if (wsum > 0) for (let k = 0; k < ev.length; k++) ev[k] = (g.beta * nbr[k]!) / wsum;
      const priorTerm = new Float64Array(corpus.skills.length);
      if (g.prior > 0) for (let k = 0; k < ev.length; k++) priorTerm[k] = g.prior * listedBy[k]! ** g.priorPower;
      if (g.jb > 0) {
        let jbSum = 0;
        const jbScores = new Float64Array(corpus.skills.length);
        for (const r of sims[i]!.jbOrder.slice(0, g.jbM)) {
          const w = Math.max(sims[i]!.jbOut[r]!, 0) ** g.jbP;
          jbSum += w;
          for (const [s, essential] of jbSkills[r]!) jbScores[s]! += w * (essential ? 1 : g.jbOptional);
        }
        if (jbSum > 0) for (let k = 0; k < ev.length; k++) ev[k]! += (g.jb * jbScores[k]!) / jbSum;
      }
      let cos = base[i]!.exact;
      if (g.prf) {
        const key = `${i}:${g.prfWeight}:${g.prfFused ? `${g.m}:${g.p}:${g.beta}:${g.prior}:${g.priorPower}:${g.jb}:${g.jbM}:${g.jbP}:${g.jbOptional}:${g.priorInPrf}:${g.profile}` : ''}:${g.prfK}`;
        let c = prfCache.get(key);
        if (c === undefined) {
          const fused = Array.from(base[i]!.exact, (x, k) => x + (g.prfFused ? ev[k]! + (g.priorInPrf ? priorTerm[k]! : 0) : 0));
          const top = Array.from(fused.keys()).sort((a, b) => fused[b]! - fused[a]!).slice(0, g.prfK);
          c = index.scoreAll(centroidQuery(qVectors[i]!, top, g.prfWeight ?? 1));
          prfCache.set(key, c);
        }
        cos = c;
      }
      run.set(
        q.qId,
        corpus.skills.map((s, k) => ({ docId: s.docId, score: cos[k]! + ev[k]! + priorTerm[k]! })),
      );
    });
    const m = evaluateRun(qrels, run, { metrics: ['map', 'ndcg@10'] });
    results.push({ g, map: m.map!, ndcg: m['ndcg@10']! });
    console.log(`${data.name}\t${JSON.stringify(g)}\tMAP ${m.map!.toFixed(4)}\tnDCG@10 ${(m['ndcg@10']!).toFixed(4)}`);
  }
  results.sort((a, b) => b.map - a.map);
  console.log('best', JSON.stringify(results.slice(0, 5)));
}
await encoder.dispose();
