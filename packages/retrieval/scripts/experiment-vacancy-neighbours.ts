/**
 * Screening of vacancy-neighbour evidence (src/neighbours/vacancy-neighbours.ts) with exact search: a title's skills
 * from the skills of the nearest *training* vacancies (TechWolf train split), added to the encoder's cosine; PRF from
 * cosine alone or from cosine + evidence (`prfFused`). Choices are made on the TechWolf dev set; other directories
 * (validation) are for the final check of the chosen setting only. Figures: the package README.
 * Usage: node --conditions=@jobskill/source --import tsx scripts/experiment-vacancy-neighbours.ts --encoder DIR
 *   --dirs TASKB_DIR… [--grid '{"m":[50],"p":[16],"beta":[1],"prf":[true],"prfWeight":[1],"prfFused":[true]}']
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dataDirPath, loadEscoSkills, loadTaskBDir, loadTechWolfSplit } from '@jobskill/data';
import { evaluateRun, qrelsFromRecords, type Run } from '@jobskill/eval';
import { createEncoder } from '@jobskill/encoders';
import { SkillIndex, corpusFromTaskB, normalizeJobTitle } from '../src/index.ts';

const { values } = parseArgs({ options: { encoder: { type: 'string' }, dirs: { type: 'string', multiple: true }, grid: { type: 'string' } } });
const dataDir = dataDirPath(undefined);
const encoder = await createEncoder({ model: resolve(values.encoder!), batchSize: 512 });
const skills = await loadEscoSkills(join(dataDir, 'esco_v1.1.1', 'skills_en.csv'));
const split = (await loadTechWolfSplit(dataDir, skills))!;
const memTitles = split.train.map((v) => normalizeJobTitle(v.title));
const memVectors = await encoder.encode(memTitles);
const d = memVectors[0]!.length;
const V = new Float32Array(memVectors.length * d);
memVectors.forEach((v, i) => {
  let n = 0;
  for (let j = 0; j < d; j++) n += v[j]! * v[j]!;
  n = Math.sqrt(n) || 1;
  for (let j = 0; j < d; j++) V[i * d + j] = v[j]! / n;
});

type Grid = { m: number; p: number; beta: number; prf: boolean; probPower: number; prfWeight?: number; prfFused?: boolean };
const spec = JSON.parse(values.grid ?? '{}') as Partial<Record<keyof Grid, (number | boolean)[]>>;
const grid: Grid[] = [];
for (const prf of (spec.prf ?? [false, true]) as boolean[])
  for (const m of (spec.m ?? [10, 25, 50, 100]) as number[])
    for (const p of (spec.p ?? [1, 4, 16]) as number[])
      for (const beta of (spec.beta ?? [0, 0.1, 0.2, 0.4, 0.8]) as number[])
        for (const probPower of (spec.probPower ?? [1]) as number[])
          for (const prfWeight of (spec.prfWeight ?? [1]) as number[])
            for (const prfFused of (spec.prfFused ?? [false]) as boolean[]) grid.push({ m, p, beta, prf, probPower, prfWeight, prfFused });

if (values.dirs === undefined) throw new Error('give --dirs TASKB_DIR…');
for (const dir of values.dirs) {
  const data = await loadTaskBDir(resolve(dir));
  const corpus = corpusFromTaskB(data.corpus, data.name);
  const qrels = qrelsFromRecords(data.qrels!);
  const index = await SkillIndex.build(corpus, encoder, {});
  const uriToSkill = new Map<string, number[]>();
  corpus.skills.forEach((s, i) => {
    const list = uriToSkill.get(s.escoUri) ?? [];
    list.push(i);
    uriToSkill.set(s.escoUri, list);
  });
  const memSkills = split.train.map((v) => v.skills.flatMap((s) => (uriToSkill.get(s.uri) ?? []).map((i) => [i, s.probability] as const)));
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
    const out = new Float32Array(memVectors.length);
    for (let r = 0; r < memVectors.length; r++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += V[r * d + j]! * q[j]!;
      out[r] = s;
    }
    const order = Array.from(out.keys()).sort((a, b) => out[b]! - out[a]!);
    return { out, order };
  });
  const results: { g: Grid; map: number; ndcg: number }[] = [];
  for (const g of grid) {
    
    const run: Run = new Map();
    queries.forEach((q, i) => {
      const nbr = new Float64Array(corpus.skills.length);
      let wsum = 0;
      for (const r of sims[i]!.order.slice(0, g.m)) {
        const w = Math.max(sims[i]!.out[r]!, 0) ** g.p;
        wsum += w;
        for (const [s, prob] of memSkills[r]!) nbr[s]! += w * prob ** g.probPower;
      }
      let cos = base[i]!.exact;
      if (g.prf) {
        const key = `${i}:${g.prfWeight}:${g.prfFused ? `${g.m}:${g.p}:${g.beta}` : ''}`;
        let c = prfCache.get(key);
        if (c === undefined) {
          const fused = Array.from(base[i]!.exact, (x, k) => x + (g.prfFused && wsum > 0 ? (g.beta * nbr[k]!) / wsum : 0));
          const top = Array.from(fused.keys()).sort((a, b) => fused[b]! - fused[a]!).slice(0, 10);
          c = index.scoreAll(centroidQuery(qVectors[i]!, top, g.prfWeight ?? 1));
          prfCache.set(key, c);
        }
        cos = c;
      }
      run.set(
        q.qId,
        corpus.skills.map((s, k) => ({ docId: s.docId, score: cos[k]! + (wsum > 0 ? (g.beta * nbr[k]!) / wsum : 0) })),
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
