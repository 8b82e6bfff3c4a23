import { z } from 'zod';
import { JobskillError, type EscoData, Prng } from '@jobskill/data';
import { perturbedVariants } from './title-augment.ts';
import type { JobAdTrainingData } from './job-ad-pairs.ts';

/** Which ESCO-derived pair kinds to train on, each with a loss weight (0 = off). */
export const PairKindsSchema = z.object({
  /** Job-title variant ↔ a skill its occupation needs (occupationSkillRelations). */
  titleSkill: z.number().nonnegative().default(1),
  /** Extra weight multiplier for essential (vs optional) relations in titleSkill. */
  essentialBoost: z.number().positive().default(1),
  /** Skill alt label ↔ its preferred label. */
  aliasSkill: z.number().nonnegative().default(1),
  /** Job-title variant ↔ another title variant of the same occupation. */
  titleTitle: z.number().nonnegative().default(0),
  /** Occupation title ↔ occupation description. */
  occupationDescription: z.number().nonnegative().default(0),
  /** Skill preferred label ↔ skill description. */
  skillDescription: z.number().nonnegative().default(0),
  /** Skill-hierarchy group label ↔ its parent group label. */
  hierarchy: z.number().nonnegative().default(0),
  /** Probability that the skill side of a titleSkill pair is a random alias instead of the preferred label. */
  skillAliasProbability: z.number().min(0).max(1).default(0),
  /**
   * Probability that the title side of a titleSkill pair is a free-form perturbation of the drawn title variant
   * (`perturbTitle`: abbreviations, seniority words, dropped modifiers/parentheses, one side of a gender slash)
   * instead of the variant itself. 0 = off (no perturbed texts are even generated).
   */
  titleAugment: z.number().min(0).max(1).default(0),
  /**
   * Probability per title↔skill relation and epoch of one *extra* pair whose title is a perturbed variant (the
   * clean pair is kept, unlike titleAugment, which replaces it). 0 = off.
   */
  titleAugmentExtra: z.number().min(0).max(1).default(0),
  /** Perturbed variants generated per title (fixed at build time from the seed, so they are in the vocabulary). */
  titleAugmentVariants: z.number().int().positive().default(2),
  /** TechWolf vacancy title ↔ a skill extracted from its ad, weighted by the extractor's probability (job-ad data). */
  vacancySkill: z.number().nonnegative().default(0),
  /** JobBERT free-form vacancy title ↔ a skill its ESCO occupation needs. */
  jobBertSkill: z.number().nonnegative().default(0),
  /** JobBERT free-form vacancy title ↔ a title variant of its ESCO occupation. */
  jobBertTitle: z.number().nonnegative().default(0),
});
export type PairKinds = z.input<typeof PairKindsSchema>;

export const EscoPairsOptionsSchema = z.object({
  /** Share of ESCO occupations (with skills) held out as the dev set; 0 = train on all. */
  devFraction: z.number().min(0).max(0.5).default(0.1),
  /** Free-form title variants (jobid2terms.json, not an ESCO label) per dev occupation used as dev queries. */
  devQueriesPerOccupation: z.number().int().positive().default(2),
  /**
   * Skills in the dev corpus (≈ a TalentCLEF Task B corpus: 1 439 skills). Drawn by popularity (number of
   * occupations needing the skill) from the dev occupations' skills, plus `devDistractorShare` of other skills.
   */
  devCorpusSize: z.number().int().positive().default(1500),
  devDistractorShare: z.number().min(0).max(1).default(0.2),
  seed: z.number().int().default(42),
  kinds: PairKindsSchema.default(PairKindsSchema.parse({})),
});
export type EscoPairsOptions = z.input<typeof EscoPairsOptionsSchema>;

export interface TrainingPair {
  /** Index into `texts` of the anchor and of the positive. */
  a: number;
  b: number;
  /** Interned identities used to mask known positives that are not this pair's positive. */
  anchorKey: number;
  positiveKey: number;
  weight: number;
}

export interface DevSet {
  queries: { text: string; occupationUri: string }[];
  /** occupation URI → its related skill URIs */
  relevant: Map<string, Set<string>>;
  /** Skills ranked for every query (relevant = the occupation's essential + optional skills ∩ corpus). */
  corpus: { uri: string; aliases: string[] }[];
}

export interface EscoPairs {
  /** Unique training texts. */
  texts: string[];
  /** A fresh sample of pairs (random title variant / alias per relation), one call per epoch. */
  epochPairs(prng: Prng): TrainingPair[];
  /** anchorKey * KEY_SPACE + positiveKey of every known positive relation. */
  known: Set<number>;
  dev: DevSet | null;
  counts: Record<string, number>;
  trainOccupations: number;
  /** Perturbed title texts generated for titleAugment (0 when off). */
  augmentedTexts: number;
}

export const KEY_SPACE = 1 << 21;

/**
 * Builds training pairs from ESCO alone (occupations, skills, relations, hierarchy, and the TalentCLEF
 * training file jobid2terms.json of title variants). Held-out dev occupations contribute nothing to training.
 */
export function buildEscoPairs(
  esco: Pick<EscoData, 'skills' | 'occupations' | 'relations' | 'hierarchy'>,
  jobTitles: Map<string, string[]>,
  options: EscoPairsOptions = {},
  jobAds: JobAdTrainingData | null = null,
): EscoPairs {
  const o = EscoPairsOptionsSchema.parse(options);
  const k = o.kinds;
  const textIds = new Map<string, number>();
  const texts: string[] = [];
  const textId = (t: string): number => {
    let id = textIds.get(t);
    if (id === undefined) {
      id = texts.length;
      texts.push(t);
      textIds.set(t, id);
    }
    return id;
  };
  const keyIds = new Map<string, number>();
  const key = (kind: string, uri: string): number => {
    const s = `${kind}:${uri}`;
    let id = keyIds.get(s);
    if (id === undefined) {
      id = keyIds.size;
      if (id >= KEY_SPACE) throw new JobskillError('TOO_MANY_KEYS', 'more than 2^21 pair identities');
      keyIds.set(s, id);
    }
    return id;
  };
  const uniq = (xs: string[]): string[] => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const x of xs) {
      const t = x.trim();
      const low = t.toLowerCase();
      if (t !== '' && !seen.has(low)) {
        seen.add(low);
        out.push(t);
      }
    }
    return out;
  };

  const skillByUri = new Map(esco.skills.map((s) => [s.uri, s]));
  const skillAliases = new Map(esco.skills.map((s) => [s.uri, uniq([s.preferredLabel, ...s.altLabels])]));
  const relationsByOcc = new Map<string, { skill: string; essential: boolean }[]>();
  for (const r of esco.relations) {
    if (!skillByUri.has(r.skillUri)) continue; // relation to a skill missing from skills_en.csv: nothing to pair
    let list = relationsByOcc.get(r.occupationUri);
    if (list === undefined) relationsByOcc.set(r.occupationUri, (list = []));
    list.push({ skill: r.skillUri, essential: r.relationType === 'essential' });
  }
  const occupations = esco.occupations
    .filter((occ) => relationsByOcc.has(occ.uri))
    .map((occ) => ({
      occ,
      titles: uniq([occ.preferredLabel, ...occ.altLabels, ...(jobTitles.get(occ.uri) ?? [])]),
      variants: uniq(jobTitles.get(occ.uri) ?? []),
    }));
  occupations.sort((x, y) => (x.occ.uri < y.occ.uri ? -1 : 1));

  const splitPrng = new Prng(o.seed ^ 0x5eed);
  const order = splitPrng.shuffle(occupations.map((_, i) => i));
  const devCount = Math.round(occupations.length * o.devFraction);
  const devIdx = new Set(order.slice(0, devCount));
  const train = occupations.filter((_, i) => !devIdx.has(i));
  const devOccs = occupations.filter((_, i) => devIdx.has(i));

  const known = new Set<number>();
  const addKnown = (a: number, p: number) => known.add(a * KEY_SPACE + p);
  const counts: Record<string, number> = {};

  // Static templates; epochPairs draws the random side (title variant, alias) each epoch.
  type Template = {
    anchors: number[];
    positives: number[];
    anchorKey: number;
    positiveKey: number;
    weight: number;
    /** Draw the positive uniformly (else positives[0], or an alias with skillAliasProbability). */
    uniform?: boolean;
    /** Perturbed variants of each anchor (same order as anchors), drawn with probability titleAugment. */
    augmented?: number[][];
  };
  const templates: Template[] = [];
  const push = (kind: string, t: Template) => {
    if (t.weight <= 0 || t.anchors.length === 0 || t.positives.length === 0) return;
    templates.push(t);
    addKnown(t.anchorKey, t.positiveKey);
    counts[kind] = (counts[kind] ?? 0) + 1;
  };

  // Perturbed titles come from their own PRNG stream, so switching augmentation on leaves the split and dev set alone.
  const augmentPrng = new Prng(o.seed ^ 0xa06);
  const augmentOn = k.titleSkill > 0 && (k.titleAugment > 0 || k.titleAugmentExtra > 0);
  let augmentedTexts = 0;
  for (const { occ, titles, variants } of train) {
    const titleIds = titles.map(textId);
    const augmented = augmentOn ? titles.map((t) => perturbedVariants(t, k.titleAugmentVariants, augmentPrng).map(textId)) : undefined;
    if (augmented !== undefined) augmentedTexts += augmented.reduce((n, a) => n + a.length, 0);
    const occKey = key('o', occ.uri);
    for (const rel of relationsByOcc.get(occ.uri)!) {
      const aliases = skillAliases.get(rel.skill)!;
      const skillKey = key('s', rel.skill);
      push('titleSkill', {
        anchors: titleIds,
        positives: k.skillAliasProbability > 0 ? aliases.map(textId) : [textId(aliases[0]!)],
        anchorKey: occKey,
        positiveKey: skillKey,
        weight: k.titleSkill * (rel.essential ? k.essentialBoost : 1),
        ...(augmented !== undefined ? { augmented } : {}),
      });
    }
    const others = variants.length > 1 ? variants : titles;
    for (const v of others) {
      const rest = titles.filter((t) => t !== v);
      push('titleTitle', {
        anchors: [textId(v)],
        positives: rest.map(textId),
        anchorKey: occKey,
        positiveKey: key('t', occ.uri),
        weight: k.titleTitle,
        uniform: true,
      });
    }
    if (occ.description.trim() !== '') {
      push('occupationDescription', {
        anchors: titleIds,
        positives: [textId(occ.description.trim())],
        anchorKey: occKey,
        positiveKey: key('d', occ.uri),
        weight: k.occupationDescription,
      });
    }
  }
  // Job-ad pairs: only training occupations' JobBERT titles (held-out ones stay unseen), only TechWolf's train part.
  if (jobAds !== null && (k.jobBertSkill > 0 || k.jobBertTitle > 0)) {
    for (const { occ, titles } of train) {
      const free = uniq(jobAds.jobBertTitles.get(occ.uri) ?? []);
      if (free.length === 0) continue;
      const freeIds = free.map(textId);
      const occKey = key('o', occ.uri);
      if (k.jobBertSkill > 0) {
        for (const rel of relationsByOcc.get(occ.uri)!) {
          const aliases = skillAliases.get(rel.skill)!;
          push('jobBertSkill', {
            anchors: freeIds,
            positives: k.skillAliasProbability > 0 ? aliases.map(textId) : [textId(aliases[0]!)],
            anchorKey: occKey,
            positiveKey: key('s', rel.skill),
            weight: k.jobBertSkill * (rel.essential ? k.essentialBoost : 1),
          });
        }
      }
      if (k.jobBertTitle > 0) {
        for (const id of freeIds) {
          push('jobBertTitle', { anchors: [id], positives: titles.map(textId), anchorKey: occKey, positiveKey: key('t', occ.uri), weight: k.jobBertTitle, uniform: true });
        }
      }
    }
  }
  if (jobAds !== null && k.vacancySkill > 0) {
    for (const v of jobAds.vacancies) {
      const vacancyKey = key('v', v.title.toLowerCase());
      const titleIdx = textId(v.title);
      for (const sk of v.skills) {
        const aliases = skillAliases.get(sk.uri);
        if (aliases === undefined) continue; // mapped to a URI outside skills_en.csv: cannot happen with one ESCO file
        push('vacancySkill', {
          anchors: [titleIdx],
          positives: k.skillAliasProbability > 0 ? aliases.map(textId) : [textId(aliases[0]!)],
          anchorKey: vacancyKey,
          positiveKey: key('s', sk.uri),
          weight: k.vacancySkill * sk.probability,
        });
      }
    }
  }
  for (const s of esco.skills) {
    const aliases = skillAliases.get(s.uri)!;
    const skillKey = key('s', s.uri);
    const aliasKey = key('a', s.uri);
    addKnown(aliasKey, skillKey);
    for (const alt of aliases.slice(1)) {
      push('aliasSkill', {
        anchors: [textId(alt)],
        positives: [textId(aliases[0]!)],
        anchorKey: aliasKey,
        positiveKey: skillKey,
        weight: k.aliasSkill,
      });
    }
    if (s.description.trim() !== '') {
      push('skillDescription', {
        anchors: [textId(aliases[0]!)],
        positives: [textId(s.description.trim())],
        anchorKey: aliasKey,
        positiveKey: key('D', s.uri),
        weight: k.skillDescription,
      });
    }
  }
  for (const h of esco.hierarchy) {
    const n = h.levels.length;
    if (n < 2) continue;
    const child = h.levels[n - 1]!;
    const parent = h.levels[n - 2]!;
    if (child.preferredLabel.trim() === '' || parent.preferredLabel.trim() === '') continue;
    push('hierarchy', {
      anchors: [textId(child.preferredLabel.trim())],
      positives: [textId(parent.preferredLabel.trim())],
      anchorKey: key('h', child.uri),
      positiveKey: key('H', parent.uri),
      weight: k.hierarchy,
    });
  }
  // A skill that two occupations share is a known positive of both: mask it across the whole relation graph.
  for (const { occ } of train) {
    for (const rel of relationsByOcc.get(occ.uri)!) addKnown(key('o', occ.uri), key('s', rel.skill));
  }

  let dev: DevSet | null = null;
  if (devOccs.length > 0) {
    // Queries: title variants other than the preferred label, free-form ones (jobid2terms.json titles that are no
    // ESCO label; only ~510 of 33 412 exist) first — TalentCLEF queries are job-ad titles, not ESCO labels. Corpus: a popularity-weighted sample mixing many occupations' skills plus
    // distractors, so generic skills shared by many occupations dominate as they do in TalentCLEF corpora.
    const devPrng = new Prng(o.seed ^ 0xde7);
    const escoLabels = new Set<string>();
    for (const occ of esco.occupations) for (const l of [occ.preferredLabel, ...occ.altLabels]) escoLabels.add(l.trim().toLowerCase());
    const isLabel = (t: string) => escoLabels.has(t.toLowerCase());
    const popularity = new Map<string, number>();
    for (const list of relationsByOcc.values()) for (const r of list) popularity.set(r.skill, (popularity.get(r.skill) ?? 0) + 1);
    const devUnion = new Set<string>();
    for (const { occ } of devOccs) for (const r of relationsByOcc.get(occ.uri)!) devUnion.add(r.skill);
    const others = [...popularity.keys()].filter((s) => !devUnion.has(s)).sort();
    const distractors = Math.min(others.length, Math.round(o.devCorpusSize * o.devDistractorShare));
    const corpusUris = new Set([
      ...weightedSample([...devUnion].sort(), (s) => popularity.get(s)!, o.devCorpusSize - distractors, devPrng),
      ...weightedSample(others, (s) => popularity.get(s)!, distractors, devPrng),
    ]);
    const queries: DevSet['queries'] = [];
    const relevant = new Map<string, Set<string>>();
    for (const { occ, titles } of devOccs) {
      const rel = new Set(relationsByOcc.get(occ.uri)!.map((r) => r.skill).filter((s) => corpusUris.has(s)));
      const pref = occ.preferredLabel.trim().toLowerCase();
      const pool = titles.filter((t) => t.toLowerCase() !== pref);
      const ordered = [...devPrng.shuffle(pool.filter((t) => !isLabel(t))), ...devPrng.shuffle(pool.filter(isLabel))];
      if (rel.size === 0 || ordered.length === 0) continue;
      relevant.set(occ.uri, rel);
      for (const t of ordered.slice(0, o.devQueriesPerOccupation)) queries.push({ text: t, occupationUri: occ.uri });
    }
    const corpus = [...corpusUris].sort().map((uri) => ({ uri, aliases: skillAliases.get(uri)! }));
    dev = { queries, relevant, corpus };
  }

  return {
    texts,
    known,
    dev,
    counts,
    trainOccupations: train.length,
    augmentedTexts,
    epochPairs(prng: Prng): TrainingPair[] {
      const out = templates.map((t) => ({
        a: pickAnchor(t, prng, k.titleAugment),
        b: t.uniform ? t.positives[prng.int(t.positives.length)]! : pickPositive(t.positives, prng, k.skillAliasProbability),
        anchorKey: t.anchorKey,
        positiveKey: t.positiveKey,
        weight: t.weight,
      }));
      if (k.titleAugmentExtra > 0) {
        for (const t of templates) {
          if (t.augmented === undefined || prng.next() >= k.titleAugmentExtra) continue;
          const a = pickAnchor(t, prng, 1);
          out.push({ a, b: pickPositive(t.positives, prng, k.skillAliasProbability), anchorKey: t.anchorKey, positiveKey: t.positiveKey, weight: t.weight });
        }
      }
      return out;
    },
  };
}

/** A random anchor; with probability `augment` one of its perturbed variants (no PRNG draw when off). */
function pickAnchor(t: { anchors: number[]; augmented?: number[][] }, prng: Prng, augment: number): number {
  const i = t.anchors.length === 1 ? 0 : prng.int(t.anchors.length);
  const aug = t.augmented?.[i];
  if (aug === undefined || aug.length === 0 || augment <= 0) return t.anchors[i]!;
  return prng.next() < augment ? aug[prng.int(aug.length)]! : t.anchors[i]!;
}

/** positives[0] is the canonical text; others are drawn with probability `aliasProbability`. */
function pickPositive(positives: number[], prng: Prng, aliasProbability: number): number {
  if (positives.length === 1) return positives[0]!;
  return prng.next() < aliasProbability ? positives[1 + prng.int(positives.length - 1)]! : positives[0]!;
}

/** `k` distinct items drawn with probability ∝ weight (Efraimidis–Spirakis keys u^(1/w)); deterministic per PRNG. */
export function weightedSample<T>(items: readonly T[], weight: (x: T) => number, k: number, prng: Prng): T[] {
  if (k <= 0) return [];
  return items
    .map((x, i) => ({ x, i, key: Math.log(Math.max(prng.next(), Number.MIN_VALUE)) / Math.max(weight(x), 1e-12) }))
    .sort((a, b) => b.key - a.key || a.i - b.i)
    .slice(0, k)
    .map((e) => e.x);
}
