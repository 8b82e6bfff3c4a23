import type { EscoSkill } from '@jobskill/data';
import { Prng } from '@jobskill/data';
import type { BenchmarkSentence } from './benchmark.ts';

/**
 * A dev set of job-ad-like sentences built from training data only (the benchmark ships validation sentences alone,
 * which are never tuned on): gold skills are drawn by how often TechWolf vacancies list them (the job-ad skill
 * distribution), and each sentence says the skill the way ads do — paraphrased by its ESCO description (implicit),
 * named by an alternative / hidden label in a template (explicit), or both for two skills.
 */
export interface DevSetOptions {
  size: number;
  seed: number;
}

export const DEFAULT_DEV_SET: DevSetOptions = Object.freeze({ size: 800, seed: 20261202 });

const IMPLICIT = ['You will {d}', '{D}', 'The ideal candidate is able to {d}', 'Your tasks: {d}', 'We expect you to {d}'];
const EXPLICIT = [
  'Experience with {a} is required.',
  'Knowledge of {a}.',
  'You have a good command of {a}.',
  'Familiarity with {a} is a plus.',
  '{A} skills.',
  'Must have: {a}',
];

/** Vacancy counts per ESCO URI (how many vacancies list the skill). */
function firstSentence(description: string): string {
  const clean = description.replace(/\s+/g, ' ').trim();
  const end = clean.search(/[.!?](\s|$)/);
  return end > 0 ? clean.slice(0, end + 1) : clean;
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function lowerFirst(s: string): string {
  // Keep acronyms ("SQL …") as written.
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

export function buildDevSet(
  esco: readonly Pick<EscoSkill, 'uri' | 'preferredLabel' | 'altLabels' | 'hiddenLabels' | 'description'>[],
  frequencies: ReadonlyMap<string, number>,
  options: DevSetOptions = DEFAULT_DEV_SET,
): BenchmarkSentence[] {
  const rng = new Prng(options.seed);
  const pool = esco.filter((s) => (frequencies.get(s.uri) ?? 0) > 0 && s.description.trim() !== '');
  const cumulative: number[] = [];
  let total = 0;
  for (const s of pool) cumulative.push((total += frequencies.get(s.uri)!));
  const draw = (): (typeof pool)[number] => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return pool[lo]!;
  };
  const pick = <T>(list: readonly T[]): T => list[rng.int(list.length)]!;
  const implicit = (s: (typeof pool)[number]): string => {
    const d = firstSentence(s.description);
    return pick(IMPLICIT).replace('{d}', lowerFirst(d)).replace('{D}', upperFirst(d));
  };
  const explicit = (s: (typeof pool)[number]): string => {
    const names = [...s.altLabels, ...s.hiddenLabels].filter((l) => l.trim().length > 1);
    const a = names.length > 0 ? pick(names) : s.preferredLabel;
    return pick(EXPLICIT).replace('{a}', a).replace('{A}', upperFirst(a));
  };
  const out: BenchmarkSentence[] = [];
  const seen = new Set<string>();
  while (out.length < options.size) {
    const kind = rng.next();
    const s1 = draw();
    let sentence: string;
    const gold = [s1.uri];
    if (kind < 0.5) sentence = implicit(s1);
    else if (kind < 0.75) sentence = explicit(s1);
    else {
      const s2 = draw();
      if (s2.uri === s1.uri) continue;
      sentence = `${implicit(s1).replace(/\.?$/, '.')} ${explicit(s2)}`;
      gold.push(s2.uri);
    }
    if (seen.has(sentence)) continue;
    seen.add(sentence);
    out.push({ sentence, gold });
  }
  return out;
}
