/**
 * Fits the confidence calibration (src/confidence.ts) on a dev set carved from training data and writes
 * src/confidence-calibration.ts. Never TalentCLEF validation: occupations with a title among its queries are dropped.
 *   - positives: one title variant each of 400 ESCO occupations (ESCO labels + TalentCLEF *training* jobid2terms), and
 *     400 real vacancy titles of jobbert_titles/titles.csv (training file; its test split is held back);
 *   - negatives: 800 generated non-titles (random letter strings like "xqzzv qwpkj", emoji, other scripts, digits);
 *   - hits: the served first stage (k = 20) for the positive titles; a hit is "listed" when ESCO relates the skill to
 *     the title's occupation (essential or optional).
 * 70 % of each set fits the logistic models (Newton/IRLS), 30 % reports accuracy, Brier score and calibration error.
 * Usage: pnpm --filter @jobskill/retrieval exec node --conditions=@jobskill/source --import tsx scripts/calibrate-confidence.ts
 */
import { fitLogisticRegression } from '@jobskill/models';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRng, loadJobbertTitles, resolveDataDir, writeFileAtomic } from '@jobskill/data';
import { EncoderVocabulary, loadEscoGraph, openDefaultSkillSearch } from '../src/index.ts';
import { requireDefaultEncoderDir } from '@jobskill/encoders';

const dataDir = resolveDataDir(process.env.JOBSKILL_DATA_DIR);
const graph = await loadEscoGraph(dataDir);
const validationQueries = join(dataDir, 'talentclef2025_taskB/validation/queries');
const held = new Set<string>();
if (existsSync(validationQueries)) {
  for (const line of readFileSync(validationQueries, 'utf8').split('\n').slice(1)) {
    const title = line.split('\t')[1]?.trim().toLowerCase();
    if (title) held.add(title);
  }
}

// Seeded (@jobskill/data's Prng): the same dev set on every run.
const random = createRng(20261202);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const occupations = graph.occupations.filter((o) => o.variants.length > 0 && !o.variants.some((v) => held.has(v)));
const chosen: typeof occupations = [];
const used = new Set<number>();
while (chosen.length < 400 && used.size < occupations.length) {
  const i = Math.floor(random() * occupations.length);
  if (used.has(i)) continue;
  used.add(i);
  chosen.push(occupations[i]!);
}
const skillsOf = (o: (typeof occupations)[number]) => new Set([...o.essential, ...o.optional].map((s) => graph.skills[s]!.uri));
const positives = chosen.map((o) => ({ title: pick(o.variants), skills: skillsOf(o) }));
const vacancyFile = join(dataDir, 'jobbert_titles/titles.csv');
if (existsSync(vacancyFile)) {
  const rows = (await loadJobbertTitles(vacancyFile)).pairs.map((p) => ({ title: p.title, uri: p.occupationUri }));
  const byUri = new Map(occupations.map((o) => [o.uri, o]));
  const usable = rows.filter((r) => r.title.length > 0 && byUri.has(r.uri) && !held.has(r.title.toLowerCase()));
  for (let n = 0; n < 400 && usable.length > 0; n++) {
    const r = usable.splice(Math.floor(random() * usable.length), 1)[0]!;
    positives.push({ title: r.title, skills: skillsOf(byUri.get(r.uri)!) });
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const CONSONANTS = 'bcdfghjklmnpqrstvwxz';
const EMOJI = ['😀', '🚀', '🔥', '💼', '🧑‍💻', '🎉', '👍', '🌍', '✨', '🤖'];
const SCRIPTS = ['Ж', 'Д', 'Я', 'Ф', 'ش', 'ك', 'ม', 'ก', '東', '京', '大', 'λ', 'Ω', 'ह', 'क'];
const word = (alphabet: string, min: number, max: number) =>
  Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick([...alphabet])).join('');
const generators: (() => string)[] = [
  () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => word(CONSONANTS, 4, 8)).join(' '),
  () => Array.from({ length: 1 + Math.floor(random() * 3) }, () => word(LETTERS, 3, 10)).join(' '),
  () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(EMOJI)).join(''),
  () => Array.from({ length: 1 + Math.floor(random() * 2) }, () => word(SCRIPTS.join(''), 2, 6)).join(' '),
  () => `${word('0123456789', 2, 6)} ${word('#$%&*+-=', 1, 3)}`,
];
const negatives = Array.from({ length: 800 }, (_, i) => generators[i % generators.length]!());

console.error('loading the served first stage…');
const served = await openDefaultSkillSearch({ dataDir, resultCache: 0 });
const vocabulary = EncoderVocabulary.fromEncoderDir(requireDefaultEncoderDir());

interface QueryRow { x: [number, number]; y: number }
interface HitRow { x: [number]; y: number }
const queryRows: QueryRow[] = [];
const hitRows: HitRow[] = [];
const searched = async (title: string) => served.retriever.search(title, { k: 20, rerank: false });
for (const p of positives) {
  const hits = await searched(p.title);
  const cosines = hits.map((h) => h.evidence.firstStageScore);
  queryRows.push({ x: [vocabulary.coverage(p.title).coverage, Math.max(...cosines)], y: 1 });
  for (const h of hits) hitRows.push({ x: [h.evidence.firstStageScore], y: p.skills.has(h.escoUri) ? 1 : 0 });
}
for (const title of negatives) {
  let cosines = [0];
  try {
    cosines = (await searched(title)).map((h) => h.evidence.firstStageScore);
  } catch {
    // a title the retriever refuses (nothing left after clean-up) has no hits: cosine 0
  }
  queryRows.push({ x: [vocabulary.coverage(title).coverage, Math.max(...cosines)], y: 0 });
}
await served.close();

// Ridge (not on the intercept): the generated negatives separate almost perfectly, and unpenalized weights would
// grow until every probability is 0 or 1.
const RIDGE = 1;
/** Logistic regression (@jobskill/models, Newton / IRLS) with a small ridge; returns [intercept, ...weights]. */
function fitLogistic(rows: { x: number[]; y: number }[]): number[] {
  const fit = fitLogisticRegression(rows, { l2: RIDGE, maxIterations: 50, tolerance: 1e-9 });
  return [fit.bias, ...fit.weights];
}
function split<T>(rows: T[]): [T[], T[]] {
  const order = rows.map((r) => ({ r, k: random() })).sort((a, b) => a.k - b.k).map((o) => o.r);
  const cut = Math.round(order.length * 0.7);
  return [order.slice(0, cut), order.slice(cut)];
}
function report(w: number[], rows: { x: number[]; y: number }[]) {
  const ps = rows.map((r) => 1 / (1 + Math.exp(-[1, ...r.x].reduce((s, v, j) => s + v * w[j]!, 0))));
  const accuracy = rows.filter((r, i) => (ps[i]! >= 0.5 ? 1 : 0) === r.y).length / rows.length;
  const brier = rows.reduce((s, r, i) => s + (ps[i]! - r.y) ** 2, 0) / rows.length;
  let ece = 0;
  for (let b = 0; b < 10; b++) {
    const inBin = rows.map((r, i) => ({ y: r.y, p: ps[i]! })).filter((o) => Math.min(9, Math.floor(o.p * 10)) === b);
    if (inBin.length === 0) continue;
    const conf = inBin.reduce((s, o) => s + o.p, 0) / inBin.length;
    const acc = inBin.reduce((s, o) => s + o.y, 0) / inBin.length;
    ece += (inBin.length / rows.length) * Math.abs(conf - acc);
  }
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return { n: rows.length, accuracy: round(accuracy), brier: round(brier), ece: round(ece) };
}

const [queryFit, queryTest] = split(queryRows);
const [hitFit, hitTest] = split(hitRows);
const q = fitLogistic(queryFit);
const h = fitLogistic(hitFit);
const calibration = {
  query: { intercept: q[0]!, coverage: q[1]!, topCosine: q[2]! },
  hit: { intercept: h[0]!, cosine: h[1]! },
  provenance: {
    script: 'packages/retrieval/scripts/calibrate-confidence.ts',
    data: 'ESCO v1.1.1 occupations (labels + TalentCLEF 2025 training jobid2terms variants) and their skill relations; jobbert_titles/titles.csv vacancy titles; generated non-titles',
    ridge: RIDGE,
    excluded: `${graph.occupations.length - occupations.length} occupations with a title among the ${held.size} TalentCLEF validation queries`,
    titles: { positives: positives.length, negatives: negatives.length },
    hits: hitRows.length,
    listedShare: Math.round((hitRows.filter((r) => r.y === 1).length / hitRows.length) * 1e4) / 1e4,
    heldOut30pc: { query: report(q, queryTest), hit: report(h, hitTest) },
  },
};
console.log(JSON.stringify(calibration, null, 2));
const out = resolve(import.meta.dirname, '../src/confidence-calibration.ts');
await writeFileAtomic(
  out,
  `// Written by scripts/calibrate-confidence.ts; do not edit by hand (rerun the script).\n` +
    `import type { ConfidenceCalibration } from './confidence-types.ts';\n\n` +
    `export const SKILL_CONFIDENCE_CALIBRATION: ConfidenceCalibration = Object.freeze(${JSON.stringify(calibration, null, 2)});\n`,
);
console.error(`wrote ${out}`);
