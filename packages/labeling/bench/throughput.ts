/**
 * Labeling throughput on resumes.parquet (the 183 resumes with skills, repeated to `BENCH_RESUMES`,
 * default 5,000): resumes/s for rules, rules-reference, trained and zero-shot, one labeler call per
 * batch of 256. Goal: ≥ 2,000 resumes/s for rules and trained on a 2-core machine.
 * Run: pnpm --filter @jobskill/labeling bench
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirPath, loadResumes } from '@jobskill/data';
import { createHashingEncoder } from '@jobskill/encoders';
import { inputFromResume, loadDefaultEncoder, trainLabelerModel, type Labeler, type LabelerInput } from '../src/index.ts';
import { createRulesLabeler, createRulesReferenceLabeler, createTrainedLabeler, createZeroShotLabeler } from '../src/internal.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dataDir = dataDirPath();
const total = Number(process.env.BENCH_RESUMES ?? 5000);
const batch = 256;

const { records } = await loadResumes(resolve(dataDir, 'resumes/resumes.parquet'));
const base = records.filter((r) => r.hasSkills).map((r) => inputFromResume(r));
const inputs: LabelerInput[] = Array.from({ length: total }, (_, i) => ({ ...base[i % base.length]!, id: String(i) }));

async function measure(labeler: Labeler, n = inputs.length): Promise<number> {
  await labeler.label(inputs.slice(0, batch)); // warm-up (JIT, caches of role vectors)
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) await labeler.label(inputs.slice(i, Math.min(n, i + batch)));
  return n / ((performance.now() - t0) / 1000);
}

const rows: [string, number, string][] = [];
rows.push(['rules', await measure(createRulesLabeler()), 'goal ≥ 2000']);
rows.push(['rules-reference', await measure(createRulesReferenceLabeler()), '']);
const truth = (await createRulesReferenceLabeler().label(base)).map((r) => r.role!);
const t0 = performance.now();
const model = await trainLabelerModel(base, truth, {});
const trainSeconds = (performance.now() - t0) / 1000;
rows.push(['trained', await measure(await createTrainedLabeler({ model })), `goal ≥ 2000; training on 183 resumes (3 calibration folds) took ${trainSeconds.toFixed(1)} s`]);
rows.push(['zero-shot (hashing encoder)', await measure(createZeroShotLabeler({ encoder: createHashingEncoder() })), '']);
try {
  const encoder = await loadDefaultEncoder();
  rows.push([`zero-shot (${encoder.id})`, await measure(createZeroShotLabeler({ encoder }), Math.min(total, 2000)), 'embedded encoder through onnxruntime']);
  await encoder.dispose();
} catch (error) {
  rows.push(['zero-shot (embedded encoder)', Number.NaN, `not run: ${(error as Error).message}`]);
}

console.log(`labeling throughput, ${total} resumes (183 distinct), batches of ${batch}`);
for (const [name, rate, note] of rows) console.log(`${name.padEnd(40)} ${Number.isNaN(rate) ? '–'.padStart(10) : rate.toFixed(0).padStart(10)} resumes/s  ${note}`);
