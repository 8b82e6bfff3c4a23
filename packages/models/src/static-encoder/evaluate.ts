import type { WordPieceTokenizer } from './tokenizer.ts';
import { averagePrecision } from '@jobskill/eval';

/** L2-normalized mean-pooled vectors of texts (what the exported model computes), one row per text. */
export function encodeTexts(
  table: Float32Array,
  dim: number,
  tokenizer: WordPieceTokenizer,
  texts: readonly string[],
): Float32Array {
  const out = new Float32Array(texts.length * dim);
  const acc = new Float64Array(dim);
  texts.forEach((text, i) => {
    const ids = tokenizer.contentIds(text); // special rows are zero in the exported model
    acc.fill(0);
    for (const id of ids) for (let k = 0; k < dim; k++) acc[k]! += table[id * dim + k]!;
    let sq = 0;
    for (let k = 0; k < dim; k++) sq += acc[k]! * acc[k]!;
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let k = 0; k < dim; k++) out[i * dim + k] = acc[k]! * inv;
  });
  return out;
}

function normalizeRows(v: Float32Array, dim: number): Float32Array {
  for (let o = 0; o < v.length; o += dim) {
    let sq = 0;
    for (let k = 0; k < dim; k++) sq += v[o + k]! * v[o + k]!;
    const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let k = 0; k < dim; k++) v[o + k]! *= inv;
  }
  return v;
}

export interface SkillCorpus {
  ids: readonly string[];
  aliases: readonly (readonly string[])[];
}

export interface RankingEvaluation {
  /** MAP with each skill = normalized mean of its aliases' vectors. */
  mapMeanOfAliases: number;
  /** MAP with each skill scored by its best-matching alias. */
  mapBestAlias: number;
  queries: number;
}

/** Exact brute-force cosine ranking of a whole skill corpus per query; MAP under both skill representations. */
export function evaluateSkillRanking(
  table: Float32Array,
  dim: number,
  tokenizer: WordPieceTokenizer,
  queries: readonly { text: string; relevant: ReadonlySet<string> }[],
  corpus: SkillCorpus,
): RankingEvaluation {
  const n = corpus.ids.length;
  const flat: string[] = [];
  const owner: number[] = [];
  corpus.aliases.forEach((list, s) => {
    for (const a of list) {
      flat.push(a);
      owner.push(s);
    }
  });
  const aliasVecs = encodeTexts(table, dim, tokenizer, flat);
  const meanVecs = new Float32Array(n * dim);
  owner.forEach((s, a) => {
    for (let k = 0; k < dim; k++) meanVecs[s * dim + k]! += aliasVecs[a * dim + k]!;
  });
  normalizeRows(meanVecs, dim);
  const qVecs = encodeTexts(
    table,
    dim,
    tokenizer,
    queries.map((q) => q.text),
  );
  let sumMean = 0;
  let sumBest = 0;
  const meanScores = new Float64Array(n);
  const bestScores = new Float64Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  const rank = (scores: Float64Array) =>
    [...order].sort((x, y) => scores[y]! - scores[x]! || x - y).map((i) => corpus.ids[i]!);
  queries.forEach((q, qi) => {
    const qo = qi * dim;
    for (let s = 0; s < n; s++) {
      let d = 0;
      for (let k = 0; k < dim; k++) d += qVecs[qo + k]! * meanVecs[s * dim + k]!;
      meanScores[s] = d;
    }
    bestScores.fill(-Infinity);
    for (let a = 0; a < owner.length; a++) {
      let d = 0;
      for (let k = 0; k < dim; k++) d += qVecs[qo + k]! * aliasVecs[a * dim + k]!;
      if (d > bestScores[owner[a]!]!) bestScores[owner[a]!] = d;
    }
    sumMean += averagePrecision(rank(meanScores), q.relevant);
    sumBest += averagePrecision(rank(bestScores), q.relevant);
  });
  const m = Math.max(1, queries.length);
  return { mapMeanOfAliases: sumMean / m, mapBestAlias: sumBest / m, queries: queries.length };
}
