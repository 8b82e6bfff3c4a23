import { describe, expect, it } from 'vitest';
import { toyOccupation, toySkill } from '../__fixtures__/toy-esco.ts';
import { buildEscoPairs } from './esco-pairs.ts';
import { Prng } from '@jobskill/data';
import { perturbedVariants, perturbTitle, SENIORITY_PREFIXES, TITLE_ABBREVIATIONS, TITLE_SUFFIXES } from './title-augment.ts';
import { buildWordPieceVocab } from './vocab.ts';

const draws = (title: string, n: number, seed = 7): string[] => {
  const prng = new Prng(seed);
  return Array.from({ length: n }, () => perturbTitle(title, prng));
};

describe('perturbTitle', () => {
  it('is deterministic per PRNG seed and varies across seeds', () => {
    const titles = ['software developer', 'waiter/waitress', 'assistant manager (retail)', 'nurse'];
    for (const t of titles) expect(draws(t, 20, 3)).toEqual(draws(t, 20, 3));
    expect(draws('software developer', 20, 3)).not.toEqual(draws('software developer', 20, 4));
  });

  it('never returns an empty text and always changes the title', () => {
    const prng = new Prng(11);
    const titles = ['a', '(retail)', 'x/y', 'chef', 'ICT network administrator', '  head   cook ', 'a b c', '/', 'and'];
    for (const t of titles) {
      for (let i = 0; i < 50; i++) {
        const v = perturbTitle(t, prng);
        expect(v.trim()).not.toBe('');
        expect(v).toBe(v.trim());
        expect(v).not.toMatch(/\s\s/);
        expect(v.toLowerCase()).not.toBe(t.trim().replace(/\s+/g, ' ').toLowerCase());
      }
    }
  });

  it('produces the documented kinds of free-form variants', () => {
    const dev = draws('senior software developer', 200);
    expect(dev).toContain('sr software developer');
    expect(dev.some((v) => /\bsw\b/.test(v) && /\bdev\b/.test(v))).toBe(true);
    // dropping a modifier keeps the head noun
    expect(dev).toContain('software developer');
    expect(dev.every((v) => !/^senior software$/.test(v))).toBe(true);
    const waiter = draws('waiter/waitress', 200);
    expect(waiter).toContain('waiter');
    expect(waiter).toContain('waitress');
    expect(draws('assistant manager (retail)', 200)).toContain('assistant manager');
    expect(draws('chief executive officer', 200)).toContain('ceo');
    const nurse = draws('nurse', 200);
    for (const w of ['senior nurse', 'head of nurse', 'nurse trainee', 'nurse ii']) expect(nurse).toContain(w);
    const extras = [...SENIORITY_PREFIXES, ...TITLE_SUFFIXES].flatMap((w) => [w, TITLE_ABBREVIATIONS[w] ?? w]);
    for (const v of nurse) expect(extras).toContain(v.replace(/\bnurse\b/, '').trim());
    expect(draws('head of sales', 200).every((v) => !/(^| )of sales$/.test(v) || /head of sales$/.test(v))).toBe(true);
  });

  it('perturbedVariants returns distinct variants that differ from the title', () => {
    const vs = perturbedVariants('software developer', 5, new Prng(1));
    expect(vs).toHaveLength(5);
    expect(new Set(vs.map((v) => v.toLowerCase())).size).toBe(5);
    expect(vs.map((v) => v.toLowerCase())).not.toContain('software developer');
  });
});

const skill = toySkill;
const occupation = toyOccupation;
const esco = {
  skills: [skill('py', 'python programming'), skill('cook', 'cook meals'), skill('menu', 'plan menus')],
  occupations: [
    occupation('dev', 'software developer', ['software engineer']),
    occupation('chef', 'chef', ['head cook']),
    occupation('mgr', 'restaurant manager', ['catering manager']),
  ],
  relations: [
    { occupationUri: 'o:dev', skillUri: 's:py', relationType: 'essential' as const, skillType: '' },
    { occupationUri: 'o:chef', skillUri: 's:cook', relationType: 'essential' as const, skillType: '' },
    { occupationUri: 'o:mgr', skillUri: 's:menu', relationType: 'optional' as const, skillType: '' },
  ],
  hierarchy: [],
};

describe('buildEscoPairs titleAugment', () => {
  it('is off by default: no perturbed texts, the same pairs and PRNG stream as before', () => {
    const off = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1 });
    const zero = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1, kinds: { titleAugment: 0 } });
    expect(off.augmentedTexts).toBe(0);
    expect(off.texts).toEqual(zero.texts);
    expect(off.texts).not.toContain('sw developer');
    expect(off.epochPairs(new Prng(5))).toEqual(zero.epochPairs(new Prng(5)));
  });

  it('adds perturbed titles as texts (so the vocabulary covers abbreviations) and draws them as anchors', () => {
    const on = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1, kinds: { titleAugment: 1, titleAugmentVariants: 3 } });
    expect(on.augmentedTexts).toBeGreaterThan(6);
    const vocab = buildWordPieceVocab(on.texts, { minWordCount: 1, maxPieces: 0 });
    const perturbed = on.texts.filter((t) => !buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1 }).texts.includes(t));
    expect(perturbed).toHaveLength(on.augmentedTexts);
    expect(perturbed.some((t) => /\b(sw|eng|mgr|dev)\b/.test(t))).toBe(true);
    expect(vocab.some((w) => ['sw', 'eng', 'mgr', 'dev'].includes(w))).toBe(true);
    // titleAugment 1: every title-side anchor is a perturbed text; skill-side texts are never perturbed
    const sample = on.epochPairs(new Prng(5));
    const skillLabels = esco.skills.map((s) => s.preferredLabel);
    const titleSkill = sample.filter((p) => skillLabels.includes(on.texts[p.b]!));
    expect(titleSkill).toHaveLength(3);
    for (const p of titleSkill) expect(perturbed).toContain(on.texts[p.a]);
    // same seed → same texts
    expect(buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1, kinds: { titleAugment: 1, titleAugmentVariants: 3 } }).texts).toEqual(on.texts);
  });

  it('titleAugmentExtra keeps every clean pair and adds pairs with perturbed titles', () => {
    const clean = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1 });
    const extra = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1, kinds: { titleAugmentExtra: 1 } });
    const cleanTexts = new Set(clean.texts);
    const sample = extra.epochPairs(new Prng(5));
    const titleSkill = clean.counts.titleSkill!;
    expect(sample).toHaveLength(Object.values(clean.counts).reduce((a, b) => a + b, 0) + titleSkill);
    const added = sample.slice(-titleSkill);
    for (const p of added) expect(cleanTexts.has(extra.texts[p.a]!)).toBe(false);
    for (const p of sample.slice(0, -titleSkill)) expect(cleanTexts.has(extra.texts[p.a]!)).toBe(true);
    // probability 0.5: about half of the relations get an extra pair, varying per epoch
    const half = buildEscoPairs(esco, new Map(), { devFraction: 0, seed: 1, kinds: { titleAugmentExtra: 0.5, titleSkill: 1 } });
    const prng = new Prng(3);
    const sizes = Array.from({ length: 200 }, () => half.epochPairs(prng).length - (sample.length - titleSkill));
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(1.2);
    expect(mean).toBeLessThan(1.8);
  });

  it('never perturbs held-out dev titles', () => {
    const on = buildEscoPairs(esco, new Map(), { devFraction: 0.34, seed: 2, kinds: { titleAugment: 1 } });
    const devUri = [...on.dev!.relevant.keys()][0]!;
    const devOcc = esco.occupations.find((o) => o.uri === devUri)!;
    const devWords = new Set([devOcc.preferredLabel, ...devOcc.altLabels].flatMap((t) => t.split(' ')));
    const trainWords = new Set(
      esco.occupations.filter((o) => o.uri !== devUri).flatMap((o) => [o.preferredLabel, ...o.altLabels]).flatMap((t) => t.split(' ')),
    );
    const onlyDev = [...devWords].filter((w) => !trainWords.has(w));
    expect(onlyDev.length).toBeGreaterThan(0);
    const skillLabels = new Set(esco.skills.map((s) => s.preferredLabel));
    for (const t of on.texts.filter((x) => !skillLabels.has(x))) for (const w of onlyDev) expect(t.split(' ')).not.toContain(w);
  });
});
