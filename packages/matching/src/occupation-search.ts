import { z } from 'zod';
import { JobskillError, type EscoOccupation } from '@jobskill/data';
import type { Encoder } from '@jobskill/encoders';
import { Bm25Index, EncoderOccupationMatcher, EscoGraph, normalizeJobTitle, type EscoGraphInput } from '@jobskill/retrieval';

export interface OccupationHit {
  uri: string;
  label: string;
  score: number;
  code?: string;
}

export const OccupationSearchOptionsSchema = z.object({
  k: z.number().int().positive().max(3007 * 2).default(10),
});
export type OccupationSearchOptions = z.input<typeof OccupationSearchOptionsSchema>;

export const MAX_OCCUPATION_TITLE_LENGTH = 300;

/** Nearest labels fetched from the HNSW graph per title. */
export const OCCUPATION_SEARCH_VARIANTS = 400;

export type OccupationSearchInput = Omit<EscoGraphInput, 'occupations'> & {
  occupations: readonly Pick<EscoOccupation, 'uri' | 'preferredLabel' | 'altLabels' | 'code'>[];
};

/**
 * Title → ESCO occupations. Each occupation is the set of its preferred + alt labels (plus any `extraTitles`,
 * e.g. training vacancy titles); its score is the best cosine of the title's encoder vector over those labels
 * (max, not mean: one close alias is enough evidence). BM25 over the same labels is the lexical baseline.
 */
export class OccupationSearch {
  readonly graph: EscoGraph;
  private readonly meta: { uri: string; label: string; code: string }[];
  private readonly bm25: Bm25Index;

  private constructor(
    graph: EscoGraph,
    meta: { uri: string; label: string; code: string }[],
    private readonly encoder: Encoder,
    private readonly matcher: EncoderOccupationMatcher,
  ) {
    this.graph = graph;
    this.meta = meta;
    this.bm25 = new Bm25Index(graph.occupations.map((o) => ({ id: o.uri, texts: o.variants })));
  }

  /**
   * `extraTitles`: occupation URI → more titles that denote it (the light learned part: labelled vacancy titles).
   * `matcherCacheDir`: open the label vectors and their HNSW graph saved there for this encoder and these labels
   * (`EncoderOccupationMatcher.openOrBuild`) instead of encoding every label at every start.
   */
  static async build(
    esco: OccupationSearchInput,
    encoder: Encoder,
    extraTitles?: ReadonlyMap<string, readonly string[]>,
    options: { matcherCacheDir?: string } = {},
  ): Promise<OccupationSearch> {
    const graph = EscoGraph.fromEsco({ ...esco, ...(extraTitles ? { jobIdToTerms: extraTitles } : {}) });
    if (graph.occupations.length === 0) throw new JobskillError('EMPTY_GRAPH', 'ESCO has no occupations to search');
    const byUri = new Map(esco.occupations.map((o) => [o.uri, o]));
    const meta = graph.occupations.map((o) => {
      const src = byUri.get(o.uri);
      return { uri: o.uri, label: src?.preferredLabel ?? o.variants[0] ?? o.uri, code: src?.code ?? '' };
    });
    const matcher =
      options.matcherCacheDir === undefined
        ? await EncoderOccupationMatcher.build(graph, encoder, { searchVariants: OCCUPATION_SEARCH_VARIANTS })
        : await EncoderOccupationMatcher.openOrBuild(options.matcherCacheDir, graph, encoder, { searchVariants: OCCUPATION_SEARCH_VARIANTS });
    return new OccupationSearch(graph, meta, encoder, matcher);
  }

  get size(): number {
    return this.meta.length;
  }

  occupation(index: number): { uri: string; label: string; code: string } {
    return this.meta[index]!;
  }

  /** Cosine per occupation (−1 where no label was among the nearest). */
  async similarities(title: string): Promise<Float32Array> {
    const [vector] = await this.encoder.encode([normalizeJobTitle(validateOccupationTitle(title)).toLowerCase()]);
    return this.matcher.similarities(vector!);
  }

  async search(title: string, options: OccupationSearchOptions = {}): Promise<OccupationHit[]> {
    const { k } = OccupationSearchOptionsSchema.parse(options);
    return this.top(await this.similarities(title), k);
  }

  /** BM25 over the occupations' labels (the baseline). */
  searchBm25(title: string, options: OccupationSearchOptions = {}): OccupationHit[] {
    const { k } = OccupationSearchOptionsSchema.parse(options);
    return this.bm25.search(normalizeJobTitle(validateOccupationTitle(title)), k).map((h) => ({ ...this.hit(h.index), score: h.score }));
  }

  top(sims: Float32Array, k: number): OccupationHit[] {
    const order = Array.from(sims.keys()).sort((a, b) => sims[b]! - sims[a]! || a - b);
    return order.slice(0, k).map((i) => ({ ...this.hit(i), score: Math.max(0, sims[i]!) }));
  }

  private hit(i: number): OccupationHit {
    const m = this.meta[i]!;
    return m.code ? { uri: m.uri, label: m.label, score: 0, code: m.code } : { uri: m.uri, label: m.label, score: 0 };
  }
}

export function validateOccupationTitle(title: unknown): string {
  if (typeof title !== 'string' || title.trim() === '') throw new JobskillError('INVALID_TITLE', 'title must be a non-empty string');
  if (title.length > MAX_OCCUPATION_TITLE_LENGTH) throw new JobskillError('INVALID_TITLE', `title is longer than ${MAX_OCCUPATION_TITLE_LENGTH} characters`);
  return title.trim();
}
