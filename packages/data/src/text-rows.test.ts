import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTextRows } from './text-rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'jobskill-text-rows-'));

describe('loadTextRows', () => {
  it('reads one text per non-blank line of a .txt file, with its line', async () => {
    const file = join(dir, 'titles.txt');
    writeFileSync(file, 'data scientist\n\n  welder  \nsous chef\n');
    const { records, skipped } = await loadTextRows(file);
    expect(records).toEqual([
      { row: 0, line: 1, id: '0', text: 'data scientist' },
      { row: 1, line: 3, id: '1', text: 'welder' },
      { row: 2, line: 4, id: '2', text: 'sous chef' },
    ]);
    expect(skipped).toEqual([]);
  });

  it('reads a table column with ids; empty, non-text and over-long texts are reported with row and field', async () => {
    const file = join(dir, 'titles.jsonl');
    writeFileSync(file, ['{"id":"a","title":"nurse"}', '{"id":"b","title":""}', '{"id":"c","title":7}', `{"id":"d","title":"${'x'.repeat(50)}"}`, '{"id":"e","title":"pilot"}'].join('\n'));
    const { records, skipped } = await loadTextRows(file, { textCol: 'title', idCol: 'id', lenient: true, maxTextLength: 20 });
    expect(records.map((r) => [r.id, r.text])).toEqual([['a', 'nurse'], ['e', 'pilot']]);
    expect(skipped.map((s) => [s.row, s.field, s.code])).toEqual([[1, 'title', 'INVALID_VALUE'], [2, 'title', 'WRONG_TYPE'], [3, 'title', 'INVALID_VALUE']]);
    expect(skipped[2]!.reason).toMatch(/50 characters, over the limit of 20/);
    await expect(loadTextRows(file, { textCol: 'title' })).rejects.toMatchObject({ code: 'INVALID_VALUE', row: 1, field: 'title' });
    await expect(loadTextRows(file, { textCol: 'name' })).rejects.toMatchObject({ code: 'MISSING_COLUMN', field: 'name' });
  });
});
