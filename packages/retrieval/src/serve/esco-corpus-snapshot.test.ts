import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ESCO_CORPUS_SNAPSHOT_FILE, loadEscoCorpus, parseEscoCorpus } from './esco-corpus-snapshot.ts';

const escoMini = fileURLToPath(new URL('../../../data/src/__fixtures__/esco-mini', import.meta.url));

describe('ESCO corpus snapshot beside the index', () => {
  let dataDir: string;
  let indexDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobskill-data-'));
    cpSync(escoMini, join(dataDir, 'esco_v1.1.1'), { recursive: true });
    indexDir = join(dataDir, 'index');
    mkdirSync(indexDir);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves from the snapshot exactly the corpus and transversal skills parsing gives', async () => {
    const parsed = await parseEscoCorpus(dataDir, 'esco-test');
    const first = await loadEscoCorpus(indexDir, dataDir, 'esco-test', { save: true });
    expect(first.fromSnapshot).toBe(false);
    expect(existsSync(join(indexDir, ESCO_CORPUS_SNAPSHOT_FILE))).toBe(true);
    const second = await loadEscoCorpus(indexDir, dataDir, 'esco-test');
    expect(second.fromSnapshot).toBe(true);
    expect(second.corpus).toEqual(parsed.corpus);
    expect([...second.generalSkills]).toEqual([...parsed.generalSkills]);
  });

  it('parses again when skills_en.csv changed or the name differs', async () => {
    await loadEscoCorpus(indexDir, dataDir, 'esco-test', { save: true });
    expect((await loadEscoCorpus(indexDir, dataDir, 'other-name')).fromSnapshot).toBe(false);
    appendFileSync(
      join(dataDir, 'esco_v1.1.1', 'skills_en.csv'),
      'KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/new,knowledge,transversal,brand new skill,,,released,,,,,"New."\n',
    );
    const changed = await loadEscoCorpus(indexDir, dataDir, 'esco-test');
    expect(changed.fromSnapshot).toBe(false);
    expect(changed.corpus.skills.at(-1)?.label).toBe('brand new skill');
    expect(changed.generalSkills.has('http://data.europa.eu/esco/skill/new')).toBe(true);
  });
});
