/**
 * Orientation only (never tune on it): validation MAP of the lexical and graph systems, and of the
 * embedded re-ranker when an encoder is available. Usage: tsx scripts/measure-validation.ts [taskBDir] [--encoder DIR] [--model DIR]
 */
import { resolve } from 'node:path';
import { dataDirPath, loadTaskBDir } from '@jobskill/data';
import { Bm25Index } from '../src/lexical/bm25.ts';
import { loadEscoGraph } from '../src/graph/esco-graph.ts';
import { TokenOccupationMatcher, graphEvidence, graphScore } from '../src/graph/evidence.ts';
import { averagePrecision } from '@jobskill/eval';
import { argsortDescending } from '../src/rerank/ranking-metrics.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = dataDirPath();
const positional = process.argv[2]?.startsWith('--') ? undefined : process.argv[2];
const dir = positional ?? resolve(dataDir, 'talentclef2025_taskB/validation');

const taskB = await loadTaskBDir(dir);
const qrels = new Map<string, Set<string>>();
for (const q of taskB.qrels ?? []) {
  if (q.grade <= 0) continue;
  let s = qrels.get(q.qId);
  if (!s) qrels.set(q.qId, (s = new Set()));
  s.add(q.docId);
}
const ids = taskB.corpus.map((c) => c.cId);
function meanAp(score: (title: string) => ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (const q of taskB.queries) {
    const rel = qrels.get(q.qId);
    if (!rel) continue;
    const order = argsortDescending(score(q.jobTitle));
    sum += averagePrecision(order.map((i) => ids[i]!), rel);
    n++;
  }
  return sum / n;
}

const bm25 = new Bm25Index(taskB.corpus.map((c) => ({ id: c.cId, texts: c.aliases })));
console.log(`BM25 MAP ${meanAp((t) => bm25.scoreAll(t)).toFixed(4)}`);

const t0 = performance.now();
const graph = await loadEscoGraph(dataDir);
console.log(`graph: ${graph.skills.length} skills, ${graph.occupations.length} occupations, ${(performance.now() - t0).toFixed(0)} ms`);
const corpusSkill = taskB.corpus.map((c) => graph.skillIndex.get(c.escoUri));
const jaccard = new TokenOccupationMatcher(graph);
for (const k of [20]) {
  const map = meanAp((t) => {
    const ev = graphEvidence(graph, jaccard.similarities(t), { topOccupations: k });
    return corpusSkill.map((s) => graphScore(graph, ev, s));
  });
  console.log(`graph (token Jaccard, ${k} occupations) MAP ${map.toFixed(4)}`);
}

// Encoder-based systems: needs the embedded encoder (or --encoder DIR) and the trained re-ranker.
const encoderArg = process.argv.indexOf('--encoder');
const { createEncoder } = await import('@jobskill/encoders');
const { requireDefaultEncoderDir } = await import('@jobskill/encoders');
const { createEmbeddedReranker, defaultRerankerDir } = await import('../src/rerank/ltr-reranker.ts');
const modelArg = process.argv.indexOf('--model');
const encoder = await createEncoder({ model: encoderArg > 0 ? process.argv[encoderArg + 1]! : requireDefaultEncoderDir(), batchSize: 512 });
const reranker = await createEmbeddedReranker({ encoder, graph, model: modelArg > 0 ? process.argv[modelArg + 1]! : defaultRerankerDir() });
const extractor = reranker.extractor;
await extractor.warmAliases(taskB.corpus.map((c) => c.aliases));
const titleVectors = new Map<string, Float32Array>();
for (const q of taskB.queries) titleVectors.set(q.jobTitle, await extractor.encodeQuery(q.jobTitle));
const firstStage = (t: string): Float64Array => {
  const qv = titleVectors.get(t)!;
  return Float64Array.from(taskB.corpus, (c) => {
    let best = -1;
    for (const a of c.aliases) {
      const v = extractor.aliasVector(a)!;
      let dot = 0;
      for (let d = 0; d < qv.length; d++) dot += v[d]! * qv[d]!;
      best = Math.max(best, dot);
    }
    return best;
  });
};
console.log(`encoder (best alias, exact) MAP ${meanAp(firstStage).toFixed(4)}`);
console.log(`graph (encoder, 20 occupations) MAP ${meanAp((t) => {
  const ev = extractor.evidence(titleVectors.get(t)!);
  return corpusSkill.map((s) => graphScore(graph, ev, s));
}).toFixed(4)}`);

// encoder top-200 ∪ graph-proposed 100 re-ranked, rest in first-stage order (rankings stay complete).
const byUri = new Map(taskB.corpus.map((c, i) => [c.escoUri, i]));
const latencies: number[] = [];
let sum = 0;
for (const q of taskB.queries) {
  const first = firstStage(q.jobTitle);
  const order = argsortDescending(first);
  const picked = order.slice(0, 200);
  const inPicked = new Set(picked);
  for (const uri of await reranker.proposeCandidates(q.jobTitle, 100)) {
    const i = byUri.get(uri);
    if (i !== undefined && !inPicked.has(i)) (picked.push(i), inPicked.add(i));
  }
  const cands = picked.map((i) => ({ docId: taskB.corpus[i]!.cId, aliases: taskB.corpus[i]!.aliases, firstStageScore: first[i]!, escoUri: taskB.corpus[i]!.escoUri }));
  const t = performance.now();
  const scores = await reranker.rerank(q.jobTitle, cands.slice(0, 200));
  latencies.push(performance.now() - t);
  const all = await reranker.rerank(q.jobTitle, cands);
  void scores;
  const ranked = [...argsortDescending(all).map((i) => cands[i]!.docId), ...order.filter((i) => !inPicked.has(i)).map((i) => ids[i]!)];
  sum += averagePrecision(ranked, qrels.get(q.qId)!);
}
latencies.sort((a, b) => a - b);
console.log(`encoder + graph + LTR MAP ${(sum / taskB.queries.length).toFixed(4)}; rerank(200) p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(2)} ms p99 ${latencies[Math.floor(latencies.length * 0.99)]!.toFixed(2)} ms`);
await encoder.dispose();
