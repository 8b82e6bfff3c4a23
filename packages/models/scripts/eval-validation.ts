/**
 * Final check only (never used for selection): validation MAP of a built encoder folder on a TalentCLEF Task B
 * directory, loaded through transformers.js exactly like the product loads it. Exact brute-force cosine over the
 * whole corpus; a skill is the normalized mean of its aliases' vectors, and also (reported separately) its best alias.
 * Usage: node --conditions=@jobskill/source --import tsx scripts/eval-validation.ts [modelDir] [taskBDir]
 */
import { resolve } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { dataDirPath, loadTaskBDir } from '@jobskill/data';
import { averagePrecision } from '@jobskill/eval';
import { defaultEncoderDir } from '../src/static-encoder/paths.ts';

env.allowRemoteModels = false;
const dataDir = dataDirPath();
const modelDir = process.argv[2] ?? defaultEncoderDir();
const taskDir = process.argv[3] ?? resolve(dataDir, 'talentclef2025_taskB/validation');
const data = await loadTaskBDir(taskDir);
const relevant = new Map<string, Set<string>>();
for (const q of data.qrels ?? []) {
  if (q.grade <= 0) continue;
  if (!relevant.has(q.qId)) relevant.set(q.qId, new Set());
  relevant.get(q.qId)!.add(q.docId);
}
const extractor = await pipeline('feature-extraction', modelDir, { dtype: 'fp32' });
async function encode(texts: string[]): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += 256) {
    out.push(...((await extractor(texts.slice(i, i + 256), { pooling: 'mean', normalize: true })).tolist() as number[][]));
  }
  return out;
}
// A zero pooled vector (text of zero rows only) normalizes to NaN in transformers.js, and NaN scores silently
// scramble every sort below: count them and fail rather than print a wrong MAP.
let nonFinite = 0;
// Blank aliases (the validation corpus has one "") have no content token: the model can only give them NaN.
const aliases = data.corpus.flatMap((c, s) => c.aliases.filter((a) => a.trim() !== '').map((a) => ({ a, s })));
const blankAliases = data.corpus.reduce((n, c) => n + c.aliases.filter((a) => a.trim() === '').length, 0);
const aliasVecs = await encode(aliases.map((x) => x.a));
const dim = aliasVecs[0]!.length;
const finite = (v: number[]) => v.every(Number.isFinite) || (nonFinite++, false);
const mean = data.corpus.map(() => new Array<number>(dim).fill(0));
aliases.forEach(({ s }, i) => aliasVecs[i]!.forEach((v, k) => (mean[s]![k]! += v)));
for (const m of mean) {
  const n = Math.hypot(...m) || 1;
  for (let k = 0; k < dim; k++) m[k]! /= n;
}
const queries = data.queries.filter((q) => relevant.has(q.qId));
const qVecs = await encode(queries.map((q) => q.jobTitle));
aliasVecs.forEach(finite);
qVecs.forEach(finite);
if (nonFinite > 0) {
  console.error(`${nonFinite} non-finite vectors (texts made only of zero rows): MAP would be meaningless`);
  process.exit(1);
}
const dot = (x: number[], y: number[]) => x.reduce((s, v, k) => s + v * y[k]!, 0);
let sumMean = 0;
let sumBest = 0;
queries.forEach((q, qi) => {
  const meanScores = mean.map((m) => dot(qVecs[qi]!, m));
  const best = data.corpus.map(() => -Infinity);
  aliases.forEach(({ s }, i) => (best[s] = Math.max(best[s]!, dot(qVecs[qi]!, aliasVecs[i]!))));
  const rank = (scores: number[]) =>
    scores.map((v, i) => ({ v, i })).sort((x, y) => y.v - x.v || x.i - y.i).map(({ i }) => data.corpus[i]!.cId);
  sumMean += averagePrecision(rank(meanScores), relevant.get(q.qId)!);
  sumBest += averagePrecision(rank(best), relevant.get(q.qId)!);
});
await extractor.dispose();
console.log(
  JSON.stringify({
    model: modelDir,
    dir: data.name,
    queries: queries.length,
    blankAliasesSkipped: blankAliases,
    mapMeanOfAliases: sumMean / queries.length,
    mapBestAlias: sumBest / queries.length,
  }),
);
