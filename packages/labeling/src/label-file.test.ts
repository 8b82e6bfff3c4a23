import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabeler } from './registry.ts';
import { labelFile } from './label-file.ts';
import { fixture, resumesParquet } from './test-data.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobskill-label-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('labelFile (jobskill label)', () => {
  it('labels the real parquet into JSONL, keeping resumes without skills as no-evidence rows', async () => {
    const out = join(dir, 'labels.jsonl');
    const report = await labelFile({ in: resumesParquet, out, labeler: await createLabeler('rules-reference') });
    // 37 resumes without skills + 68 where no reference keyword fired: both are no-evidence answers.
    expect(report).toMatchObject({ written: 220, noEvidence: 37 + 68, labeler: 'rules-reference' });
    expect(report.roles.Other).toBe(68 + 37);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(220);
    expect(Object.keys(lines[0])).toEqual(['id', 'role', 'score', 'labeler', 'evidence', 'noEvidence', 'abstained']);
    expect(lines.filter((l) => l.noEvidence).every((l) => l.role === 'Other' && l.score === 0)).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('CSV in, CSV out with quoted evidence', async () => {
    const out = join(dir, 'labels.csv');
    await labelFile({ in: fixture('resumes-small.csv'), out, labeler: await createLabeler('rules'), idCol: 'id' });
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('id,role,score,labeler,evidence,noEvidence,abstained');
    expect(lines[1]).toMatch(/^r1,Software Engineer,[\d.]+,rules,Java; Spring,false,false$/);
    expect(lines[2]).toMatch(/^r2,Cloud Engineer,/);
    expect(lines[3]).toBe('r3,Other,0,rules,,true,false');
    expect(lines[4]).toBe('r4,Other,0,rules,,true,false');
  });

  it('refuses an unknown output extension before reading anything', async () => {
    await expect(labelFile({ in: resumesParquet, out: join(dir, 'x.txt'), labeler: await createLabeler('rules') })).rejects.toThrow(/use \.jsonl or \.csv/);
  });

  it('neutralizes formula-leading ids in CSV output (OWASP CSV injection)', async () => {
    const input = join(dir, 'hostile.csv');
    await writeFile(input, 'id,skills\n"=cmd|\' /C calc\'!A0","Java, Spring"\n@SUM(A1),Python\n');
    const out = join(dir, 'hostile-labels.csv');
    await labelFile({ in: input, out, labeler: await createLabeler('rules'), idCol: 'id' });
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[1]!.startsWith("'=cmd|")).toBe(true);
    expect(lines[2]!.startsWith("'@SUM(A1)")).toBe(true);
  });

  it('refuses --out equal to --in instead of replacing the input', async () => {
    const input = join(dir, 'same.jsonl');
    await writeFile(input, '{"skills":"Java"}\n');
    await expect(labelFile({ in: input, out: join(dir, '.', 'same.jsonl'), labeler: await createLabeler('rules') })).rejects.toMatchObject({ code: 'OUT_IS_INPUT' });
    expect(await readFile(input, 'utf8')).toBe('{"skills":"Java"}\n');
  });
});
