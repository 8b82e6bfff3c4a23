/**
 * What the screening scripts (experiment-vacancy-neighbours.ts, experiment-learned-fusion.ts) share: job-ad title
 * vectors as unit rows with their dot products, and a Task B directory opened with the TechWolf training vacancies'
 * skills mapped onto its corpus.
 */
import { resolve } from 'node:path';
import { loadTaskBDir, type MappedVacancy } from '@jobskill/data';
import { qrelsFromRecords } from '@jobskill/eval';
import type { Encoder } from '@jobskill/encoders';
import { SkillIndex, corpusFromTaskB } from '../src/index.ts';

/** Vectors as unit rows of one flat array (a zero vector stays zero). */
export function unitRows(vectors: readonly Float32Array[], d: number): Float32Array {
  const rows = new Float32Array(vectors.length * d);
  vectors.forEach((v, i) => {
    let n = 0;
    for (let j = 0; j < d; j++) n += v[j]! * v[j]!;
    n = Math.sqrt(n) || 1;
    for (let j = 0; j < d; j++) rows[i * d + j] = v[j]! / n;
  });
  return rows;
}

/** Each row's dot product with `q`. */
export function rowDots(rows: Float32Array, q: Float32Array, d: number): Float32Array {
  const out = new Float32Array(rows.length / d);
  for (let r = 0; r < out.length; r++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += rows[r * d + j]! * q[j]!;
    out[r] = s;
  }
  return out;
}

/**
 * A Task B directory with an exact-scored skill index, each training vacancy's skills as (corpus position, extractor
 * probability), and the share of the vacancies listing each corpus skill.
 */
export async function openScreeningDir(dir: string, encoder: Encoder, train: readonly Pick<MappedVacancy, 'skills'>[]) {
  const data = await loadTaskBDir(resolve(dir));
  const corpus = corpusFromTaskB(data.corpus, data.name);
  const qrels = qrelsFromRecords(data.qrels!);
  const index = await SkillIndex.build(corpus, encoder, {});
  const memSkills = train.map((v) => v.skills.flatMap((s) => index.skillsWithUri(s.uri).map((i) => [i, s.probability] as const)));
  const listedBy = new Float64Array(corpus.skills.length);
  for (const list of memSkills) for (const s of new Set(list.map(([k]) => k))) listedBy[s]! += 1 / memSkills.length;
  return { data, corpus, qrels, index, memSkills, listedBy };
}
