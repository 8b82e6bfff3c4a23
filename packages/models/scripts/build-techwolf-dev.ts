/**
 * Writes the TechWolf dev set (PROVENANCE §4a) in the TalentCLEF Task B layout, for `jobskill eval --taskb-dir DIR`:
 * the ~10 % of vacancy titles `TECHWOLF_SPLIT` holds out of encoder training, corpus = every ESCO v1.1.1 skill,
 * qrels = each title's extracted skills mapped to v1.1.1 (grade 1). Prints what did not map.
 * Usage: node --conditions=@jobskill/source --import tsx scripts/build-techwolf-dev.ts [--data-dir DIR] [--out DIR]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dataDirPath, loadTechWolfSplit, techWolfTaskB, writeTaskBDir } from '@jobskill/data';
import { techWolfDevDir } from '../src/static-encoder/job-ad-pairs.ts';
import { loadEscoSkills } from '@jobskill/data';
import { join } from 'node:path';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, out: { type: 'string' } } });
const repoRoot = resolve(import.meta.dirname, '../../..');
const dataDir = dataDirPath(values['data-dir']);
const out = values.out ? resolve(values.out) : techWolfDevDir();
const skills = await loadEscoSkills(join(dataDir, 'esco_v1.1.1', 'skills_en.csv'));
const split = await loadTechWolfSplit(dataDir, skills);
if (split === null) {
  console.log(`no techwolf_vacancies/job_skill.parquet in ${dataDir}: no TechWolf dev set written`);
} else {
  const contents = techWolfTaskB(split.dev, skills);
  await writeTaskBDir(out, contents);
  const m = split.mapping;
  console.log(
    `TechWolf dev: ${contents.queries.length} queries (${split.dev.length} vacancies; ${split.train.length} for training), ` +
      `${contents.corpus.length} skills, ${contents.qrels.length} qrels → ${out}`,
  );
  console.log(
    `v1.2.0 → v1.1.1 labels: ${m.counts.preferred} preferred, ${m.counts.alt} alt, ${m.counts.normalized} normalized, ` +
      `${m.counts.unmapped} unmapped (${((1 - m.itemCoverage) * 100).toFixed(1)} % of skill items); most frequent unmapped: ` +
      m.unmapped.slice(0, 8).map((u) => `${u.label} (${u.vacancies})`).join(', '),
  );
}
