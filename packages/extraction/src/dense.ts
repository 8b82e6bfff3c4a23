import usearch, { type BatchMatches, type Matches } from 'usearch';
import type { CandidatePhrase } from './candidates.ts';
import type { Token } from './normalize.ts';

/**
 * A static (bag-of-token-embeddings) encoder opened as its table: the vector of a text is the L2-normalized sum of the
 * rows of its word pieces, so every candidate phrase of a text is a sum over pieces tokenized once per text.
 */
export interface TokenTable {
  /** Row-major [vocabSize × dim]. */
  table: Float32Array;
  dim: number;
  /** Word-piece ids of a piece of text, without special tokens (the encoder's own tokenizer). */
  pieceIds(text: string): readonly number[];
}

/** How the dense scorer proposes and re-scores skills in `extract` (the benchmark path scores every skill exactly). */
export interface DenseScorerOptions {
  /** Skills remembered per word piece (its best dot products with the skill matrix), the proposals. */
  perPiece: number;
  /** At least this many proposed skills are scored exactly per text (more for long texts, see `proposals`). */
  minProposals: number;
}

export const DEFAULT_DENSE_SCORER_OPTIONS: DenseScorerOptions = Object.freeze({ perPiece: 300, minProposals: 128 });

/**
 * The order in which proposed skills are re-scored (the first `proposals` are): a linear key over the sum and the best
 * of the proposing pieces' cosines and a per-skill prior.
 */
export interface ProposalOrder {
  sum: number;
  best: number;
  prior: Float32Array | null;
  priorWeight: number;
}

const PIECE_LISTS_MAGIC = 0x4c50584a; // "JXPL"

/** Proposal entries read per text at most (a sentence reads whole lists; a resume the first MIN_DEPTH … of each). */
const ENTRY_BUDGET = 12_000;
const MIN_DEPTH = 24;

export const SUM_ORDER: ProposalOrder = Object.freeze({ sum: 1, best: 0, prior: null, priorWeight: 0 });

interface Scratch {
  call: number;
  cosCall: number;
  approx: Float32Array;
  best: Float32Array;
  stamp: Uint32Array;
  head: Int32Array;
  cosStamp: Uint32Array;
  cos: Float32Array;
}

/** Dense score of one skill in one text: best phrase score, that phrase, and the piece evidence that proposed it. */
export interface DenseHit {
  score: number;
  phrase: number;
  evidence: number;
}

/** Phrase vectors of one text: row p of `vectors` is the unit vector of phrase p (zero when it has no known piece). */
export interface PhraseVectors {
  vectors: Float32Array;
  count: number;
  /** Distinct word-piece ids of the text that may propose skills (pieces of non-stopword tokens). */
  proposers: Int32Array;
  /** For proposers[i]: the phrases that contain it (CSR: phrasesOf.slice(start[i], start[i + 1])). */
  phrasesStart: Int32Array;
  phrasesOf: Int32Array;
}

/**
 * Dense skill scoring over a contiguous skill matrix: phrase vectors built from one tokenization of the text,
 * proposals from per-piece top lists (computed once per piece with USearch's SIMD exact search, then remembered),
 * and exact re-scoring of the proposed skills against the phrases that contain their proposing pieces.
 */
export class DenseScorer {
  readonly dim: number;
  readonly skillCount: number;
  readonly options: DenseScorerOptions;
  readonly #tokens: TokenTable | null;
  readonly #skills: Float32Array;
  readonly #pieceCache = new Map<string, readonly number[]>();
  readonly #topByPiece = new Map<number, { skills: Int32Array | Uint16Array; cos: Float32Array }>();
  #work: Scratch | null = null;
  /** Prefix sums of phraseVectors, reused across calls (grown on demand). */
  #before = new Float64Array(0);

  /** `tokens` null: no piece table (another encoder); phrase vectors then come from the encoder (`fromVectors`). */
  constructor(skillMatrix: Float32Array, dim: number, tokens: TokenTable | null, options: { perPiece?: number | undefined; minProposals?: number | undefined } = {}) {
    if (tokens !== null && tokens.dim !== dim) throw new Error(`token table has ${tokens.dim} dimensions, the skill matrix ${dim}`);
    this.dim = dim;
    this.#tokens = tokens;
    // usearch reads from byteOffset 0 of the buffer it is given.
    this.#skills = skillMatrix.byteOffset === 0 ? skillMatrix : skillMatrix.slice();
    this.skillCount = skillMatrix.length / dim;
    this.options = {
      perPiece: options.perPiece ?? DEFAULT_DENSE_SCORER_OPTIONS.perPiece,
      minProposals: options.minProposals ?? DEFAULT_DENSE_SCORER_OPTIONS.minProposals,
    };
  }

  get hasTokenTable(): boolean {
    return this.#tokens !== null;
  }

  #ids(piece: string): readonly number[] {
    let ids = this.#pieceCache.get(piece);
    if (ids === undefined) {
      ids = this.#tokens!.pieceIds(piece);
      if (this.#pieceCache.size > 200_000) this.#pieceCache.clear();
      this.#pieceCache.set(piece, ids);
    }
    return ids;
  }

  /**
   * Unit vector of every phrase. The pieces of a phrase [first, last) are those of its tokens and of the gaps between
   * them, so tokens and gaps are tokenized once each (cached by their text across calls).
   */
  phraseVectors(text: string, tokens: readonly Token[], phrases: readonly CandidatePhrase[], proposerTokens: (t: number) => boolean): PhraseVectors {
    const d = this.dim;
    if (this.#tokens === null) throw new Error('phraseVectors needs a token table; use fromVectors');
    const table = this.#tokens.table;
    const tokenIds = tokens.map((t) => this.#ids(text.slice(t.start, t.end)));
    const gapIds = tokens.map((t, i) => (i === 0 ? [] : this.#ids(text.slice(tokens[i - 1]!.end, t.start))));
    // Prefix sums over the text (float64): before[t] = rows of every piece before token t, gaps included, so a
    // phrase [first, last) is before[last] − before[first] − (the gap before `first`, which it does not hold).
    const size = (tokens.length + 1) * d;
    if (this.#before.length < size) this.#before = new Float64Array(Math.max(size, 2 * this.#before.length));
    const before = this.#before;
    before.fill(0, 0, d);
    for (let t = 0; t < tokens.length; t++) {
      const from = t * d;
      const to = from + d;
      for (let j = 0; j < d; j++) before[to + j] = before[from + j]!;
      for (const id of gapIds[t]!) for (let j = 0, o = id * d; j < d; j++) before[to + j]! += table[o + j]!;
      for (const id of tokenIds[t]!) for (let j = 0, o = id * d; j < d; j++) before[to + j]! += table[o + j]!;
    }
    const vectors = new Float32Array(phrases.length * d);
    const sum = new Float64Array(d);
    const proposerIndex = new Map<number, number>();
    const lists: number[][] = [];
    phrases.forEach((p, row) => {
      const hi = p.lastToken * d;
      const lo = p.firstToken * d;
      for (let j = 0; j < d; j++) sum[j] = before[hi + j]! - before[lo + j]!;
      for (const id of gapIds[p.firstToken]!) for (let j = 0, o = id * d; j < d; j++) sum[j]! -= table[o + j]!;
      let norm = 0;
      for (let j = 0; j < d; j++) norm += sum[j]! * sum[j]!;
      norm = Math.sqrt(norm);
      // Cancellation leaves tiny residues where the true sum is zero (no known piece): keep those phrases zero.
      if (norm > 1e-6) for (let j = 0, base = row * d; j < d; j++) vectors[base + j] = sum[j]! / norm;
      for (let t = p.firstToken; t < p.lastToken; t++) {
        if (!proposerTokens(t)) continue;
        for (const id of tokenIds[t]!) {
          let i = proposerIndex.get(id);
          if (i === undefined) {
            proposerIndex.set(id, (i = lists.length));
            lists.push([]);
          }
          const list = lists[i]!;
          if (list[list.length - 1] !== row) list.push(row);
        }
      }
    });
    const phrasesStart = new Int32Array(lists.length + 1);
    lists.forEach((l, i) => (phrasesStart[i + 1] = phrasesStart[i]! + l.length));
    const phrasesOf = new Int32Array(phrasesStart[lists.length]!);
    lists.forEach((l, i) => phrasesOf.set(l, phrasesStart[i]!));
    return { vectors, count: phrases.length, proposers: Int32Array.from(proposerIndex.keys()), phrasesStart, phrasesOf };
  }

  /** Phrase vectors computed elsewhere (any encoder): no proposers, so `scoreProposals` scores every skill. */
  fromVectors(vectors: readonly Float32Array[]): PhraseVectors {
    const packed = new Float32Array(vectors.length * this.dim);
    vectors.forEach((v, i) => packed.set(v, i * this.dim));
    return { vectors: packed, count: vectors.length, proposers: new Int32Array(0), phrasesStart: new Int32Array(1), phrasesOf: new Int32Array(0) };
  }

  /** Top lists of the pieces not seen before, in one batched exact search (cosine of the piece row, best first). */
  #ensureTopLists(ids: ArrayLike<number>, threads = 1): void {
    const missing = Array.from(ids).filter((id) => !this.#topByPiece.has(id));
    if (missing.length === 0) return;
    const d = this.dim;
    const k = Math.min(this.options.perPiece, this.skillCount);
    const queries = new Float32Array(missing.length * d);
    const norms = missing.map((id, i) => {
      const row = this.#tokens!.table.subarray(id * d, (id + 1) * d);
      queries.set(row, i * d);
      let n = 0;
      for (let j = 0; j < d; j++) n += row[j]! * row[j]!;
      return Math.sqrt(n);
    });
    const result = usearch.exactSearch(this.#skills, queries, d, k, usearch.MetricKind.IP, threads) as Matches | BatchMatches;
    const keys = result.keys;
    const distances = result.distances;
    const per = keys.length / missing.length;
    missing.forEach((id, i) => {
      const skills = new Int32Array(per);
      const cos = new Float32Array(per);
      for (let r = 0; r < per; r++) {
        skills[r] = Number(keys[i * per + r]!);
        cos[r] = norms[i]! > 0 ? (1 - distances[i * per + r]!) / norms[i]! : 0;
      }
      this.#topByPiece.set(id, { skills, cos });
    });
  }

  /** How many word pieces have their skill list (computed or loaded). */
  get knownPieces(): number {
    return this.#topByPiece.size;
  }

  /** Computes the skill list of every piece of the vocabulary (all cores), so no text pays for a first sight. */
  precomputeAllPieces(onProgress?: (done: number, total: number) => void): void {
    if (this.#tokens === null) return;
    const vocab = this.#tokens.table.length / this.dim;
    for (let start = 0; start < vocab; start += 1024) {
      const ids = Array.from({ length: Math.min(1024, vocab - start) }, (_, i) => start + i);
      this.#ensureTopLists(ids, 0);
      onProgress?.(Math.min(vocab, start + 1024), vocab);
    }
  }

  /**
   * The piece → skill lists as bytes (every piece of the vocabulary must be known: `precomputeAllPieces`):
   * header [magic u32, vocab u32, per u32, skills u32], then vocab × per skill ids (u16) and cosines (f32).
   */
  serializePieceLists(): Uint8Array {
    const vocab = this.#tokens === null ? 0 : this.#tokens.table.length / this.dim;
    const per = Math.min(this.options.perPiece, this.skillCount);
    if (this.skillCount > 65_535 || this.#topByPiece.size < vocab) throw new Error('piece lists are incomplete or skill ids exceed 16 bits');
    const bytes = new Uint8Array(16 + vocab * per * 6);
    const header = new DataView(bytes.buffer);
    header.setUint32(0, PIECE_LISTS_MAGIC, true);
    header.setUint32(4, vocab, true);
    header.setUint32(8, per, true);
    header.setUint32(12, this.skillCount, true);
    const skills = new Uint16Array(bytes.buffer, 16, vocab * per);
    const cosines = new Float32Array(vocab * per);
    for (let id = 0; id < vocab; id++) {
      const top = this.#topByPiece.get(id)!;
      skills.set(top.skills.subarray(0, per), id * per);
      cosines.set(top.cos.subarray(0, per), id * per);
    }
    bytes.set(new Uint8Array(cosines.buffer), 16 + vocab * per * 2);
    return bytes;
  }

  /** Loads lists written by `serializePieceLists`; false (nothing loaded) when they do not fit this scorer. */
  loadPieceLists(bytes: Uint8Array): boolean {
    if (this.#tokens === null || bytes.byteLength < 16) return false;
    const header = new DataView(bytes.buffer, bytes.byteOffset, 16);
    const vocab = header.getUint32(4, true);
    const per = header.getUint32(8, true);
    const fits =
      header.getUint32(0, true) === PIECE_LISTS_MAGIC &&
      vocab === this.#tokens.table.length / this.dim &&
      per === Math.min(this.options.perPiece, this.skillCount) &&
      header.getUint32(12, true) === this.skillCount &&
      bytes.byteLength === 16 + vocab * per * 6;
    if (!fits) return false;
    // Copies (new Uint8Array(view) copies; a Buffer's slice would not): offsets need not be aligned for typed arrays.
    const skills = new Uint16Array(new Uint8Array(bytes.subarray(16, 16 + vocab * per * 2)).buffer);
    const cos = new Float32Array(new Uint8Array(bytes.subarray(16 + vocab * per * 2)).buffer);
    for (let id = 0; id < vocab; id++) {
      this.#topByPiece.set(id, { skills: skills.subarray(id * per, (id + 1) * per), cos: cos.subarray(id * per, (id + 1) * per) });
    }
    return true;
  }

  /**
   * Proposed skills of a text with their exact dense score: `(1 − w)·cos(phrase, skill) + w·cos(segment, skill)`, best
   * over the phrases that contain a piece proposing the skill. `wanted` skills (lexical hits) are always scored.
   */
  scoreProposals(
    pv: PhraseVectors,
    segmentOf: readonly number[],
    segmentWeight: number,
    proposals: number,
    wanted: ReadonlyMap<number, readonly number[]> = new Map(),
    order: ProposalOrder = SUM_ORDER,
  ): Map<number, DenseHit> {
    if (pv.proposers.length === 0) return this.#bestOfAll(pv, segmentOf, segmentWeight, proposals, wanted.keys());
    this.#ensureTopLists(pv.proposers);
    const scratch = this.#scratch(pv.count);
    const { approx, best: bestPiece, stamp, head, cosStamp, cos } = scratch;
    const call = ++scratch.call;
    // Approximate score of a skill: its best single-piece cosine. The pieces that proposed it: a linked list
    // through `next`, for re-scoring against exactly the phrases that contain them.
    const touched: number[] = [];
    const entryPiece: number[] = [];
    const entryNext: number[] = [];
    // Long texts read fewer entries of each piece's list, so the work per text stays bounded.
    const depth = Math.max(MIN_DEPTH, Math.min(this.options.perPiece, Math.floor(ENTRY_BUDGET / pv.proposers.length)));
    for (let i = 0; i < pv.proposers.length; i++) {
      const top = this.#topByPiece.get(pv.proposers[i]!)!;
      const end = Math.min(depth, top.skills.length);
      for (let r = 0; r < end; r++) {
        const sk = top.skills[r]!;
        const c = top.cos[r]!;
        if (stamp[sk] !== call) {
          stamp[sk] = call;
          approx[sk] = c;
          bestPiece[sk] = c;
          head[sk] = -1;
          touched.push(sk);
        } else {
          approx[sk] = approx[sk]! + c;
          if (c > bestPiece[sk]!) bestPiece[sk] = c;
        }
        entryPiece.push(i);
        entryNext.push(head[sk]!);
        head[sk] = entryPiece.length - 1;
      }
    }
    const key = new Float32Array(touched.length);
    const prior = order.prior;
    for (let i = 0; i < touched.length; i++) {
      const sk = touched[i]!;
      key[i] = order.sum * approx[sk]! + order.best * bestPiece[sk]! + (prior === null ? 0 : order.priorWeight * prior[sk]!);
    }
    const chosen: number[] = [];
    if (touched.length <= proposals) chosen.push(...touched);
    else {
      // The `proposals` best keys: those above the k-th largest, then ties in proposal order.
      const kth = kthLargest(key.slice(), proposals);
      for (let i = 0; i < touched.length; i++) if (key[i]! > kth) chosen.push(touched[i]!);
      for (let i = 0; i < touched.length && chosen.length < proposals; i++) if (key[i] === kth) chosen.push(touched[i]!);
    }
    // Skills the caller wants scored that no piece proposed: tried on their own phrases (e.g. those holding a lexical hit).
    const own = new Map<number, readonly number[]>();
    for (const [sk, phrases] of wanted) if (stamp[sk] !== call) chosen.push(sk), (stamp[sk] = call), (head[sk] = -1), (approx[sk] = 0), own.set(sk, phrases);
    const d = this.dim;
    const v = pv.vectors;
    const m = this.#skills;
    const out = new Map<number, DenseHit>();
    const w = segmentWeight;
    for (const sk of chosen) {
      const cc = ++scratch.cosCall;
      const base = sk * d;
      let best = -Infinity;
      let bestPhrase = -1;
      // Phrases to try: a wanted skill's own phrases, else those of each proposing piece in turn.
      const listed = own.get(sk);
      let e = head[sk]!;
      let q = 0;
      let qEnd = listed?.length ?? 0;
      for (;;) {
        if (q >= qEnd) {
          if (listed !== undefined || e === -1) break;
          const i = entryPiece[e]!;
          q = pv.phrasesStart[i]!;
          qEnd = pv.phrasesStart[i + 1]!;
          e = entryNext[e]!;
          continue;
        }
        const p = listed !== undefined ? listed[q]! : pv.phrasesOf[q]!;
        q++;
        let cp: number;
        if (cosStamp[p] === cc) cp = cos[p]!;
        else {
          cp = dotRows(v, p * d, m, base, d);
          cosStamp[p] = cc;
          cos[p] = cp;
        }
        const g = segmentOf[p]!;
        let cg: number;
        if (cosStamp[g] === cc) cg = cos[g]!;
        else {
          cg = dotRows(v, g * d, m, base, d);
          cosStamp[g] = cc;
          cos[g] = cg;
        }
        const score = (1 - w) * cp + w * cg;
        if (score > best || (score === best && p < bestPhrase)) {
          best = score;
          bestPhrase = p;
        }
      }
      if (bestPhrase >= 0) out.set(sk, { score: best, phrase: bestPhrase, evidence: approx[sk]! });
    }
    return out;
  }

  /** Piece evidence of every skill: the sum of the cosines of the text's pieces that have the skill in their top list. */
  pieceEvidence(pv: PhraseVectors): Float32Array {
    const out = new Float32Array(this.skillCount);
    this.#ensureTopLists(pv.proposers);
    for (const id of pv.proposers) {
      const top = this.#topByPiece.get(id)!;
      for (let r = 0; r < top.skills.length; r++) out[top.skills[r]!]! += top.cos[r]!;
    }
    return out;
  }

  /** Per-skill and per-phrase work arrays reused across calls (stamped, so nothing is cleared per call). */
  #scratch(phrases: number): Scratch {
    const n = this.skillCount;
    if (this.#work === null) {
      this.#work = { call: 0, cosCall: 0, approx: new Float32Array(n), best: new Float32Array(n), stamp: new Uint32Array(n), head: new Int32Array(n), cosStamp: new Uint32Array(0), cos: new Float32Array(0) };
    }
    const work = this.#work;
    if (work.cos.length < phrases) {
      work.cos = new Float32Array(phrases * 2);
      work.cosStamp = new Uint32Array(phrases * 2);
    }
    if (work.call > 4e9 || work.cosCall > 4e9) {
      work.call = work.cosCall = 0;
      work.stamp.fill(0);
      work.cosStamp.fill(0);
    }
    return work;
  }

  /** Dense score of every skill, best phrase (the exact ranking of the benchmark). */
  scoreAll(pv: PhraseVectors, segmentOf: readonly number[], segmentWeight: number): { score: Float32Array; phrase: Int32Array } {
    const n = this.skillCount;
    const score = new Float32Array(n);
    const phrase = new Int32Array(n).fill(-1);
    const all = this.scoreAllPhrases(pv);
    const w = segmentWeight;
    all.forEach((scores, i) => {
      const seg = all[segmentOf[i]!]!;
      for (let s = 0; s < n; s++) {
        const v = (1 - w) * scores[s]! + w * seg[s]!;
        if (phrase[s] === -1 || v > score[s]!) {
          score[s] = v;
          phrase[s] = i;
        }
      }
    });
    return { score, phrase };
  }

  #bestOfAll(
    pv: PhraseVectors,
    segmentOf: readonly number[],
    segmentWeight: number,
    proposals: number,
    wanted: Iterable<number>,
  ): Map<number, DenseHit> {
    const { score, phrase } = this.scoreAll(pv, segmentOf, segmentWeight);
    const order = Array.from({ length: this.skillCount }, (_, i) => i).filter((s) => phrase[s]! >= 0);
    order.sort((a, b) => score[b]! - score[a]! || a - b);
    const out = new Map<number, DenseHit>();
    for (const s of [...order.slice(0, proposals), ...wanted]) if (phrase[s]! >= 0) out.set(s, { score: score[s]!, phrase: phrase[s]!, evidence: 0 });
    return out;
  }

  /** Exact cosine of every phrase with every skill (benchmark rankings): row p holds phrase p's scores. */
  scoreAllPhrases(pv: PhraseVectors): Float32Array[] {
    const n = this.skillCount;
    if (pv.count === 0) return [];
    const result = usearch.exactSearch(this.#skills, pv.vectors, this.dim, n, usearch.MetricKind.IP, 1) as Matches | BatchMatches;
    const per = result.keys.length / pv.count;
    const out: Float32Array[] = [];
    for (let p = 0; p < pv.count; p++) {
      const row = new Float32Array(n);
      for (let r = 0; r < per; r++) row[Number(result.keys[p * per + r]!)] = 1 - result.distances[p * per + r]!;
      out.push(row);
    }
    return out;
  }
}

/** Dot product of a[ao … ao+d) and b[bo … bo+d), four accumulators (d is a multiple of 4 for every encoder here). */
function dotRows(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += a[ao + j]! * b[bo + j]!;
    s1 += a[ao + j + 1]! * b[bo + j + 1]!;
    s2 += a[ao + j + 2]! * b[bo + j + 2]!;
    s3 += a[ao + j + 3]! * b[bo + j + 3]!;
  }
  for (; j < d; j++) s0 += a[ao + j]! * b[bo + j]!;
  return s0 + s1 + s2 + s3;
}

/** The k-th largest value of `values` (1-based k ≤ length), by quickselect; reorders `values`. */
export function kthLargest(values: Float32Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}
