// Throughput of the served (combined) extractor, one process: benchmark sentences/s (first pass, when every word
// piece's skill list is computed on first sight, and warm passes) and a ~1,000-word resume's latency.
// Speed only: sentences are read for their text, their labels are not looked at.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirPath, loadLabeledTexts } from '@jobskill/data';
import { engineExtractor, openDefaultExtractionEngine } from '../src/index.ts';

const dataDir = dataDirPath();
let started = performance.now();
const engine = await openDefaultExtractionEngine({ dataDir });
console.log(
  `open: ${(performance.now() - started).toFixed(0)} ms (static piece table: ${engine.hasTokenTable}; ` +
    `${engine.denseScorer?.knownPieces ?? 0} piece skill lists loaded, \`pnpm prepare-pieces\` saves them all)`,
);
const extractor = engineExtractor(engine, 'combined');
const lexicalOnly = engineExtractor(engine, 'lexical');
const sentences = new Set<string>();
for (const name of ['tech', 'house']) {
  const file = join(dataDir, 'skill_extraction', `${name}_validation_annotations.csv`);
  for (const r of (await loadLabeledTexts(file, { textCol: 'sentence', labelCol: 'label', format: 'csv' })).records) sentences.add(r.text);
}
const list = [...sentences];
const rate = async (run: (s: string) => Promise<unknown>, passes: number): Promise<number> => {
  const t = performance.now();
  for (let p = 0; p < passes; p++) for (const s of list) await run(s);
  return (passes * list.length) / ((performance.now() - t) / 1000);
};
const first = await rate((s) => extractor.extract(s), 1);
const warm = await rate((s) => extractor.extract(s), 5);
const lexical = await rate((s) => lexicalOnly.extract(s), 5);
console.log(`benchmark sentences (${list.length} distinct): combined first pass ${first.toFixed(0)}/s, warm ${warm.toFixed(0)}/s (goal ≥ 1,000); lexical only ${lexical.toFixed(0)}/s`);

// A 2-page resume: DataTurks resume texts concatenated and cut to ~1,000 words.
const resumes = readFileSync(join(dataDir, 'resumes_dataturks_ner/resumes_flat.derived.jsonl'), 'utf8').split('\n').filter(Boolean);
let resume = '';
for (const line of resumes) {
  resume += `${(JSON.parse(line) as { resume: string }).resume}\n`;
  if (resume.split(/\s+/).length >= 1000) break;
}
resume = resume.split(/(\s+)/).slice(0, 2000).join('');
started = performance.now();
await extractor.extract(resume);
const firstResume = performance.now() - started;
const times: number[] = [];
for (let i = 0; i < 25; i++) {
  started = performance.now();
  await extractor.extract(resume);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(
  `resume (${resume.split(/\s+/).length} words): first ${firstResume.toFixed(1)} ms, then p50 ${times[12]!.toFixed(1)} ms, p90 ${times[22]!.toFixed(1)} ms (goal p50 ≤ 50 ms)`,
);
