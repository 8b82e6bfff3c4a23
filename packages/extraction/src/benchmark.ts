import { loadLabeledTexts } from '@jobskill/data';

/** Rows whose label says the span has no ESCO skill; dropped by the standard protocol. */
export const NON_SKILL_LABELS = Object.freeze(['LABEL NOT PRESENT', 'UNDERSPECIFIED']);

export interface BenchmarkSentence {
  sentence: string;
  /** Gold ESCO URIs (mapped from v1.1.0 preferred labels). */
  gold: string[];
}

export interface LoadedBenchmark {
  sentences: BenchmarkSentence[];
  /** Gold labels with no v1.1.1 preferred label of that spelling (counted, never silently dropped). */
  unmapped: { label: string; count: number }[];
  rows: number;
}

/** The skill-extraction benchmark CSV (`sentence,span,sub_span,label`), grouped by sentence in file order. */
export async function loadSkillBenchmark(file: string, uriByLabel: ReadonlyMap<string, string>): Promise<LoadedBenchmark> {
  const { records } = await loadLabeledTexts(file, { textCol: 'sentence', labelCol: 'label', format: 'csv' });
  const bySentence = new Map<string, Set<string>>();
  const unmapped = new Map<string, number>();
  for (const record of records) {
    let gold = bySentence.get(record.text);
    if (!gold) bySentence.set(record.text, (gold = new Set()));
    const label = record.label.trim();
    if (NON_SKILL_LABELS.includes(label)) continue;
    const uri = uriByLabel.get(label.toLowerCase());
    if (uri === undefined) unmapped.set(label, (unmapped.get(label) ?? 0) + 1);
    else gold.add(uri);
  }
  const sentences = [...bySentence]
    .filter(([, gold]) => gold.size > 0)
    .map(([sentence, gold]) => ({ sentence, gold: [...gold] }));
  return {
    sentences,
    unmapped: [...unmapped].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count),
    rows: records.length,
  };
}

/** RP@K = relevant in the top K / min(K, #gold); reciprocal rank of the first relevant. */
export function rankingMetrics(ranking: readonly string[], gold: readonly string[]): { rp5: number; rp10: number; rr: number } {
  const relevant = new Set(gold);
  const hitsAt = (k: number) => ranking.slice(0, k).filter((u) => relevant.has(u)).length;
  const first = ranking.findIndex((u) => relevant.has(u));
  return {
    rp5: hitsAt(5) / Math.min(5, relevant.size),
    rp10: hitsAt(10) / Math.min(10, relevant.size),
    rr: first < 0 ? 0 : 1 / (first + 1),
  };
}

/** Top `n` skill indices of a score vector, ties by index (deterministic). */
export function topIndices(scores: Float32Array, n: number): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  idx.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return idx.slice(0, n);
}
