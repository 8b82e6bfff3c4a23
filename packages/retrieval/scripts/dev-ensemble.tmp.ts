// Dev-set (held-out ESCO occupations) comparison of encoder folders and their ensembles; plain and perturbed queries.
import { join } from 'node:path';
import { loadEsco, loadJobIdToTerms } from '@jobskill/data';
import { buildEscoPairs } from '../../models/src/static-encoder/esco-pairs.ts';
import { perturbTitle } from '../../models/src/static-encoder/title-augment.ts';
import { Prng } from '../../models/src/static-encoder/prng.ts';
import { createEncoder } from '../src/encoder/transformers-encoder.ts';
import { normalizeJobTitle } from '../src/retriever/title-normalizer.ts';

const dataDir = process.env.JOBSKILL_DATA_DIR!;
const esco = await loadEsco(join(dataDir, 'esco_v1.1.1'));
const titles = await loadJobIdToTerms(join(dataDir, 'talentclef2025_taskB/training/jobid2terms.json'));
const devB = buildEscoPairs(esco, titles, { devFraction: 0.1, seed: 42 }).dev!;
import { loadTaskBDir } from '@jobskill/data';
const useVal = process.env.VAL === '1';
let dev = devB;
if (useVal) {
  const tb = await loadTaskBDir(join(dataDir, 'talentclef2025_taskB/validation'));
  const rel = new Map<string, Set<string>>();
  for (const q of tb.qrels!) if (q.grade > 0) { if (!rel.has(q.qId)) rel.set(q.qId, new Set()); rel.get(q.qId)!.add(q.docId); }
  dev = { queries: tb.queries.map((q) => ({ text: normalizeJobTitle(q.jobTitle), occupationUri: q.qId })), relevant: rel, corpus: tb.corpus.map((c) => ({ uri: c.cId, esco: c.escoUri, aliases: c.aliases })) } as any;
}
const prng = new Prng(777);
const queries = dev.queries.map((q) => ({ text: q.text, rel: dev.relevant.get(q.occupationUri)! }));
const perturbed = queries.map((q) => ({ text: perturbTitle(q.text, prng), rel: q.rel }));
const ids = dev.corpus.map((c) => c.uri);
const DESC_W = Number(process.env.DESC_W ?? 0);
const descByUri = new Map(esco.skills.map((s) => [s.uri, s.description]));
const dirs = process.argv.slice(2);

function ap(order: number[], rel: Set<string>): number {
  let hits = 0, sum = 0;
  order.forEach((i, r) => { if (rel.has(ids[i]!)) { hits++; sum += hits / (r + 1); } });
  return sum / rel.size;
}
type Rep = { skill: Float32Array[]; enc: (t: string[]) => Promise<Float32Array[]> };
const reps: Rep[] = [];
for (const d of dirs) {
  const e = await createEncoder({ model: d, batchSize: 512 });
  const skill: Float32Array[] = [];
  for (const c of dev.corpus) {
    const vs = await e.encode(c.aliases.filter((a) => a.trim() !== ''));
    const m = new Float32Array(e.dimensions);
    for (const v of vs) for (let k = 0; k < m.length; k++) m[k]! += v[k]!;
    const desc = DESC_W > 0 ? descByUri.get((c as any).esco ?? c.uri) : undefined;
    if (desc) { const n0 = Math.hypot(...m) || 1; const [dv] = await e.encode([desc]); for (let k = 0; k < m.length; k++) m[k] = m[k]! / n0 + DESC_W * dv![k]!; }
    const n = Math.hypot(...m) || 1;
    skill.push(m.map((x) => x / n));
  }
  reps.push({ skill, enc: (t) => e.encode(t) });
}
const dot = (a: Float32Array, b: Float32Array) => { let s = 0; for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!; return s; };
async function scores(rep: Rep, text: string, prf: boolean): Promise<number[]> {
  let [q] = await rep.enc([text]);
  let s = rep.skill.map((v) => dot(v, q!));
  if (prf) {
    const top = s.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 10);
    const c = new Float32Array(q!.length);
    for (const [, i] of top) for (let k = 0; k < c.length; k++) c[k]! += rep.skill[i]![k]! / 10;
    const e = q!.map((x, k) => x + c[k]!);
    const n = Math.hypot(...e);
    q = e.map((x) => x / n);
    s = rep.skill.map((v) => dot(v, q!));
  }
  return s;
}
async function map(which: number[], qs: typeof queries, prf: boolean, norm: boolean): Promise<number> {
  let sum = 0;
  for (const q of qs) {
    const text = norm ? normalizeJobTitle(q.text) : q.text;
    const parts = await Promise.all(which.map((w) => scores(reps[w]!, text, prf)));
    const s = parts[0]!.map((_, i) => parts.reduce((a, p) => a + p[i]!, 0));
    const order = s.map((_, i) => i).sort((a, b) => s[b]! - s[a]! || a - b);
    sum += ap(order, q.rel);
  }
  return sum / qs.length;
}
const combos: number[][] = dirs.map((_, i) => [i]);
if (dirs.length > 1) combos.push(dirs.map((_, i) => i));
if (dirs.length > 2) for (let i = 0; i < dirs.length; i++) for (let j = i + 1; j < dirs.length; j++) if (j - i < dirs.length - 1) combos.push([i, j]);
for (const c of combos) {
  const name = c.map((i) => dirs[i]!.split('/').pop()).join('+');
  console.log(`${name.padEnd(40)} dev ${(await map(c, queries, false, false)).toFixed(4)} dev+prf ${(await map(c, queries, true, false)).toFixed(4)} | perturbed ${(await map(c, perturbed, false, false)).toFixed(4)} +norm ${(await map(c, perturbed, false, true)).toFixed(4)} +norm+prf ${(await map(c, perturbed, true, true)).toFixed(4)}`);
}
