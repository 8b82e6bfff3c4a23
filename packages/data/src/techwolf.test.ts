import { dataDirPath } from './data-dir.ts';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEscoSkills } from './esco.ts';
import { loadTaskBDir } from './taskb.ts';
import {
  loadTechWolfSplit,
  loadTechWolfVacancies,
  loadTechWolfVacanciesV111,
  mapSkillLabels,
  splitVacancies,
  TECHWOLF_FILE,
  TECHWOLF_SPLIT,
  techWolfTaskB,
  writeTaskBDir,
} from './techwolf.ts';

const realDataDir = dataDirPath();
const realParquet = join(realDataDir, 'techwolf_vacancies', 'job_skill.parquet');

/** A parquet file with the real file's layout: title + two parallel 3-level LIST columns. */
function vacancyParquet(rows: { title: string | null; names: string[]; probs: number[] }[]): ArrayBuffer {
  const list = (name: string, element: Record<string, unknown>) => [
    { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', repetition_type: 'OPTIONAL', ...element },
  ];
  return parquetWriteBuffer({
    schema: [
      { name: 'root', num_children: 3 },
      { name: 'title', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      ...list('skill_name', { type: 'BYTE_ARRAY', converted_type: 'UTF8' }),
      ...list('skill_prob_avg', { type: 'DOUBLE' }),
    ] as never,
    columnData: [
      { name: 'title', data: rows.map((r) => r.title) },
      { name: 'skill_name', data: rows.map((r) => r.names) },
      { name: 'skill_prob_avg', data: rows.map((r) => r.probs) },
    ],
  });
}

const SKILLS = [
  { uri: 'u:1', preferredLabel: 'use spreadsheets software', altLabels: ['spreadsheets'] },
  { uri: 'u:2', preferredLabel: 'drive trucks', altLabels: ['operate a lorry'] },
  { uri: 'u:3', preferredLabel: 'arrange pick-up', altLabels: [] },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'techwolf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('TechWolf vacancies', () => {
  it('reads LIST columns and maps v1.2.0 labels to v1.1.1 (preferred, alt, normalized), listing what did not map', async () => {
    const file = join(dir, 'ok.parquet');
    await writeFile(
      file,
      new Uint8Array(
        vacancyParquet([
          { title: ' Truck Driver (m/w/d) ', names: ['drive trucks', 'operate a lorry', 'arrange pick‐up', 'think innovatively'], probs: [0.9, 0.5, 0.4, 0.3] },
          { title: 'Analyst', names: ['use spreadsheets software', 'think innovatively'], probs: [0.7, 0.2] },
        ]),
      ),
    );
    const raw = await loadTechWolfVacancies(file);
    expect(raw[0]).toEqual({
      row: 0,
      title: 'Truck Driver (m/w/d)',
      skills: [
        { label: 'drive trucks', probability: 0.9, occurrence: null },
        { label: 'operate a lorry', probability: 0.5, occurrence: null },
        { label: 'arrange pick‐up', probability: 0.4, occurrence: null },
        { label: 'think innovatively', probability: 0.3, occurrence: null },
      ],
    });
    const { vacancies, mapping } = await loadTechWolfVacanciesV111(file, SKILLS);
    expect(mapping.counts).toEqual({ preferred: 2, alt: 1, normalized: 1, unmapped: 1 });
    expect(mapping.unmapped).toEqual([{ label: 'think innovatively', vacancies: 2 }]);
    expect(mapping.itemCoverage).toBeCloseTo(4 / 6, 12);
    // "drive trucks" and its alt label are one skill: the higher probability is kept.
    expect(vacancies[0]!.skills).toEqual([
      { uri: 'u:2', probability: 0.9 },
      { uri: 'u:3', probability: 0.4 },
    ]);
  });

  it('a row whose lists differ in length, or with no title, is a DataError naming the row and field', async () => {
    const uneven = join(dir, 'uneven.parquet');
    await writeFile(uneven, new Uint8Array(vacancyParquet([{ title: 'a', names: ['x'], probs: [0.5] }, { title: 'b', names: ['x', 'y'], probs: [0.5] }])));
    await expect(loadTechWolfVacancies(uneven)).rejects.toMatchObject({ code: 'MALFORMED_ROW', row: 1, field: 'skill_prob_avg' });
    const untitled = join(dir, 'untitled.parquet');
    await writeFile(untitled, new Uint8Array(vacancyParquet([{ title: null, names: [], probs: [] }])));
    await expect(loadTechWolfVacancies(untitled)).rejects.toMatchObject({ code: 'INVALID_VALUE', row: 0, field: 'title' });
    const badProb = join(dir, 'prob.parquet');
    await writeFile(badProb, new Uint8Array(vacancyParquet([{ title: 'a', names: ['x'], probs: [1.5] }])));
    await expect(loadTechWolfVacancies(badProb)).rejects.toMatchObject({ code: 'INVALID_VALUE', field: 'skill_prob_avg' });
  });

  it('splits by normalized title, deterministically and independently of row order', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ title: `Title ${i % 1000}` }));
    const a = splitVacancies(rows, { devFraction: 0.1, seed: 42 });
    const b = splitVacancies([...rows].reverse(), { devFraction: 0.1, seed: 42 });
    expect(new Set(a.dev.map((r) => r.title))).toEqual(new Set(b.dev.map((r) => r.title)));
    const devTitles = new Set(a.dev.map((r) => r.title.toLowerCase()));
    expect(a.train.some((r) => devTitles.has(r.title.toLowerCase()))).toBe(false); // a repeated title stays on one side
    expect(a.dev.length / rows.length).toBeGreaterThan(0.07);
    expect(a.dev.length / rows.length).toBeLessThan(0.13);
    expect(splitVacancies(rows, { seed: 7 }).dev).not.toEqual(a.dev);
  });

  it('loadTechWolfSplit: TECHWOLF_FILE of a data directory split by TECHWOLF_SPLIT, null when the file is absent', async () => {
    const dataDir = join(dir, 'data');
    expect(await loadTechWolfSplit(dataDir, SKILLS)).toBeNull();
    const rows = Array.from({ length: 200 }, (_, i) => ({ title: `driver ${i}`, names: ['drive trucks'], probs: [0.8] }));
    await mkdir(join(dataDir, 'techwolf_vacancies'), { recursive: true });
    await writeFile(join(dataDir, TECHWOLF_FILE), new Uint8Array(vacancyParquet(rows)));
    const split = await loadTechWolfSplit(dataDir, SKILLS);
    const { vacancies } = await loadTechWolfVacanciesV111(join(dataDir, TECHWOLF_FILE), SKILLS);
    expect(split).toEqual({ ...splitVacancies(vacancies, TECHWOLF_SPLIT), mapping: expect.anything() });
    expect(split!.dev.length).toBeGreaterThan(0);
    expect(split!.train[0]!.skills).toEqual([{ uri: 'u:2', probability: 0.8 }]);
    expect(TECHWOLF_SPLIT).toEqual({ devFraction: 0.1, seed: 42 });
  });

  it('writes a Task B directory that loadTaskBDir reads back (quotes in aliases and titles survive)', async () => {
    const skills = [...SKILLS, { uri: 'u:4', preferredLabel: "operate 'special' equipment", altLabels: ['say "hi"'] }];
    const contents = techWolfTaskB(
      [
        { row: 0, title: 'Truck "long haul" driver', skills: [{ uri: 'u:2', probability: 0.9 }] },
        { row: 1, title: 'truck "long haul" DRIVER', skills: [{ uri: 'u:4', probability: 0.4 }] },
        { row: 2, title: 'nothing mapped', skills: [] },
      ],
      skills,
    );
    const out = join(dir, 'taskb');
    await writeTaskBDir(out, contents);
    const data = await loadTaskBDir(out);
    expect(data.queries).toEqual([{ qId: 'tw_qb_jt_1', jobTitle: 'Truck "long haul" driver' }]);
    expect(data.corpus.map((c) => c.aliases)).toEqual(skills.map((s) => [s.preferredLabel, ...s.altLabels]));
    expect(data.qrels!.map((q) => [q.qId, q.docId, q.grade])).toEqual([
      ['tw_qb_jt_1', 'tw_cb_sk_2', 1],
      ['tw_qb_jt_1', 'tw_cb_sk_4', 1],
    ]);
  });
});

describe.skipIf(!existsSync(realParquet))('the real TechWolf file', () => {
  it('4,633 vacancies; ≥ 97 % of skill items map to ESCO v1.1.1 and the rest is listed', { timeout: 60_000 }, async () => {
    const skills = await loadEscoSkills(join(realDataDir, 'esco_v1.1.1', 'skills_en.csv'));
    const { vacancies, mapping } = await loadTechWolfVacanciesV111(realParquet, skills);
    expect(vacancies).toHaveLength(4633);
    expect(mapping.itemCoverage).toBeGreaterThan(0.97);
    expect(mapping.unmapped.length).toBe(mapping.counts.unmapped);
    expect(mapping.unmapped.length).toBeGreaterThan(0);
    const { dev } = splitVacancies(vacancies, { devFraction: 0.1, seed: 42 });
    expect(dev.length).toBeGreaterThan(350);
    expect(dev.length).toBeLessThan(580);
  });
});
