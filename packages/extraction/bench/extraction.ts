// Throughput of the served (combined) extractor: benchmark sentences/s and a ~1,000-word resume p50, one process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirPath, loadLabeledTexts } from '@jobskill/data';
import { openDefaultSkillExtractor } from '../src/index.ts';

const dataDir = dataDirPath();
const extractor = await openDefaultSkillExtractor({ dataDir });
const sentences = new Set<string>();
for (const name of ['tech', 'house']) {
  const file = join(dataDir, 'skill_extraction', `${name}_validation_annotations.csv`);
  for (const r of (await loadLabeledTexts(file, { textCol: 'sentence', labelCol: 'label', format: 'csv' })).records) sentences.add(r.text);
}
const list = [...sentences];
for (const s of list.slice(0, 20)) await extractor.extract(s);
let started = performance.now();
for (const s of list) await extractor.extract(s);
const perSecond = list.length / ((performance.now() - started) / 1000);
console.log(`benchmark sentences: ${list.length}, ${perSecond.toFixed(0)} sentences/s (goal ≥ 1,000)`);

// A 2-page resume: the first resume text of the DataTurks set repeated/cut to ~1,000 words.
const resumes = readFileSync(join(dataDir, 'resumes_dataturks_ner/resumes_flat.derived.jsonl'), 'utf8').split('\n').filter(Boolean);
let resume = '';
for (const line of resumes) {
  resume += `${(JSON.parse(line) as { resume: string }).resume}\n`;
  if (resume.split(/\s+/).length >= 1000) break;
}
resume = resume.split(/(\s+)/).slice(0, 2000).join('');
const times: number[] = [];
for (let i = 0; i < 25; i++) {
  started = performance.now();
  await extractor.extract(resume, { threshold: 0.5 });
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(`resume (${resume.split(/\s+/).length} words): p50 ${times[12]!.toFixed(1)} ms, p90 ${times[22]!.toFixed(1)} ms (goal p50 ≤ 50 ms)`);
