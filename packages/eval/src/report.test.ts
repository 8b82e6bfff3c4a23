import { describe, expect, it } from 'vitest';
import { formatMarkdownTable, formatTextTable, metricTable } from './report.ts';

const results = {
  binary: { map: 0.41173, ndcg: 0.5915783 },
  graded: { map: 0.41173, ndcg: 0.5831581, 'ndcg@10': 0.5 },
};

describe('metric tables', () => {
  it('builds rows in first-seen order, or in the given order, with gaps for missing values', () => {
    const t = metricTable(results);
    expect(t.columns).toEqual(['binary', 'graded']);
    expect(t.rows.map((r) => r.label)).toEqual(['map', 'ndcg', 'ndcg@10']);
    expect(t.rows[2]!.values).toEqual([undefined, 0.5]);
    expect(metricTable(results, { metrics: ['ndcg', 'map'] }).rows.map((r) => r.label)).toEqual(['ndcg', 'map']);
  });

  it('formats markdown with fixed decimals and right-aligned numbers', () => {
    expect(formatMarkdownTable(metricTable(results), { decimals: 3 })).toBe(
      [
        '| metric  | binary | graded |',
        '| ------- | -----: | -----: |',
        '| map     |  0.412 |  0.412 |',
        '| ndcg    |  0.592 |  0.583 |',
        '| ndcg@10 |      – |  0.500 |',
      ].join('\n'),
    );
  });

  it('formats plain text', () => {
    expect(formatTextTable(metricTable(results, { rowHeader: 'scenario' }))).toBe(
      [
        'scenario  binary  graded',
        '--------  ------  ------',
        'map       0.4117  0.4117',
        'ndcg      0.5916  0.5832',
        'ndcg@10        –  0.5000',
      ].join('\n'),
    );
  });
});
