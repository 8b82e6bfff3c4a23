import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadOccupationTitles, occupationTitles } from './occupation-titles.ts';
import type { EscoOccupation } from './esco.ts';

const occ = (uri: string, preferredLabel: string, altLabels: string[] = []): EscoOccupation => ({
  uri, code: '1', iscoGroup: '1', preferredLabel, altLabels, hiddenLabels: [], description: '',
});

describe('occupation title suggestions', () => {
  const titles = occupationTitles([
    occ('o:ds', 'data scientist', ['data science engineer', 'Data Analyst']),
    occ('o:db', 'database administrator', ['DBA']),
    occ('o:big', 'big data engineer', ['data engineer']),
    occ('o:meta', 'metadata librarian'),
  ]);

  it('ranks prefix matches, then word starts, then matches inside words; one title per occupation', () => {
    expect(titles.suggest('data').map((s) => [s.label, s.uri])).toEqual([
      ['data scientist', 'o:ds'],
      ['database administrator', 'o:db'],
      ['data engineer', 'o:big'],
      ['metadata librarian', 'o:meta'],
    ]);
    expect(titles.suggest('ANALYST')).toEqual([{ label: 'Data Analyst', uri: 'o:ds', preferredLabel: 'data scientist' }]);
  });
  it('honours the limit, trims and collapses spaces, and answers nothing for a blank or unknown query', () => {
    expect(titles.suggest('data', 2)).toHaveLength(2);
    expect(titles.suggest('  big   data ')[0]!.label).toBe('big data engineer');
    expect(titles.suggest('   ')).toEqual([]);
    expect(titles.suggest('astronaut')).toEqual([]);
  });

  it('loads the fixture ESCO export and names a missing file', async () => {
    const fixtures = resolve(fileURLToPath(new URL('./__fixtures__', import.meta.url)));
    const loaded = await loadOccupationTitles(fixtures, 'esco-mini');
    expect(loaded.suggest('data scien')[0]).toMatchObject({ label: 'data scientist', uri: 'http://data.europa.eu/esco/occupation/o1' });
    const empty = await mkdtemp(join(tmpdir(), 'occ-'));
    await expect(loadOccupationTitles(empty)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining('esco_v1.1.1') });
    await rm(empty, { recursive: true });
  });

  const dataDir = process.env.JOBSKILL_DATA_DIR;
  it.skipIf(!dataDir || !existsSync(join(dataDir, 'esco_v1.1.1')))('suggests real ESCO titles (JOBSKILL_DATA_DIR)', async () => {
    const loaded = await loadOccupationTitles(dataDir!);
    expect(loaded.size).toBeGreaterThan(10_000);
    expect(loaded.suggest('data scientist')[0]!.label).toBe('data scientist');
  });
});
