import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { dataSummarySection, evalDataDir, repoRoot, sections, toyTaskBSection } from '../scripts/eval.ts';
import { dataDirPath } from '@jobskill/data';

// The eval script's sections on the real data directory (relative $JOBSKILL_DATA_DIR → repo root).
const dataDir = dataDirPath();
const ctx = { dataDir, repoRoot };

describe('scripts/eval.ts', () => {
  it('prints the toy metric table, binary and graded side by side', async () => {
    const out = await toyTaskBSection(ctx);
    expect(out).toContain('| metric        | binary | graded |');
    expect(out).toContain('| map           | 0.4117 | 0.4117 |');
    expect(out).toContain('| ndcg          | 0.5916 | 0.5832 |');
    expect(out).toContain('10 queries; qrels: 10 queries, 56 judgements');
  });

  it('summarises the sources, resumes and Task B directories of the data dir', async () => {
    const out = await dataSummarySection(ctx);
    expect(out).toMatch(/talentclef2026_taskB_toy\s+10\s+30\s+56\s+10\s+2:31 1:25/);
    expect(out).toMatch(/talentclef2025_taskB\/validation\s+152\s+1439\s+13118/);
    expect(out).toMatch(/resumes\/resumes\.parquet\s+220\s+183\s+37/);
  });

  it('resolves a relative data dir against the repo root and fails clearly on a missing one', () => {
    expect(evalDataDir(dataDir)).toBe(dataDir);
    expect(() => evalDataDir('definitely/not/here')).toThrow(/data directory not found/);
    expect(sections.map((s) => s.title)[0]).toBe('Data summary');
  });
});
