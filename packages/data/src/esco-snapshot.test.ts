import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEsco } from './esco.ts';
import { fixture } from './__fixtures__/paths.ts';

describe('loadEsco snapshot (parsed ESCO saved per content)', () => {
  let cache: string;
  let escoDir: string;
  const previous = process.env.JOBSKILL_CACHE_DIR;
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'jobskill-esco-cache-'));
    escoDir = mkdtempSync(join(tmpdir(), 'jobskill-esco-'));
    cpSync(fixture('esco-mini'), escoDir, { recursive: true });
    process.env.JOBSKILL_CACHE_DIR = cache;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.JOBSKILL_CACHE_DIR;
    else process.env.JOBSKILL_CACHE_DIR = previous;
    rmSync(cache, { recursive: true, force: true });
    rmSync(escoDir, { recursive: true, force: true });
  });

  it('returns from the snapshot exactly what parsing the CSVs returns', async () => {
    const parsed = await loadEsco(escoDir);
    expect(readdirSync(join(cache, 'esco'))).toHaveLength(1);
    const again = await loadEsco(escoDir);
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(parsed)));
    expect(again.skipped).toEqual([]);
    expect(again.skills[1]?.hiddenLabels).toEqual(['py', 'python3']);
  });

  it('parses again when a CSV changes (the snapshot is keyed on the files\' bytes)', async () => {
    const before = await loadEsco(escoDir);
    const file = join(escoDir, 'skills_en.csv');
    appendFileSync(file, 'KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/new,knowledge,cross-sector,brand new skill,,,released,,,,,"A new one."\n');
    const after = await loadEsco(escoDir);
    expect(after.skills).toHaveLength(before.skills.length + 1);
    expect(after.skills.at(-1)?.preferredLabel).toBe('brand new skill');
    expect(readdirSync(join(cache, 'esco'))).toHaveLength(2);
  });

  it('a damaged snapshot is a miss, not an error', async () => {
    const parsed = await loadEsco(escoDir);
    const [entry] = readdirSync(join(cache, 'esco'));
    writeFileSync(join(cache, 'esco', entry!), '{not json');
    expect((await loadEsco(escoDir)).skills.map((s) => s.uri)).toEqual(parsed.skills.map((s) => s.uri));
  });
});
