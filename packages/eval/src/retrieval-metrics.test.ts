import { describe, expect, it } from 'vitest';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirPath, JobskillError } from '@jobskill/data';
import {
  OFFICIAL_METRICS,
  binarizeQrels,
  evaluateRun,
  evaluateRunPerQuery,
  parseMetricName,
  qrelsFromRecords,
  sortRanking,
  type Qrels,
  type Run,
} from './retrieval-metrics.ts';
import { readQrels, readTrecRun } from './trec.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
// A relative $JOBSKILL_DATA_DIR (e.g. ../shared/data in CI) is taken relative to the repo root.
const dataDir = dataDirPath();
const toyDir = resolve(dataDir, 'talentclef2026_taskB_toy');

const q = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));
const r = (entries: Record<string, number>) => Object.entries(entries).map(([docId, score]) => ({ docId, score }));
const log2 = Math.log2;

/*
 * Hand-computed case, query q1.
 *   qrels: a=2, b=1, c=1, z=0 (judged non-relevant) → R = 3 relevant docs
 *   run (score): x .9, a .8, c .7, y .6, b .5  (given out of order on purpose)
 *   rank:        1     2     3     4     5
 *   grade:       0     2     1     0     1     relevant hits at ranks 2, 3, 5
 * graded DCG  = 2/log2(3) + 1/log2(4) + 1/log2(6) = 1.26186 + 0.5 + 0.38685 = 2.14871
 * graded IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.63093 + 0.5       = 3.13093 → nDCG 0.686286
 * binary DCG  = 1/log2(3) + 1/log2(4) + 1/log2(6) = 1.51778; IDCG = 1 + 0.63093 + 0.5 = 2.13093 → 0.712263
 * AP  = (P@2 + P@3 + P@5) / 3 = (1/2 + 2/3 + 3/5) / 3 = 0.58889
 * RR  = 1/2; P@5 = 3/5; P@10 = 3/10 (ranx divides by k even with 5 docs); P@100 = 3/100
 * nDCG@2 graded = (2/log2 3) / (2 + 1/log2 3) = 0.47962;  AP@2 = (1/2) / 3 (divided by R, not min(k, R))
 * recall@3 = 2/3; hit_rate@1 = 0; hit_rate@2 = 1; mrr@1 = 0
 * q2: judged d=1, absent from the run → 0 everywhere. q4: only a grade-0 judgement → 0 everywhere.
 * q3: in the run, not in the qrels → ignored. Means are over q1, q2, q4 (÷ 3).
 */
const handQrels: Qrels = new Map([
  ['q1', q({ a: 2, b: 1, c: 1, z: 0 })],
  ['q2', q({ d: 1 })],
  ['q4', q({ e: 0 })],
]);
const handRun: Run = new Map([
  ['q1', r({ b: 0.5, x: 0.9, y: 0.6, a: 0.8, c: 0.7 })],
  ['q3', r({ a: 1 })],
  ['q4', r({ e: 1, f: 0.5 })],
]);

describe('evaluateRun: hand-computed case', () => {
  const metrics = [...OFFICIAL_METRICS, 'ndcg@2', 'map@2', 'recall@3', 'hit_rate@1', 'hit_rate@2', 'accuracy@2', 'mrr@1', 'hits@5'];

  it('graded per query', () => {
    const { perQuery } = evaluateRunPerQuery(handQrels, handRun, { graded: true, metrics });
    const p = (m: string) => perQuery[m]!['q1']!;
    expect(p('ndcg')).toBeCloseTo((2 / log2(3) + 1 / log2(4) + 1 / log2(6)) / (2 + 1 / log2(3) + 1 / log2(4)), 14);
    expect(p('ndcg')).toBeCloseTo(0.686286, 6);
    expect(p('map')).toBeCloseTo((1 / 2 + 2 / 3 + 3 / 5) / 3, 14);
    expect(p('mrr')).toBe(0.5);
    expect(p('precision@5')).toBeCloseTo(0.6, 14);
    expect(p('precision@10')).toBeCloseTo(0.3, 14);
    expect(p('precision@100')).toBeCloseTo(0.03, 14);
    expect(p('ndcg@2')).toBeCloseTo(2 / log2(3) / (2 + 1 / log2(3)), 14);
    expect(p('map@2')).toBeCloseTo(0.5 / 3, 14);
    expect(p('recall@3')).toBeCloseTo(2 / 3, 14);
    expect(p('hit_rate@1')).toBe(0);
    expect(p('hit_rate@2')).toBe(1);
    expect(p('accuracy@2')).toBe(1);
    expect(p('mrr@1')).toBe(0);
    expect(p('hits@5')).toBe(3);
    for (const m of metrics) {
      expect(perQuery[m]!['q2']).toBe(0);
      expect(perQuery[m]!['q4']).toBe(0);
      expect(perQuery[m]!['q3']).toBeUndefined();
    }
  });

  it('means divide by the number of qrels queries, missing run queries count as 0', () => {
    const mean = evaluateRun(handQrels, handRun, { graded: true, metrics });
    expect(mean['map']).toBeCloseTo((1 / 2 + 2 / 3 + 3 / 5) / 3 / 3, 14);
    expect(mean['mrr']).toBeCloseTo(0.5 / 3, 14);
    expect(Object.keys(mean)).toEqual(metrics);
  });

  it('binary mode changes nDCG only', () => {
    const graded = evaluateRunPerQuery(handQrels, handRun, { graded: true, metrics }).perQuery;
    const binary = evaluateRunPerQuery(handQrels, handRun, { graded: false, metrics }).perQuery;
    expect(binary['ndcg']!['q1']).toBeCloseTo((1 / log2(3) + 1 / log2(4) + 1 / log2(6)) / (1 + 1 / log2(3) + 1 / log2(4)), 14);
    expect(binary['ndcg']!['q1']).toBeCloseTo(0.712263, 6);
    for (const m of metrics.filter((m) => !m.startsWith('ndcg'))) expect(binary[m]).toEqual(graded[m]);
  });

  it('defaults to the six official metrics, graded', () => {
    expect(Object.keys(evaluateRun(handQrels, handRun))).toEqual([...OFFICIAL_METRICS]);
    expect(evaluateRun(handQrels, handRun)['ndcg']).toBeCloseTo(evaluateRun(handQrels, handRun, { graded: true })['ndcg']!, 15);
  });

  it('a perfect run scores 1 on map, mrr, ndcg', () => {
    const perfect: Run = new Map([['q1', r({ a: 3, b: 2, c: 1 })]]);
    const qr: Qrels = new Map([['q1', q({ a: 2, b: 1, c: 1 })]]);
    const m = evaluateRun(qr, perfect);
    expect(m['map']).toBe(1);
    expect(m['mrr']).toBe(1);
    expect(m['ndcg']).toBeCloseTo(1, 15);
    // Swapping the grade-2 doc below a grade-1 one hurts graded nDCG but not binary nDCG.
    const swapped: Run = new Map([['q1', r({ b: 3, a: 2, c: 1 })]]);
    expect(evaluateRun(qr, swapped)['ndcg']).toBeLessThan(1);
    expect(evaluateRun(qr, swapped, { graded: false })['ndcg']).toBeCloseTo(1, 15);
  });
});

describe('tie-breaking', () => {
  it('ties in score are ordered by doc id ascending, whatever the input order', () => {
    expect(sortRanking(r({ n: 0.5, m: 0.5, z: 0.7 })).map((e) => e.docId)).toEqual(['z', 'm', 'n']);
    const qr: Qrels = new Map([['q', q({ n: 1 })]]);
    // n ties with m and comes after it (m < n): reciprocal rank 1/2 in both insertion orders.
    expect(evaluateRun(qr, new Map([['q', r({ n: 0.5, m: 0.5 })]]))['mrr']).toBe(0.5);
    expect(evaluateRun(qr, new Map([['q', r({ m: 0.5, n: 0.5 })]]))['mrr']).toBe(0.5);
  });
});

describe('input checks', () => {
  it('rejects unknown metrics, listing the valid ones', () => {
    expect(() => parseMetricName('ndcg_at_10')).toThrow(/valid: map\[@k\]/);
    expect(() => parseMetricName('precision@0')).toThrow(JobskillError);
    expect(parseMetricName('recall@100')).toEqual({ name: 'recall@100', kind: 'recall', k: 100 });
  });
  it('rejects empty qrels, duplicate docs and non-finite scores', () => {
    expect(() => evaluateRun(new Map(), handRun)).toThrow(/no query/);
    expect(() => evaluateRun(handQrels, new Map([['q1', r({ a: 1 }).concat(r({ a: 0.5 }))]]))).toThrow(/listed twice/);
    expect(() => evaluateRun(handQrels, new Map([['q1', [{ docId: 'a', score: Number.NaN }]]]))).toThrow(/non-finite/);
    expect(() =>
      qrelsFromRecords([
        { qId: 'q', docId: 'a', grade: 1 },
        { qId: 'q', docId: 'a', grade: 2 },
      ]),
    ).toThrow(/twice/);
  });
  it('binarizeQrels maps every grade > 0 to 1 and keeps the rest', () => {
    const b = binarizeQrels(new Map([['q', q({ a: 2, b: 1, c: 0, d: 3 })]]));
    expect([...b.get('q')!]).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 0],
      ['d', 1],
    ]);
  });
});

/*
 * Expected numbers below were computed independently with packages/eval/scripts/reference_metrics.py
 * (a separate stdlib-only Python 3 implementation written from ranx's metric definitions):
 *   python3 packages/eval/scripts/reference_metrics.py <qrels> <run>
 * Reference metric list there: map mrr ndcg precision@5/@10/@100 ndcg@10 recall@10 recall@100
 * hit_rate@1 hit_rate@5 map@5 mrr@3.
 */
const REFERENCE_METRICS = [
  ...OFFICIAL_METRICS,
  'ndcg@10',
  'recall@10',
  'recall@100',
  'hit_rate@1',
  'hit_rate@5',
  'map@5',
  'mrr@3',
];

function expectClose(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [m, v] of Object.entries(expected)) expect(actual[m], m).toBeCloseTo(v, 12);
}

describe('TalentCLEF 2026 toy data (sample_run.txt vs qrels.tsv)', () => {
  // reference_metrics.py ../shared/data/talentclef2026_taskB_toy/{qrels.tsv,sample_run.txt}
  const expectedBinary = {
    map: 0.4117328042328043,
    mrr: 0.33333333333333337,
    ndcg: 0.591578272221599,
    'precision@5': 0.39999999999999997,
    'precision@10': 0.5,
    'precision@100': 0.049999999999999996,
    'ndcg@10': 0.591578272221599,
    'recall@10': 0.9172619047619047,
    'recall@100': 0.9172619047619047,
    'hit_rate@1': 0.0,
    'hit_rate@5': 1.0,
    'map@5': 0.1357539682539683,
    'mrr@3': 0.33333333333333337,
  };
  const expectedGraded = {
    ...expectedBinary,
    ndcg: 0.5831581433407498,
    'ndcg@10': 0.5831581433407498,
  };

  it('binary and graded match the independent reference', async () => {
    const qrels = await readQrels(resolve(toyDir, 'qrels.tsv'));
    const run = await readTrecRun(resolve(toyDir, 'sample_run.txt'));
    expect(qrels.size).toBe(10);
    expect([...qrels.values()].reduce((n, d) => n + d.size, 0)).toBe(56);
    expectClose(evaluateRun(qrels, run, { graded: false, metrics: REFERENCE_METRICS }), expectedBinary);
    expectClose(evaluateRun(qrels, run, { graded: true, metrics: REFERENCE_METRICS }), expectedGraded);
  });
});

describe('synthetic fixture with ties, grade 0/1/2/3, a missing and an unjudged query', () => {
  // src/__fixtures__/synthetic-{qrels.tsv,run.txt}: 7 judged queries (q5 absent from the run, q7 only
  // grade 0), q8 only in the run; coarse scores so many docs tie; rank column not in score order.
  const expectedBinary = {
    map: 0.12392465533221834,
    mrr: 0.29183673469387755,
    ndcg: 0.2716348439930894,
    'precision@5': 0.1142857142857143,
    'precision@10': 0.12857142857142856,
    'precision@100': 0.038571428571428576,
    'ndcg@10': 0.14182792402581218,
    'recall@10': 0.13514739229024944,
    'recall@100': 0.4303854875283446,
    'hit_rate@1': 0.14285714285714285,
    'hit_rate@5': 0.5714285714285714,
    'map@5': 0.03299319727891157,
    'mrr@3': 0.21428571428571427,
  };
  const expectedGraded = { ...expectedBinary, ndcg: 0.23908404294189184, 'ndcg@10': 0.12966045739364238 };

  it('matches the independent reference', async () => {
    const qrels = await readQrels(resolve(here, '__fixtures__/synthetic-qrels.tsv'));
    const run = await readTrecRun(resolve(here, '__fixtures__/synthetic-run.txt'));
    expectClose(evaluateRun(qrels, run, { graded: false, metrics: REFERENCE_METRICS }), expectedBinary);
    expectClose(evaluateRun(qrels, run, { graded: true, metrics: REFERENCE_METRICS }), expectedGraded);
  });
});
