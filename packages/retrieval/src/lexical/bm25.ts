import { z } from 'zod';
import { JobskillError, parseOptions } from '@jobskill/data';

export const Bm25OptionsSchema = z.object({
  k1: z.number().nonnegative().default(1.2),
  b: z.number().min(0).max(1).default(0.75),
});
export type Bm25Options = z.input<typeof Bm25OptionsSchema>;

export interface Bm25Document {
  id: string;
  /** Surface forms; they are concatenated into one bag of tokens. */
  texts: string[];
}

export interface Bm25Hit {
  id: string;
  index: number;
  score: number;
}

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Lowercase alphanumeric tokens (Unicode letters and digits), the BM25 analyzer. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/**
 * Okapi BM25 (Lucene-style idf = ln(1 + (N - df + 0.5) / (df + 0.5))) over an inverted index,
 * one document per skill with all its aliases concatenated.
 */
export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  readonly ids: readonly string[];
  readonly avgDocLength: number;
  private readonly docLengths: Float64Array;
  private readonly postings = new Map<string, { docs: Int32Array; tfs: Float64Array }>();
  private readonly idIndex = new Map<string, number>();

  constructor(documents: readonly Bm25Document[], options: Bm25Options = {}) {
    const { k1, b } = parseOptions(Bm25OptionsSchema, options, { what: 'BM25' });
    this.k1 = k1;
    this.b = b;
    this.ids = documents.map((d) => d.id);
    this.docLengths = new Float64Array(documents.length);
    const lists = new Map<string, { docs: number[]; tfs: number[] }>();
    let total = 0;
    documents.forEach((doc, i) => {
      if (this.idIndex.has(doc.id)) {
        throw new JobskillError('DUPLICATE_DOC_ID', `BM25: document id "${doc.id}" appears twice`);
      }
      this.idIndex.set(doc.id, i);
      const counts = termCounts(doc.texts.flatMap(tokenize));
      let len = 0;
      for (const [term, tf] of counts) {
        len += tf;
        let list = lists.get(term);
        if (!list) lists.set(term, (list = { docs: [], tfs: [] }));
        list.docs.push(i);
        list.tfs.push(tf);
      }
      this.docLengths[i] = len;
      total += len;
    });
    this.avgDocLength = documents.length > 0 ? total / documents.length : 0;
    for (const [term, list] of lists) {
      this.postings.set(term, { docs: Int32Array.from(list.docs), tfs: Float64Array.from(list.tfs) });
    }
  }

  get size(): number {
    return this.ids.length;
  }

  /** Inverse document frequency of a term in this collection (0 docs → the maximum). */
  idf(term: string): number {
    const n = this.ids.length;
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** BM25 score of every document for the query, indexed like the documents. */
  scoreAll(query: string): Float64Array {
    const scores = new Float64Array(this.ids.length);
    for (const [term, qtf] of termCounts(tokenize(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const w = this.idf(term) * qtf;
      for (let j = 0; j < list.docs.length; j++) {
        const d = list.docs[j]!;
        scores[d]! += w * this.termWeight(list.tfs[j]!, this.docLengths[d]!);
      }
    }
    return scores;
  }

  /** Top-k documents for the query (all documents with score > 0 when k is omitted), best first. */
  search(query: string, k?: number): Bm25Hit[] {
    const scores = this.scoreAll(query);
    const hits: Bm25Hit[] = [];
    scores.forEach((score, index) => {
      if (score > 0) hits.push({ id: this.ids[index]!, index, score });
    });
    // Ties break on document order so runs are deterministic.
    hits.sort((x, y) => y.score - x.score || x.index - y.index);
    return k === undefined ? hits : hits.slice(0, k);
  }

  /** Scores the given documents of this collection (unknown ids score 0). */
  scoreIds(query: string, ids: readonly string[]): number[] {
    const all = this.scoreAll(query);
    return ids.map((id) => {
      const i = this.idIndex.get(id);
      return i === undefined ? 0 : all[i]!;
    });
  }

  /**
   * Scores a text that is not part of the collection with this collection's idf and average length,
   * so a feature stays comparable for candidates outside the indexed corpus.
   */
  scoreText(query: string, texts: readonly string[]): number {
    const doc = termCounts(texts.flatMap(tokenize));
    let len = 0;
    for (const tf of doc.values()) len += tf;
    return this.scoreTerms(termCounts(tokenize(query)), doc, len);
  }

  /** scoreText on pre-tokenized term counts (callers cache a document's counts). */
  scoreTerms(queryTerms: ReadonlyMap<string, number>, docTerms: ReadonlyMap<string, number>, docLength: number): number {
    let score = 0;
    for (const [term, qtf] of queryTerms) {
      const tf = docTerms.get(term);
      if (tf) score += this.idf(term) * qtf * this.termWeight(tf, docLength);
    }
    return score;
  }

  has(id: string): boolean {
    return this.idIndex.has(id);
  }

  private termWeight(tf: number, docLength: number): number {
    const norm = this.avgDocLength > 0 ? docLength / this.avgDocLength : 1;
    return (tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + this.b * norm));
  }
}

function termCounts(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
