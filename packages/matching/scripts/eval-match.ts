// Match evaluation: for each resume PDF of resumes_pdf_categories, rank the 24 category names (as job titles) by
// match score; accuracy@1 = share of resumes whose own category ranks first. `--per-class N` samples N per class.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasText, iterateDocuments, resolveDataDir } from '@jobskill/data';
import { openDefaultSkillExtractor } from '@jobskill/extraction';
import { openDefaultOccupationSearch, ResumeMatcher } from '../src/index.ts';

const dataDir = resolveDataDir();
const dir = join(dataDir, 'resumes_pdf_categories');
if (!existsSync(dir)) {
  console.log(`match eval: skipped, ${dir} not found`);
  process.exit(0);
}
const perClassArg = process.argv.indexOf('--per-class');
const perClass = perClassArg > 0 ? Number(process.argv[perClassArg + 1]) : Infinity;
const search = await openDefaultOccupationSearch({ dataDir });
const extractor = await openDefaultSkillExtractor({ dataDir });
const matcher = new ResumeMatcher(search);
const docs = [];
const seen = new Map<string, number>();
for await (const doc of iterateDocuments(dir, { labelFrom: 'folder' })) {
  const label = doc.label ?? '';
  if ((seen.get(label) ?? 0) >= perClass) continue;
  seen.set(label, (seen.get(label) ?? 0) + 1);
  docs.push(doc);
}
const labels = [...seen.keys()].sort();
const titleOf = (label: string) => label.toLowerCase().replace(/[-_]+/g, ' ');
let correct = 0, n = 0, noText = 0;
for (const doc of docs) {
  if (!hasText(doc)) {
    noText++;
    console.log(`no text: ${doc.file}`);
    continue;
  }
  const extraction = await extractor.extract(doc.text);
  const skills = extraction.skills.map((s) => ({ uri: s.uri, evidence: null }));
  let best = '', bestScore = -1;
  for (const label of labels) {
    const { score } = await matcher.matchSkills(titleOf(label), skills);
    if (score > bestScore) [best, bestScore] = [label, score];
  }
  n++;
  if (best === doc.label) correct++;
}
console.log(`match accuracy@1 over ${labels.length} category titles: ${(correct / n).toFixed(4)} (${correct}/${n} resumes${noText ? `, ${noText} without text` : ''})`);
