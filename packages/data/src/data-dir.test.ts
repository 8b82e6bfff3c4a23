import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { dataDirPath, resolveDataDir } from './data-dir.ts';

const repoRoot = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const saved = process.env.JOBSKILL_DATA_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.JOBSKILL_DATA_DIR;
  else process.env.JOBSKILL_DATA_DIR = saved;
});

describe('dataDirPath / resolveDataDir: one meaning', () => {
  it('flag > $JOBSKILL_DATA_DIR (relative: from the repository root) > <repo>/../shared/data', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'jobskill-data-dir-'));
    process.env.JOBSKILL_DATA_DIR = tmp;
    expect(dataDirPath(join(tmp, 'flag'))).toBe(join(tmp, 'flag'));
    expect(resolveDataDir()).toBe(tmp);
    process.env.JOBSKILL_DATA_DIR = '../somewhere';
    expect(dataDirPath()).toBe(resolve(repoRoot, '../somewhere'));
    delete process.env.JOBSKILL_DATA_DIR;
    expect(dataDirPath()).toBe(resolve(repoRoot, '../shared/data'));
    expect(() => resolveDataDir(join(tmp, 'missing'))).toThrow(/data directory not found: .*missing \(pass --data-dir DIR or set JOBSKILL_DATA_DIR\)/);
  });
});
