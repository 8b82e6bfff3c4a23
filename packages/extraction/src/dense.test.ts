import { describe, expect, it } from 'vitest';
import { Prng } from '@jobskill/data';
import { corpusFromEsco, SkillIndex } from '@jobskill/retrieval';
import { type Encoder } from '@jobskill/encoders';
import { MINI_ESCO } from './__fixtures__/mini-esco.ts';
import { candidatePhrases, STOPWORDS } from './candidates.ts';
import { DenseScorer, type TokenTable } from './dense.ts';
import { engineExtractor, ExtractionEngine } from './extractor.ts';
import { LexicalMatcher } from './lexical.ts';
import { tokenize } from './normalize.ts';
import { extractionSkillsFromEsco } from './skills.ts';

// A static embedding model in miniature: BERT-like pieces (words and single punctuation marks), random rows.
const DIM = 16;
const vocab = new Map<string, number>([['[unk]', 0]]);
const rng = new Prng(7);
const rows: number[] = Array.from({ length: DIM }, () => rng.normal());
function pieceIds(text: string): number[] {
  return [...text.toLowerCase().matchAll(/[a-z0-9]+|[^\sa-z0-9]/g)].map(([piece]) => {
    let id = vocab.get(piece);
    if (id === undefined) {
      vocab.set(piece, (id = vocab.size));
      for (let j = 0; j < DIM; j++) rows.push(rng.normal());
    }
    return id;
  });
}
// Every piece the tests use gets its row up front (the table is then fixed).
for (const s of MINI_ESCO) pieceIds([s.preferredLabel, ...s.altLabels, ...(s.hiddenLabels ?? [])].join(' '));
const TEXTS = [
  'Senior developer: Java, Node.js and C# (3 yrs); you will manage databases.',
  'Research & development of .NET services, customer communication.',
];
for (const t of TEXTS) pieceIds(t);
const table = Float32Array.from(rows);
const tokens: TokenTable = { table, dim: DIM, pieceIds };

function embed(text: string): Float32Array {
  const v = new Float32Array(DIM);
  for (const id of pieceIds(text)) for (let j = 0; j < DIM; j++) v[j]! += table[id * DIM + j]!;
  const n = Math.hypot(...v);
  return n > 0 ? v.map((x) => x / n) : v;
}
const encoder: Encoder = { id: 'mini-static', dimensions: DIM, encode: async (texts) => texts.map(embed), dispose: async () => undefined };
const skills = extractionSkillsFromEsco(MINI_ESCO);
const index = await SkillIndex.build(corpusFromEsco(MINI_ESCO as never, 'mini'), encoder, { backend: 'exact' });
const matrix = new Float32Array(skills.length * DIM);
for (let s = 0; s < skills.length; s++) matrix.set(index.skillVector(s), s * DIM);

describe('DenseScorer', () => {
  it('sums phrase vectors from tokens and gaps exactly as encoding each phrase text', () => {
    const scorer = new DenseScorer(matrix, DIM, tokens);
    for (const text of TEXTS) {
      const toks = tokenize(text);
      const phrases = candidatePhrases(text, toks);
      const pv = scorer.phraseVectors(text, toks, phrases, (t) => !STOPWORDS.has(toks[t]!.norm));
      expect(pv.count).toBe(phrases.length);
      phrases.forEach((p, i) => {
        const expected = embed(text.slice(p.start, p.end));
        const got = pv.vectors.subarray(i * DIM, (i + 1) * DIM);
        for (let j = 0; j < DIM; j++) expect(got[j]).toBeCloseTo(expected[j]!, 5);
      });
    }
  });

  it('scores proposed skills exactly as the complete ranking, and proposes its best skills', () => {
    const scorer = new DenseScorer(matrix, DIM, tokens, { perPiece: 3, minProposals: 4 });
    for (const text of TEXTS) {
      const toks = tokenize(text);
      const phrases = candidatePhrases(text, toks);
      const segmentOf = phrases.map((_, i) => i);
      const pv = scorer.phraseVectors(text, toks, phrases, (t) => !STOPWORDS.has(toks[t]!.norm));
      const all = scorer.scoreAll(pv, segmentOf, 0);
      const top = scorer.scoreProposals(pv, segmentOf, 0, 4);
      expect(top.size).toBeGreaterThan(0);
      for (const [s, hit] of top) {
        expect(hit.score).toBeLessThanOrEqual(all.score[s]! + 1e-6);
        expect(hit.evidence).toBeGreaterThan(0);
      }
      const best = [...all.score.keys()].sort((a, b) => all.score[b]! - all.score[a]!)[0]!;
      expect(top.get(best)?.score).toBeCloseTo(all.score[best]!, 5);
    }
  });
});

describe('piece → skill lists on disk', () => {
  it('round-trips: a scorer loading saved lists scores exactly as the one that computed them', () => {
    const built = new DenseScorer(matrix, DIM, tokens, { perPiece: 3 });
    expect(() => built.serializePieceLists()).toThrow();
    built.precomputeAllPieces();
    // As read from a file: a Buffer that is a view at an offset into a larger one.
    const padded = Buffer.alloc(built.serializePieceLists().length + 8);
    padded.set(built.serializePieceLists(), 8);
    const bytes = padded.subarray(8);
    const loaded = new DenseScorer(matrix, DIM, tokens, { perPiece: 3 });
    expect(loaded.loadPieceLists(bytes)).toBe(true);
    expect(loaded.knownPieces).toBe(table.length / DIM);
    expect(new DenseScorer(matrix, DIM, tokens, { perPiece: 4 }).loadPieceLists(bytes)).toBe(false);
    expect(loaded.loadPieceLists(bytes.subarray(0, bytes.length - 1))).toBe(false);
    const text = TEXTS[0]!;
    const toks = tokenize(text);
    const phrases = candidatePhrases(text, toks);
    const args = (sc: DenseScorer) => sc.phraseVectors(text, toks, phrases, (t) => !STOPWORDS.has(toks[t]!.norm));
    const segmentOf = phrases.map((_, i) => i);
    expect([...loaded.scoreProposals(args(loaded), segmentOf, 0.3, 4)]).toEqual([...built.scoreProposals(args(built), segmentOf, 0.3, 4)]);
  });
});

describe('engine with the static fast path', () => {
  const engine = new ExtractionEngine({ skills, lexical: new LexicalMatcher(skills), dense: { encoder, index, tokens } });
  const generic = new ExtractionEngine({ skills, lexical: new LexicalMatcher(skills), dense: { encoder, index } });

  it('ranks every skill the same with and without the piece table', async () => {
    expect(engine.hasTokenTable).toBe(true);
    expect(generic.hasTokenTable).toBe(false);
    for (const text of TEXTS) {
      const fast = await engine.rankAll(text, 'dense');
      const slow = await generic.rankAll(text, 'dense');
      for (let s = 0; s < skills.length; s++) expect(fast[s]).toBeCloseTo(slow[s]!, 5);
    }
  });

  it('returns dense mentions whose spans are in the text', async () => {
    const result = await engineExtractor(engine, 'dense').extract(TEXTS[0]!, { k: 5, threshold: 0 });
    expect(result.skills.length).toBeGreaterThan(0);
    for (const m of result.mentions) expect(TEXTS[0]!.slice(m.start, m.end)).toBe(m.surface);
  });
});
