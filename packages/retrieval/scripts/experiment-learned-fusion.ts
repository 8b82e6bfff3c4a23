/**
 * Screening of a learned fusion over the default pipeline's own evidence (exact search): the candidates of the
 * served fusion (cosine after PRF + neighbour evidence + prior) re-scored by a small listwise model over cheap
 * features the served path already has (cosines, neighbour evidence, its hit share and best neighbour similarity,
 * the prior, ESCO popularity, type and reuse level). Measured by k-fold cross-validation over the TechWolf dev
 * queries (the encoder has seen every TechWolf training title, so training queries' cosines would not behave as a
 * new title's). Other directories (validation) get the model fitted on all dev queries: final check only.
 * Usage: node --conditions=@jobskill/source --import tsx scripts/experiment-learned-fusion.ts --encoder DIR
 *   --dev TECHWOLF_DEV_DIR [--check TASKB_DIR…] [--grid '{"hidden":[0,8],"l2":[1e-3],"candidates":[200]}']
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dataDirPath, loadEscoRelations, loadEscoSkills, loadTechWolfSplit, createRng, shuffleInPlace } from '@jobskill/data';
import { evaluateRun, type qrelsFromRecords, type Run } from '@jobskill/eval';
import { createEncoder } from '@jobskill/encoders';
import { normalizeJobTitle } from '../src/index.ts';
import { openScreeningDir, rowDots, unitRows } from './screening-setup.ts';
import { scoreRows, trainListwise, type LtrList } from '../src/rerank/ltr-model.ts';

const { values } = parseArgs({
  options: { encoder: { type: 'string' }, dev: { type: 'string' }, check: { type: 'string', multiple: true }, grid: { type: 'string' }, features: { type: 'string' } },
});
const dataDir = dataDirPath(undefined);
const encoder = await createEncoder({ model: resolve(values.encoder!), batchSize: 512 });
const esco = await loadEscoSkills(join(dataDir, 'esco_v1.1.1', 'skills_en.csv'));
const escoByUri = new Map(esco.map((s) => [s.uri, s]));
const relations = await loadEscoRelations(join(dataDir, 'esco_v1.1.1', 'occupationSkillRelations.csv'));
const popEss = new Map<string, number>();
const popOpt = new Map<string, number>();
for (const r of relations) {
  const m = r.relationType === 'essential' ? popEss : popOpt;
  m.set(r.skillUri, (m.get(r.skillUri) ?? 0) + 1);
}
const split = (await loadTechWolfSplit(dataDir, esco))!;
const memVectors = await encoder.encode(split.train.map((v) => normalizeJobTitle(v.title)));
const d = memVectors[0]!.length;
const V = unitRows(memVectors, d);

const FEATURES = [
  'cos_prf',
  'cos_raw',
  'evidence',
  'prior',
  'hit_share',
  'best_nbr_sim',
  'query_top_sim',
  'fused_gap',
  'log_rank',
  'pop_ess',
  'pop_opt',
  'type_knowledge',
  'type_skill',
  'reuse_transversal',
  'reuse_cross',
  'reuse_sector',
  'reuse_occupation',
  'evidence_x_top',
] as const;
const use = values.features ? new Set(values.features.split(',')) : new Set<string>(FEATURES);
const active = FEATURES.map((f, i) => [f, i] as const).filter(([f]) => use.has(f));
const F = active.length;

interface Prepared {
  qId: string;
  docIds: string[]; // candidates first (fused order), then the rest in fused order
  features: Float32Array; // candidates × F (raw)
  relevance: Float32Array;
  fused: Float64Array; // fused score of docIds order
  candidates: number;
}

async function prepare(dir: string, candidates: number): Promise<{ name: string; queries: Prepared[]; qrels: ReturnType<typeof qrelsFromRecords> }> {
  const { data, corpus, qrels, index, memSkills, listedBy } = await openScreeningDir(dir, encoder, split.train);
  const n = corpus.skills.length;
  const statics = corpus.skills.map((s) => {
    const e = escoByUri.get(s.escoUri);
    const reuse = e?.reuseLevel ?? '';
    return [
      Math.log1p(popEss.get(s.escoUri) ?? 0),
      Math.log1p(popOpt.get(s.escoUri) ?? 0),
      e?.skillType === 'knowledge' ? 1 : 0,
      e?.skillType === 'skill/competence' ? 1 : 0,
      reuse === 'transversal' ? 1 : 0,
      reuse === 'cross-sector' ? 1 : 0,
      reuse === 'sector-specific' ? 1 : 0,
      reuse === 'occupation-specific' ? 1 : 0,
    ];
  });
  const queries = data.queries.filter((q) => qrels.has(q.qId));
  const qVectors = await encoder.encode(queries.map((q) => normalizeJobTitle(q.jobTitle)));
  const out: Prepared[] = [];
  queries.forEach((q, i) => {
    const sims = rowDots(V, unitRows([qVectors[i]!], d), d);
    const order = Array.from(sims.keys()).sort((a, b) => sims[b]! - sims[a]!).slice(0, 50);
    const nbr = new Float64Array(n);
    const hits = new Float64Array(n);
    const best = new Float64Array(n);
    let wsum = 0;
    for (const r of order) {
      const w = Math.max(sims[r]!, 0) ** 16;
      wsum += w;
      for (const [s, prob] of memSkills[r]!) {
        nbr[s]! += w * prob;
        hits[s]! += w;
        if (sims[r]! > best[s]!) best[s] = sims[r]!;
      }
    }
    if (wsum > 0) for (let k = 0; k < n; k++) (nbr[k] = nbr[k]! / wsum), (hits[k] = hits[k]! / wsum);
    const prior = Float64Array.from(listedBy, (x) => 0.5 * x ** 0.25);
    const raw = index.scoreAll(qVectors[i]!);
    const preFused = Array.from(raw, (x, k) => x + nbr[k]!);
    const top = Array.from(preFused.keys()).sort((a, b) => preFused[b]! - preFused[a]!).slice(0, 10);
    const c = new Float64Array(d);
    for (const s of top) {
      const v = index.skillVector(s);
      for (let j = 0; j < d; j++) c[j]! += v[j]!;
    }
    const prfQ = new Float32Array(d);
    let norm = 0;
    for (let j = 0; j < d; j++) (prfQ[j] = qVectors[i]![j]! + c[j]! / top.length), (norm += prfQ[j]! * prfQ[j]!);
    for (let j = 0; j < d; j++) prfQ[j] = prfQ[j]! / Math.sqrt(norm);
    const cos = index.scoreAll(prfQ);
    const fused = Array.from(cos, (x, k) => x + nbr[k]! + prior[k]!);
    const ranked = Array.from(fused.keys()).sort((a, b) => fused[b]! - fused[a]! || a - b);
    const relevant = qrels.get(q.qId)!;
    const m = Math.min(candidates, n);
    const features = new Float32Array(m * F);
    const relevance = new Float32Array(m);
    const topSim = sims[order[0]!]!;
    for (let r = 0; r < m; r++) {
      const k = ranked[r]!;
      const all = [cos[k]!, raw[k]!, nbr[k]!, prior[k]!, hits[k]!, best[k]!, topSim, fused[k]! - fused[ranked[0]!]!, Math.log1p(r), ...statics[k]!, nbr[k]! * topSim];
      active.forEach(([, fi], j) => (features[r * F + j] = all[fi]!));
      relevance[r] = (relevant.get(corpus.skills[k]!.docId) ?? 0) > 0 ? 1 : 0;
    }
    out.push({ qId: q.qId, docIds: ranked.map((k) => corpus.skills[k]!.docId), features, relevance, fused: Float64Array.from(ranked, (k) => fused[k]!), candidates: m });
  });
  return { name: data.name, queries: out, qrels };
}

interface Fitted {
  mean: Float64Array;
  std: Float64Array;
  params: Float64Array;
  hidden: number;
}
function fit(train: Prepared[], hidden: number, l2: number, epochs: number, seed: number): Fitted {
  const mean = new Float64Array(F);
  const std = new Float64Array(F);
  let rows = 0;
  for (const q of train) for (let r = 0; r < q.candidates; r++, rows++) for (let f = 0; f < F; f++) mean[f]! += q.features[r * F + f]!;
  for (let f = 0; f < F; f++) mean[f] = mean[f]! / rows;
  for (const q of train) for (let r = 0; r < q.candidates; r++) for (let f = 0; f < F; f++) std[f]! += (q.features[r * F + f]! - mean[f]!) ** 2;
  for (let f = 0; f < F; f++) std[f] = Math.sqrt(std[f]! / rows) || 1;
  const lists: LtrList[] = train.map((q) => ({ features: normalize(q.features, mean, std), relevance: q.relevance }));
  if (loss === 'pairwise') return { mean, std, params: trainPairwise(lists, l2, epochs), hidden: 0 };
  const { params } = trainListwise(lists, F, { hidden, epochs, learningRate: 0.03, l2, seed });
  return { mean, std, params, hidden };
}
/** Linear model, RankNet loss over every (relevant, not relevant) pair of a list, mean per list; full-batch Adam. */
function trainPairwise(lists: LtrList[], l2: number, epochs: number): Float64Array {
  const w = new Float64Array(F);
  const m = new Float64Array(F);
  const v = new Float64Array(F);
  const g = new Float64Array(F);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    g.fill(0);
    for (const list of lists) {
      const n = list.relevance.length;
      const s = new Float64Array(n);
      for (let r = 0; r < n; r++) for (let f = 0; f < F; f++) s[r]! += w[f]! * list.features[r * F + f]!;
      const pos: number[] = [];
      const neg: number[] = [];
      for (let r = 0; r < n; r++) (list.relevance[r]! > 0 ? pos : neg).push(r);
      if (pos.length === 0 || neg.length === 0) continue;
      const coef = new Float64Array(n);
      const scale = 1 / (pos.length * neg.length * lists.length);
      // LambdaRank: each pair weighted by the |ΔnDCG| of swapping the two (current ranks), top-heavy like MAP.
      const rank = new Float64Array(n);
      Array.from(s.keys()).sort((a, b) => s[b]! - s[a]!).forEach((r, i) => (rank[r] = i));
      let idcg = 0;
      for (let i = 0; i < pos.length; i++) idcg += 1 / Math.log2(2 + i);
      for (const a of pos)
        for (const b of neg) {
          const delta = lambda ? Math.abs(1 / Math.log2(2 + rank[a]!) - 1 / Math.log2(2 + rank[b]!)) / idcg : 1;
          const p = (delta / (1 + Math.exp(s[a]! - s[b]!))) * (lambda ? pos.length : 1); // −∂/∂(sa−sb) of log(1+exp(−(sa−sb)))
          coef[a]! -= p * scale;
          coef[b]! += p * scale;
        }
      for (let r = 0; r < n; r++) if (coef[r] !== 0) for (let f = 0; f < F; f++) g[f]! += coef[r]! * list.features[r * F + f]!;
    }
    for (let f = 0; f < F; f++) {
      g[f]! += l2 * w[f]!;
      m[f] = 0.9 * m[f]! + 0.1 * g[f]!;
      v[f] = 0.999 * v[f]! + 0.001 * g[f]! * g[f]!;
      w[f] = w[f]! - (0.05 * m[f]! / (1 - 0.9 ** epoch)) / (Math.sqrt(v[f]! / (1 - 0.999 ** epoch)) + 1e-8);
    }
  }
  return w;
}
function normalize(features: Float32Array, mean: Float64Array, std: Float64Array): Float32Array {
  return features.map((x, i) => (x - mean[i % F]!) / std[i % F]!);
}
function rerankRun(queries: Prepared[], model: Fitted | null, blend: number): Run {
  const run: Run = new Map();
  for (const q of queries) {
    const hits = q.docIds.map((docId, r) => ({ docId, score: -r }));
    if (model) {
      const s = scoreRows({ inputs: F, hidden: model.hidden }, model.params, normalize(q.features, model.mean, model.std), q.candidates);
      // Candidates above the rest: offset keeps them in front; blend mixes with the served fused score.
      for (let r = 0; r < q.candidates; r++) hits[r]!.score = 1e6 + s[r]! + blend * q.fused[r]!;
    }
    run.set(q.qId, hits);
  }
  return run;
}
const metrics = (qrels: ReturnType<typeof qrelsFromRecords>, run: Run) => evaluateRun(qrels, run, { metrics: ['map', 'ndcg@10'] });

const spec = JSON.parse(values.grid ?? '{}') as { loss?: string; hidden?: number[]; l2?: number[]; candidates?: number[]; epochs?: number[]; folds?: number };
const folds = spec.folds ?? 5;
const loss = spec.loss ?? 'listwise';
const lambda = (spec as { lambda?: boolean }).lambda ?? false;
for (const candidates of spec.candidates ?? [200]) {
  const dev = await prepare(values.dev!, candidates);
  const base = metrics(dev.qrels, rerankRun(dev.queries, null, 0));
  console.log(`dev ${dev.name} candidates ${candidates} features ${active.map(([f]) => f).join(',')}`);
  console.log(`  served fusion: MAP ${base.map!.toFixed(4)} nDCG@10 ${base['ndcg@10']!.toFixed(4)}`);
  const order = dev.queries.map((_, i) => i);
  shuffleInPlace(order, createRng(7));
  const checks = await Promise.all((values.check ?? []).map((dir) => prepare(dir, candidates)));
  for (const hidden of spec.hidden ?? [0, 8])
    for (const l2 of spec.l2 ?? [1e-3])
      for (const epochs of spec.epochs ?? [200]) {
        const run: Run = new Map();
        for (let f = 0; f < folds; f++) {
          const test = order.filter((_, j) => j % folds === f).map((i) => dev.queries[i]!);
          const train = order.filter((_, j) => j % folds !== f).map((i) => dev.queries[i]!);
          const model = fit(train, hidden, l2, epochs, 11 + f);
          for (const [k, v] of rerankRun(test, model, 0)) run.set(k, v);
        }
        const m = metrics(dev.qrels, run);
        let line = `  hidden ${hidden} l2 ${l2} epochs ${epochs}: CV MAP ${m.map!.toFixed(4)} nDCG@10 ${m['ndcg@10']!.toFixed(4)}`;
        if (checks.length > 0) {
          const model = fit(dev.queries, hidden, l2, epochs, 11);
          for (const c of checks) {
            const b = metrics(c.qrels, rerankRun(c.queries, null, 0));
            const r = metrics(c.qrels, rerankRun(c.queries, model, 0));
            line += ` | ${c.name}: served ${b.map!.toFixed(4)} → ${r.map!.toFixed(4)}`;
          }
          if (hidden === 0) line += ` | weights ${active.map(([f], j) => `${f} ${(model.params[j]! / model.std[j]!).toFixed(3)}`).join(', ')}`;
        }
        console.log(line);
      }
}
await encoder.dispose();
