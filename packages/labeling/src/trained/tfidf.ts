import { z } from 'zod';
import { parseResumeSections, type ParsedResume } from '@jobskill/data';

/** A sparse row: sorted feature indices and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

/**
 * Parts of a resume (as `parseResumeSections` finds them) that can get a TF-IDF block of their own:
 * `headline` (the candidate's own title, the first line), `experienceTitles` (the job titles of the
 * experience entries, one per line), `summary` and `skills` (those sections' text).
 */
export const SECTION_FIELDS = ['headline', 'experienceTitles', 'summary', 'skills'] as const;
export type SectionField = (typeof SECTION_FIELDS)[number];

export const SectionBlockSchema = z.object({
  field: z.enum(SECTION_FIELDS),
  wordNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([1, 2]),
  charNgrams: z.tuple([z.number().int().min(0), z.number().int().min(0)]).default([2, 5]),
  /** Short fields have small vocabularies; 3,000 keeps every title word of a training set of a few thousand resumes. */
  maxFeatures: z.number().int().positive().default(3000),
  /** Scale of the block (each block is L2-normalized first, so 1 weighs it as much as the whole text). */
  weight: z.number().positive().default(1),
});
export type SectionBlock = z.infer<typeof SectionBlockSchema>;

/** The text of one section field of a parsed resume ('' when the resume has none). */
export function sectionFieldText(parsed: ParsedResume, field: SectionField): string {
  switch (field) {
    case 'headline':
      return parsed.headline ?? '';
    case 'experienceTitles':
      return parsed.experience.map((e) => e.title).join('\n');
    case 'summary':
    case 'skills':
      return parsed.sections.filter((s) => s.kind === field).map((s) => s.text).join('\n');
  }
}

export const TfidfConfigSchema = z.object({
  /** Word n-gram range over lowercased tokens of letters, digits and # + . (so c#, c++, .net, node.js survive). */
  wordNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([1, 2]),
  /**
   * Character n-gram range over the whole lowercased text, across word boundaries (sklearn analyzer
   * 'char', not 'char_wb'): substrings such as 'soc' inside 'associate' stay visible, which is what
   * substring rules key on. [0, 0] disables character n-grams.
   */
  charNgrams: z.tuple([z.number().int().min(0), z.number().int().min(0)]).default([2, 5]),
  /** Keep at most this many features per analyzer, by document frequency (ties: alphabetical). */
  maxFeatures: z.number().int().positive().default(5000),
  /** Drop features seen in fewer documents. */
  minDf: z.number().int().positive().default(1),
  /** tf → 1 + log(tf), as sklearn's sublinear_tf. */
  sublinearTf: z.boolean().default(true),
  /** Presence (1) instead of term frequency, as sklearn's binary=True. */
  binary: z.boolean().default(false),
  /** Use idf weighting (else every present term weighs its tf). */
  useIdf: z.boolean().default(true),
  /** 'l2' normalizes each analyzer block; 'none' keeps raw weights, so one keyword counts the same in a short and a long text. */
  norm: z.enum(['l2', 'none']).default('l2'),
  /**
   * Optional keyword-indicator features: for each group (e.g. a role of a label set) a 0/1 column per
   * term (plain substring of the lowercased text) and one for "any term of the group". This is how a
   * label set's rule keywords become features; empty for a plain TF-IDF model.
   */
  keywordGroups: z.array(z.object({ name: z.string(), terms: z.array(z.string().min(1)) })).default([]),
  /** Value of a firing keyword indicator: above 1 makes the L2 penalty favour keyword weights over n-gram ones. */
  keywordWeight: z.number().positive().default(3),
  /**
   * Extra TF-IDF blocks over parts of the text found by `parseResumeSections` (headline, experience job titles, …),
   * each with its own vocabulary and L2 norm, so a word in the candidate's own title counts apart from the same word
   * in the body. Empty (default) for texts that are not resumes (e.g. skill lists); `labelEval` turns them on.
   */
  sectionBlocks: z.array(SectionBlockSchema).default([]),
});
export type TfidfConfig = z.infer<typeof TfidfConfigSchema>;

/** A fitted vocabulary of one analyzer: term → column, with its idf. */
interface AnalyzerState {
  terms: string[];
  idf: number[];
}

export interface TfidfState {
  config: TfidfConfig;
  word: AnalyzerState;
  char: AnalyzerState;
  /** One vocabulary pair per `config.sectionBlocks` entry, same order (absent when there are none). */
  sections?: { word: AnalyzerState; char: AnalyzerState }[];
}

/** The full analyzer config of a section block (the main config's tf/idf/norm choices, no keywords, no nesting). */
function blockConfig(config: TfidfConfig, block: SectionBlock): TfidfConfig {
  return {
    ...config,
    wordNgrams: block.wordNgrams,
    charNgrams: block.charNgrams,
    maxFeatures: block.maxFeatures,
    keywordGroups: [],
    sectionBlocks: [],
  };
}

const TOKEN = /[a-z0-9#+]+(?:\.[a-z0-9#+]+)*|\.net/g;

function wordTerms(text: string, [lo, hi]: [number, number], out: Map<string, number>): void {
  const tokens = text.match(TOKEN) ?? [];
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const term = n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' ');
      out.set(term, (out.get(term) ?? 0) + 1);
    }
  }
}

function charTerms(text: string, [lo, hi]: [number, number], out: Map<string, number>): void {
  if (lo === 0) return;
  const t = text.replace(/\s+/g, ' ');
  for (let n = lo; n <= hi; n++) {
    for (let i = 0; i + n <= t.length; i++) {
      const term = t.slice(i, i + n);
      out.set(term, (out.get(term) ?? 0) + 1);
    }
  }
}

function analyze(text: string, config: TfidfConfig): { word: Map<string, number>; char: Map<string, number> } {
  const lower = text.toLowerCase();
  const word = new Map<string, number>();
  const char = new Map<string, number>();
  wordTerms(lower, config.wordNgrams, word);
  charTerms(lower, config.charNgrams, char);
  return { word, char };
}

function fitAnalyzer(docs: Map<string, number>[], config: TfidfConfig): AnalyzerState {
  const df = new Map<string, number>();
  for (const d of docs) for (const term of d.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = docs.length;
  const kept = [...df.entries()]
    .filter(([, c]) => c >= config.minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, config.maxFeatures)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // Smooth idf, as sklearn: ln((1 + n) / (1 + df)) + 1.
  return { terms: kept.map(([t]) => t), idf: kept.map(([, c]) => Math.log((1 + n) / (1 + c)) + 1) };
}

/** Fits word and character TF-IDF vocabularies on the training texts. */
export function fitTfidf(texts: readonly string[], config: z.input<typeof TfidfConfigSchema> = {}): TfidfState {
  const cfg = TfidfConfigSchema.parse(config);
  const analyzed = texts.map((t) => analyze(t, cfg));
  const state: TfidfState = {
    config: cfg,
    word: fitAnalyzer(analyzed.map((a) => a.word), cfg),
    char: fitAnalyzer(analyzed.map((a) => a.char), cfg),
  };
  if (cfg.sectionBlocks.length > 0) {
    const parsed = texts.map((t) => parseResumeSections(t));
    state.sections = cfg.sectionBlocks.map((block) => {
      const bc = blockConfig(cfg, block);
      const fieldDocs = parsed.map((p) => analyze(sectionFieldText(p, block.field), bc));
      return { word: fitAnalyzer(fieldDocs.map((a) => a.word), bc), char: fitAnalyzer(fieldDocs.map((a) => a.char), bc) };
    });
  }
  return state;
}

/**
 * Turns TF-IDF states into a fast transformer. Each analyzer's block is L2-normalized on its own, so
 * words and character n-grams weigh the same whatever their counts; columns: words first, then chars.
 */
export class TfidfVectorizer {
  readonly state: TfidfState;
  readonly dimensions: number;
  private readonly wordIndex: Map<string, number>;
  private readonly charIndex: Map<string, number>;

  constructor(state: TfidfState) {
    this.state = state;
    this.wordIndex = new Map(state.word.terms.map((t, i) => [t, i]));
    this.charIndex = new Map(state.char.terms.map((t, i) => [t, i]));
    // Open-addressing table (load ≤ 1/4): slot → column + 1 (0 = empty), keyed by charKey.
    let size = 16;
    while (size < state.char.terms.length * 4) size *= 2;
    this.charSlots = new Int32Array(size);
    this.charSlotKeys = new Int32Array(size);
    this.charCounts = new Float64Array(state.char.terms.length);
    state.char.terms.forEach((t, i) => {
      const key = charKey(t, 0, t.length);
      let slot = key & (size - 1);
      while (this.charSlots[slot] !== 0) slot = (slot + 1) & (size - 1);
      this.charSlots[slot] = i + 1;
      this.charSlotKeys[slot] = key;
    });
    this.keywordColumns = state.config.keywordGroups.reduce((n, g) => n + g.terms.length + 1, 0);
    const blocks = state.config.sectionBlocks;
    if ((state.sections?.length ?? 0) !== blocks.length) {
      throw new RangeError(`TF-IDF state has ${state.sections?.length ?? 0} section vocabularies for ${blocks.length} section blocks`);
    }
    this.sectionVectorizers = blocks.map(
      (block, i) => new TfidfVectorizer({ config: blockConfig(state.config, block), word: state.sections![i]!.word, char: state.sections![i]!.char }),
    );
    this.ownDimensions = state.word.terms.length + state.char.terms.length + this.keywordColumns;
    this.dimensions = this.ownDimensions + this.sectionVectorizers.reduce((n, v) => n + v.dimensions, 0);
  }

  /** Columns of the whole-text blocks and keywords; the section blocks follow, in config order. */
  private readonly ownDimensions: number;
  private readonly sectionVectorizers: TfidfVectorizer[];

  private readonly keywordColumns: number;
  /**
   * Character n-grams by a 30-bit rolling hash of their code units (a small integer key), each hit
   * confirmed with startsWith: exact lookups without building a string per n-gram.
   */
  private readonly charSlots: Int32Array;
  private readonly charSlotKeys: Int32Array;
  /** Scratch counts per character column (zeroed after each use). */
  private readonly charCounts: Float64Array;

  /** The term behind a column (for evidence). */
  termOf(column: number): { analyzer: 'word' | 'char' | 'keyword'; term: string } {
    const w = this.state.word.terms.length;
    const c = this.state.char.terms.length;
    if (column < w) return { analyzer: 'word', term: this.state.word.terms[column]! };
    if (column < w + c) return { analyzer: 'char', term: this.state.char.terms[column - w]! };
    if (column < this.ownDimensions) {
      let k = column - w - c;
      for (const g of this.state.config.keywordGroups) {
        if (k < g.terms.length) return { analyzer: 'keyword', term: g.terms[k]! };
        if (k === g.terms.length) return { analyzer: 'keyword', term: `any of ${g.name}` };
        k -= g.terms.length + 1;
      }
    }
    let offset = this.ownDimensions;
    for (const [i, v] of this.sectionVectorizers.entries()) {
      if (column < offset + v.dimensions) {
        const inner = v.termOf(column - offset);
        return { analyzer: inner.analyzer, term: `${this.state.config.sectionBlocks[i]!.field}: ${inner.term}` };
      }
      offset += v.dimensions;
    }
    throw new RangeError(`column ${column} out of range`);
  }

  /** The word n-gram behind a column of the whole-text or a section word block (undefined for char/keyword columns). */
  wordTermOf(column: number): string | undefined {
    if (column < this.state.word.terms.length) return this.state.word.terms[column];
    let offset = this.ownDimensions;
    for (const v of this.sectionVectorizers) {
      if (column < offset + v.dimensions) return v.wordTermOf(column - offset);
      offset += v.dimensions;
    }
    return undefined;
  }

  transform(text: string): SparseVector {
    const { config } = this.state;
    const lowerText = text.toLowerCase();
    // Count only in-vocabulary terms while scanning: no map of every n-gram of the text.
    const cols: number[] = [];
    const vals: number[] = [];
    // Blocks come in column order and each block's columns are sorted, so the row needs no global sort.
    const addBlock = (counts: Map<number, number>, idf: number[], offset: number): void => {
      const start = cols.length;
      const sorted = [...counts.keys()].sort((x, y) => x - y);
      let norm = 0;
      for (const col of sorted) {
        const tf = counts.get(col)!;
        const v = (config.binary ? 1 : config.sublinearTf ? 1 + Math.log(tf) : tf) * (config.useIdf ? idf[col]! : 1);
        cols.push(offset + col);
        vals.push(v);
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      if (norm > 0 && config.norm === 'l2') for (let i = start; i < vals.length; i++) vals[i]! /= norm;
    };
    {
      const counts = new Map<number, number>();
      const tokens = lowerText.match(TOKEN) ?? [];
      const [lo, hi] = config.wordNgrams;
      for (let n = lo; n <= hi; n++) {
        for (let i = 0; i + n <= tokens.length; i++) {
          const col = this.wordIndex.get(n === 1 ? tokens[i]! : tokens.slice(i, i + n).join(' '));
          if (col !== undefined) counts.set(col, (counts.get(col) ?? 0) + 1);
        }
      }
      addBlock(counts, this.state.word.idf, 0);
    }
    if (config.charNgrams[0] > 0) {
      const t = lowerText.replace(/\s+/g, ' ');
      const [lo, hi] = config.charNgrams;
      const terms = this.state.char.terms;
      const slots = this.charSlots;
      const slotKeys = this.charSlotKeys;
      const mask = slots.length - 1;
      const scratch = this.charCounts;
      const touched: number[] = [];
      for (let i = 0; i < t.length; i++) {
        let h = 0x811c9dc5;
        const end = Math.min(t.length, i + hi);
        for (let j = i; j < end; j++) {
          h = Math.imul(h ^ t.charCodeAt(j), 0x01000193);
          if (j - i + 1 < lo) continue;
          const key = h & 0x3fffffff;
          for (let slot = key & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
            if (slotKeys[slot] !== key) continue;
            const col = slots[slot]! - 1;
            const term = terms[col]!;
            if (term.length === j - i + 1 && t.startsWith(term, i)) {
              if (scratch[col] === 0) touched.push(col);
              scratch[col]! += 1;
              break;
            }
          }
        }
      }
      const counts = new Map<number, number>();
      for (const col of touched) {
        counts.set(col, scratch[col]!);
        scratch[col] = 0;
      }
      addBlock(counts, this.state.char.idf, this.state.word.terms.length);
    }
    let col = this.state.word.terms.length + this.state.char.terms.length;
    for (const g of this.state.config.keywordGroups) {
      let any = false;
      for (const term of g.terms) {
        if (lowerText.includes(term)) {
          cols.push(col);
          vals.push(this.state.config.keywordWeight);
          any = true;
        }
        col++;
      }
      if (any) {
        cols.push(col);
        vals.push(this.state.config.keywordWeight);
      }
      col++;
    }
    if (this.sectionVectorizers.length > 0) {
      const parsed = parseResumeSections(text);
      let offset = this.ownDimensions;
      this.sectionVectorizers.forEach((v, i) => {
        const block = this.state.config.sectionBlocks[i]!;
        const x = v.transform(sectionFieldText(parsed, block.field));
        for (let n = 0; n < x.indices.length; n++) {
          cols.push(offset + x.indices[n]!);
          vals.push(block.weight * x.values[n]!);
        }
        offset += v.dimensions;
      });
    }
    return { indices: Int32Array.from(cols), values: Float64Array.from(vals) };
  }
}

/** The key of text[from, to): FNV-1a over UTF-16 code units, cut to 30 bits (a small integer), as transform computes it. */
function charKey(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let j = from; j < to; j++) h = Math.imul(h ^ text.charCodeAt(j), 0x01000193);
  return h & 0x3fffffff;
}
