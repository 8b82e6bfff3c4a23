import { evaluateRun, type Qrels, type Run } from '@jobskill/eval';
import { loadSkillBenchmark, rankingMetrics, topIndices, type BenchmarkSentence, type LoadedBenchmark } from './benchmark.ts';
import type { ExtractionEngine } from './extractor.ts';
import type { ExtractionMethod } from './types.ts';

export interface ExtractionEvalRow {
  split: string;
  method: ExtractionMethod | `extract:${ExtractionMethod}`;
  sentences: number;
  rp5: number;
  rp10: number;
  mrr: number;
}

export interface ExtractionEvalReport {
  rows: ExtractionEvalRow[];
  splits: { split: string; file: string; rows: number; sentences: number; unmappedGold: { label: string; count: number }[] }[];
}

/** Rank depth kept per sentence for MRR (the first relevant skill beyond it counts as not found). */
const RUN_DEPTH = 1000;

/**
 * Ranks all ESCO skills per benchmark sentence with each method and scores the rankings (RP@5, RP@10, MRR).
 * `halves`: also report the first and second half (file order) of a split separately.
 */
export async function evalSkillExtraction(options: {
  engine: ExtractionEngine;
  files: Record<string, string>;
  methods?: (ExtractionMethod | `extract:${ExtractionMethod}`)[];
  halves?: string[];
  onProgress?: (done: number, total: number, split: string) => void;
}): Promise<ExtractionEvalReport> {
  const { engine } = options;
  const methods = options.methods ?? (engine.hasDense ? (['lexical', 'dense', 'combined'] as const) : (['lexical'] as const));
  const uriByLabel = new Map(engine.skills.map((s) => [s.label.toLowerCase(), s.uri]));
  const rows: ExtractionEvalRow[] = [];
  const splits: ExtractionEvalReport['splits'] = [];
  for (const [split, file] of Object.entries(options.files)) {
    const bench: LoadedBenchmark = await loadSkillBenchmark(file, uriByLabel);
    splits.push({ split, file, rows: bench.rows, sentences: bench.sentences.length, unmappedGold: bench.unmapped });
    rows.push(...(await evalSentences({ engine, split, sentences: bench.sentences, methods, halves: options.halves?.includes(split) ?? false, ...(options.onProgress ? { onProgress: options.onProgress } : {}) })));
  }
  return { rows, splits };
}

/**
 * Scores sentences with gold skills: `method` rows rank every skill (`rankAll`); `extract:<method>` rows rank what
 * the served fast path returns (`extract` with threshold 0), to check it finds what the complete ranking finds.
 */
export async function evalSentences(options: {
  engine: ExtractionEngine;
  split: string;
  sentences: readonly BenchmarkSentence[];
  methods: readonly (ExtractionMethod | `extract:${ExtractionMethod}`)[];
  halves?: boolean;
  onProgress?: (done: number, total: number, split: string) => void;
}): Promise<ExtractionEvalRow[]> {
  const { engine, split, sentences } = options;
  const rows: ExtractionEvalRow[] = [];
  const half = Math.floor(sentences.length / 2);
  const parts: [string, number, number][] = [[split, 0, sentences.length]];
  if (options.halves) parts.push([`${split} dev half`, 0, half], [`${split} held-out half`, half, sentences.length]);
  for (const method of options.methods) {
    const rankings: string[][] = [];
    for (const [i, { sentence }] of sentences.entries()) {
      if (method.startsWith('extract:')) {
        const result = await engine.extract(sentence, method.slice('extract:'.length) as ExtractionMethod, { k: 10, threshold: 0 });
        rankings.push(result.skills.map((s) => s.uri));
      } else {
        const scores = await engine.rankAll(sentence, method as ExtractionMethod);
        rankings.push(topIndices(scores, RUN_DEPTH).map((s) => engine.skills[s]!.uri));
      }
      options.onProgress?.(i + 1, sentences.length, `${split}/${method}`);
    }
    for (const [name, from, to] of parts) {
      const qrels: Qrels = new Map();
      const run: Run = new Map();
      let rp5 = 0;
      let rp10 = 0;
      for (let q = from; q < to; q++) {
        const gold = sentences[q]!.gold;
        const m = rankingMetrics(rankings[q]!, gold);
        rp5 += m.rp5;
        rp10 += m.rp10;
        qrels.set(String(q), new Map(gold.map((u) => [u, 1])));
        run.set(String(q), rankings[q]!.map((docId, r) => ({ docId, score: RUN_DEPTH - r })));
      }
      const n = to - from;
      const mrr = evaluateRun(qrels, run, { metrics: ['mrr'] }).mrr ?? 0;
      rows.push({ split: name, method, sentences: n, rp5: rp5 / n, rp10: rp10 / n, mrr });
    }
  }
  return rows;
}

export function formatExtractionTable(report: ExtractionEvalReport): string {
  const lines = ['| split | method | sentences | RP@5 | RP@10 | MRR |', '|---|---|---:|---:|---:|---:|'];
  for (const r of report.rows) {
    lines.push(`| ${r.split} | ${r.method} | ${r.sentences} | ${r.rp5.toFixed(4)} | ${r.rp10.toFixed(4)} | ${r.mrr.toFixed(4)} |`);
  }
  for (const s of report.splits) {
    const total = s.unmappedGold.reduce((sum, u) => sum + u.count, 0);
    const list = s.unmappedGold.map((u) => `"${u.label}" ×${u.count}`).join(', ');
    lines.push('', `${s.split}: ${s.rows} rows, ${s.sentences} sentences with ≥1 gold skill; ${total} gold label(s) not in ESCO v1.1.1 preferred labels${list ? `: ${list}` : ''}`);
  }
  return lines.join('\n');
}
