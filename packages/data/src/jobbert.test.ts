import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.ts';
import { loadJobbertTitles } from './jobbert.ts';
import { loadTitleSimilaritySet } from './title-similarity.ts';
import { dataDirPath } from './data-dir.ts';

const fixtures = join(import.meta.dirname, '__fixtures__');
const dataDir = dataDirPath();

describe('loadJobbertTitles', () => {
  it('reads quoted titles and reports URIs outside the known occupations instead of dropping them', async () => {
    const known = new Set(['http://data.europa.eu/esco/occupation/java', 'http://data.europa.eu/esco/occupation/nurse']);
    const { pairs, unknownOccupations } = await loadJobbertTitles(join(fixtures, 'jobbert/titles.csv'), { knownOccupations: known });
    expect(pairs.map((p) => p.title)).toEqual(['Senior Java Developer', 'Nurse, night shift']);
    expect(unknownOccupations).toEqual([{ title: 'Retired Role', occupationUri: 'http://data.europa.eu/esco/occupation/gone', row: 2 }]);
  });

  it('strict mode names the row and field of an empty title; lenient mode skips and reports both bad rows', async () => {
    const file = join(fixtures, 'jobbert/bad.csv');
    const err = await loadJobbertTitles(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).field).toBe('vacancyTitle');
    expect((err as DataError).row).toBe(1);
    const { pairs } = await loadJobbertTitles(file, { lenient: true });
    expect(pairs.map((p) => p.title)).toEqual(['Good Title']);
    expect(pairs.skipped.map((s) => s.field)).toEqual(['vacancyTitle', 'conceptUri']);
  });

  it.skipIf(!existsSync(join(dataDir, 'jobbert_titles/titles.csv')))('loads the real file: 15,457 pairs over 1,376 distinct occupations', async () => {
    const { pairs } = await loadJobbertTitles(join(dataDir, 'jobbert_titles/titles.csv'));
    expect(pairs).toHaveLength(15457);
    expect(new Set(pairs.map((p) => p.occupationUri)).size).toBe(1376);
  });
});

describe('loadTitleSimilaritySet', () => {
  it('reads queries, corpus and TREC-like judgements', async () => {
    const set = await loadTitleSimilaritySet(join(fixtures, 'title-similarity'));
    expect(set.queries).toEqual([{ id: '3D_Animator', title: '3D Animator' }, { id: 'Nurse', title: 'Nurse' }]);
    expect(set.corpus).toHaveLength(3);
    expect(set.qrels).toEqual([{ qId: '3D_Animator', docId: 'Animation_Artist', grade: 1 }, { qId: 'Nurse', docId: 'Staff_Nurse', grade: 1 }]);
  });

  it('a missing directory is FILE_NOT_FOUND naming the file', async () => {
    const err = await loadTitleSimilaritySet(join(fixtures, 'nope')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('FILE_NOT_FOUND');
    expect((err as DataError).message).toContain('queries.tsv');
  });

  it.skipIf(!existsSync(join(dataDir, 'job_title_similarity_en')))('loads the real set: 105 queries, 2,619 titles, 2,420 judgements', async () => {
    const set = await loadTitleSimilaritySet(join(dataDir, 'job_title_similarity_en'));
    expect([set.queries.length, set.corpus.length, set.qrels.length]).toEqual([105, 2619, 2420]);
  });
});
