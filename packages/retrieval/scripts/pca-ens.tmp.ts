import { join } from 'node:path';
import { createRequire } from 'node:module';
import { loadEsco, loadJobIdToTerms, loadTaskBDir } from '@jobskill/data';
import { buildEscoPairs } from '../../models/src/static-encoder/esco-pairs.ts';
import { createEncoder } from '../src/encoder/transformers-encoder.ts';
import { normalizeJobTitle } from '../src/retriever/title-normalizer.ts';
const { Matrix, EigenvalueDecomposition } = createRequire('/tmp/mlm/')('ml-matrix');

const dataDir = process.env.JOBSKILL_DATA_DIR!;
const esco = await loadEsco(join(dataDir, 'esco_v1.1.1'));
const titles = await loadJobIdToTerms(join(dataDir, 'talentclef2025_taskB/training/jobid2terms.json'));
const devB = buildEscoPairs(esco, titles, { devFraction: 0.1, seed: 42 }).dev!;
const tb = await loadTaskBDir(join(dataDir, 'talentclef2025_taskB/validation'));
const rel = new Map<string, Set<string>>();
for (const q of tb.qrels!) if (q.grade > 0) { if (!rel.has(q.qId)) rel.set(q.qId, new Set()); rel.get(q.qId)!.add(q.docId); }
const sets = {
  dev: { queries: devB.queries.map((q) => ({ text: q.text, rel: devB.relevant.get(q.occupationUri)! })), corpus: devB.corpus.map((c) => ({ id: c.uri, aliases: c.aliases })) },
  val: { queries: tb.queries.map((q) => ({ text: normalizeJobTitle(q.jobTitle), rel: rel.get(q.qId)! })), corpus: tb.corpus.map((c) => ({ id: c.cId, aliases: c.aliases })) },
};
const dirs = process.argv.slice(2);
const encs = await Promise.all(dirs.map((d) => createEncoder({ model: d, batchSize: 512 })));
const D = encs.reduce((a, e) => a + e.dimensions, 0);
async function enc(texts: string[]): Promise<Float32Array[]> {
  const parts = await Promise.all(encs.map((e) => e.encode(texts.map((t) => (t.trim() === '' ? '[UNK]' : t)))));
  return texts.map((_, i) => { const v = new Float32Array(D); let o = 0; for (const p of parts) { v.set(p[i]!.map((x) => x / Math.sqrt(encs.length)), o); o += p[i]!.length; } return v; });
}
const norm = (v: Float32Array) => { const n = Math.hypot(...v) || 1; return v.map((x) => x / n); };
async function skillVecs(corpus: { aliases: string[] }[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const c of corpus) { const vs = await enc(c.aliases.filter((a) => a.trim() !== '')); const m = new Float32Array(D); for (const v of vs) for (let k = 0; k < D; k++) m[k]! += v[k]!; out.push(norm(m)); }
  return out;
}
// PCA basis (uncentered) from ESCO skills' mean vectors + occupation titles.
const fitTexts: Float32Array[] = [];
const escoSkills = esco.skills.filter((_, i) => i % 2 === 0).map((s) => ({ aliases: [s.preferredLabel, ...s.altLabels] }));
fitTexts.push(...(await skillVecs(escoSkills)));
fitTexts.push(...(await enc(esco.occupations.flatMap((o) => [o.preferredLabel, ...o.altLabels]).filter((_, i) => i % 3 === 0))));
const C = new Matrix(D, D);
for (const v of fitTexts) for (let a = 0; a < D; a++) { const va = v[a]!; if (va === 0) continue; const row = C.data ? null : null; for (let b = a; b < D; b++) C.set(a, b, C.get(a, b) + va * v[b]!); }
for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) C.set(a, b, C.get(b, a));
const evd = new EigenvalueDecomposition(C, { assumeSymmetric: true });
const vals: number[] = evd.realEigenvalues; const vecs = evd.eigenvectorMatrix;
const order = vals.map((_, i) => i).sort((a, b) => vals[b]! - vals[a]!);
const total = vals.reduce((a, b) => a + b, 0);
function projector(k: number) { const P = order.slice(0, k).map((i) => Float64Array.from({ length: D }, (_, r) => vecs.get(r, i))); console.log(`  k=${k} energy ${(order.slice(0, k).reduce((a, i) => a + vals[i]!, 0) / total).toFixed(3)}`); return (v: Float32Array) => norm(Float32Array.from(P, (p) => p.reduce((s, x, r) => s + x * v[r]!, 0))); }
const dot = (a: Float32Array, b: Float32Array) => { let s = 0; for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!; return s; };
async function evalSet(name: 'dev' | 'val', proj: ((v: Float32Array) => Float32Array) | null) {
  const set = sets[name];
  let sk = await skillVecs(set.corpus); if (proj) sk = sk.map(proj);
  let qv = await enc(set.queries.map((q) => q.text)); if (proj) qv = qv.map(proj);
  let m0 = 0, m1 = 0;
  set.queries.forEach((q, qi) => {
    for (const prf of [false, true]) {
      let v = qv[qi]!; let s = sk.map((x) => dot(x, v));
      if (prf) { const top = s.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 10); const c = new Float32Array(v.length); for (const [, i] of top) for (let k = 0; k < c.length; k++) c[k]! += sk[i]![k]! / 10; v = norm(v.map((x, k) => x + c[k]!)); s = sk.map((x) => dot(x, v)); }
      const ord = s.map((_, i) => i).sort((a, b) => s[b]! - s[a]! || a - b); let h = 0, sum = 0; ord.forEach((i, r) => { if (q.rel.has(set.corpus[i]!.id)) { h++; sum += h / (r + 1); } });
      if (prf) m1 += sum / q.rel.size; else m0 += sum / q.rel.size;
    }
  });
  return `${name} ${(m0 / set.queries.length).toFixed(4)} +prf ${(m1 / set.queries.length).toFixed(4)}`;
}
console.log(`${dirs.map((d) => d.split('/').pop()).join('+')} (${D} dims): full ${await evalSet('dev', null)} | ${await evalSet('val', null)}`);
for (const k of [256, 384]) { if (k >= D) continue; const p = projector(k); console.log(`  pca ${k}: ${await evalSet('dev', p)} | ${await evalSet('val', p)}`); }
