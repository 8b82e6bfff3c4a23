// Skill-extraction section of `pnpm turbo run eval`: TECH and HOUSE validation, every method.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { evalSkillExtraction, formatExtractionTable, openDefaultExtractionEngine } from '../src/index.ts';
import { dataDirPath } from '@jobskill/data';

const dataDir = dataDirPath();
const dir = join(dataDir, 'skill_extraction');
const files: Record<string, string> = {};
for (const [split, name] of [['TECH', 'tech'], ['HOUSE', 'house']] as const) {
  const file = join(dir, `${name}_validation_annotations.csv`);
  if (existsSync(file)) files[split] = file;
}
if (Object.keys(files).length === 0) {
  console.log(`skill extraction: skipped (no benchmark CSVs in ${dir})`);
} else {
  const engine = await openDefaultExtractionEngine({ dataDir });
  const methods = (process.env.EXTRACT_METHODS?.split(',') ?? ['lexical', 'dense', 'combined', 'extract:combined']) as never[];
  const report = await evalSkillExtraction({ engine, files, methods });
  // The fixed 0.5/0.5 fusion beside the learned one (the served default).
  const fixed = await evalSkillExtraction({ engine: await openDefaultExtractionEngine({ dataDir, fusion: 'fixed' }), files, methods: ['combined'] });
  for (const row of fixed.rows) report.rows.push({ ...row, method: 'combined (fixed 0.5/0.5)' as never });
  report.rows.sort((a, b) => a.split.localeCompare(b.split, 'en') * -1 || 0);
  console.log('## Skill extraction (validation splits, all 13,896 ESCO v1.1.1 skills ranked per sentence)\n');
  console.log(formatExtractionTable(report));
}
