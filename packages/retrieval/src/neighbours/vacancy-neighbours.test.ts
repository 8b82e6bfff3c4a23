import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createRng } from '@jobskill/data';
import type { HashedEncoder } from '@jobskill/encoders';
import { SkillIndex } from '../index/skill-index.ts';
import type { SkillCorpus } from '../corpus/corpus.ts';
import { SkillRetriever } from '../retriever/skill-retriever.ts';
import { expandQuery } from '../retriever/first-stage.ts';
import { VacancyNeighbours, type NeighbourVacancy } from './vacancy-neighbours.ts';
import { useTinyTaskB } from '../__fixtures__/tiny-taskb-setup.ts';

const uri = (n: number): string => `http://data.europa.eu/esco/skill/tiny-${n}`;

// Job ads teach what the encoder cannot: the data scientists' ads of this fixture also ask for forklift operation
// (tiny-8), which no title word is near.
const VACANCIES: NeighbourVacancy[] = [
  { title: 'data scientist', skills: [{ uri: uri(1), probability: 0.9 }, { uri: uri(8), probability: 0.8 }] },
  { title: 'Data Scientist (m/w/d)', skills: [{ uri: uri(8), probability: 0.6 }, { uri: uri(3), probability: 0.7 }] },
  { title: 'nurse', skills: [{ uri: uri(6), probability: 1 }, { uri: 'http://example.org/not-in-corpus', probability: 0.5 }] },
];

const tiny = useTinyTaskB('jobskill-vacancies-');
let root: string;
let encoder: HashedEncoder;
let corpus: SkillCorpus;
let index: SkillIndex;
let memory: VacancyNeighbours;

beforeAll(async () => {
  ({ root, encoder, corpus } = tiny);
  index = await SkillIndex.build(corpus, encoder, {});
  memory = await VacancyNeighbours.build(VACANCIES, corpus, encoder, 'test-key');
});

const position = (n: number): number => corpus.skills.findIndex((s) => s.escoUri === uri(n));

describe('VacancyNeighbours', () => {
  it('maps listed skills onto corpus positions and counts those outside the corpus', () => {
    expect(memory.size).toBe(3);
    expect(memory.skillsOutsideCorpus).toBe(1);
  });

  it('scores each skill as the cosine^power-weighted mean probability over the nearest titles (checked by hand)', async () => {
    const [query] = await encoder.encode(['data scientist']);
    const settings = { topK: 3, power: 2 };
    const evidence = memory.scores(query!, settings);
    // The same sum written out from the raw vectors.
    const vectors = await encoder.encode(VACANCIES.map((v) => v.title.replace(' (m/w/d)', '')));
    const cos = (a: Float32Array, b: Float32Array): number => {
      let dot = 0, na = 0, nb = 0;
      for (let j = 0; j < a.length; j++) (dot += a[j]! * b[j]!), (na += a[j]! * a[j]!), (nb += b[j]! * b[j]!);
      return dot / Math.sqrt(na * nb);
    };
    const w = vectors.map((v) => Math.max(cos(query!, v), 0) ** settings.power);
    const total = w.reduce((a, b) => a + b, 0);
    const expected = new Map<number, number>();
    VACANCIES.forEach((v, r) => {
      for (const s of v.skills) {
        const p = position(Number(s.uri.split('-').pop()));
        if (p >= 0 && w[r]! > 0) expected.set(p, (expected.get(p) ?? 0) + (w[r]! * s.probability) / total);
      }
    });
    expect(new Set(evidence.skills)).toEqual(new Set(expected.keys()));
    evidence.skills.forEach((skill, i) => expect(evidence.scores[i]).toBeCloseTo(expected.get(skill)!, 5));
    expect(evidence.nearest?.title).toMatch(/data scientist/i);
    // A sharp power leaves the nurse's ads out of a data scientist's evidence.
    const sharp = memory.scores(query!, { topK: 3, power: 16 });
    expect(sharp.scores[sharp.skills.indexOf(position(6))] ?? 0).toBeLessThan(0.01);
  });

  it('gives the job-ad prior as prior × (share of ads listing the skill)^priorPower, an ad counting once per skill', async () => {
    const prior = memory.priorScores(corpus.skills.length, { prior: 0.5, priorPower: 0.25 });
    expect(prior[position(8)]).toBeCloseTo(0.5 * (2 / 3) ** 0.25, 6);
    for (const n of [1, 3, 6]) expect(prior[position(n)]).toBeCloseTo(0.5 * (1 / 3) ** 0.25, 6);
    // Skills no ad lists have none.
    const listed = new Set([1, 3, 6, 8].map(position));
    corpus.skills.forEach((_, s) => {
      if (!listed.has(s)) expect(prior[s]).toBe(0);
    });
    const twice = await VacancyNeighbours.build(
      [{ title: 'nurse', skills: [{ uri: uri(6), probability: 1 }, { uri: uri(6), probability: 0.4 }] }, { title: 'cook', skills: [] }],
      corpus,
      encoder,
    );
    expect(twice.priorScores(corpus.skills.length, { prior: 1, priorPower: 1 })[position(6)]).toBeCloseTo(0.5, 6);
    expect(memory.priorScores(corpus.skills.length, { prior: 0, priorPower: 0.25 }).every((x) => x === 0)).toBe(true);
  });

  it('gives no evidence (and no NaN) for a title of unknown words', () => {
    const evidence = memory.scores(new Float32Array(encoder.dimensions), { topK: 5, power: 16 });
    expect(evidence).toEqual({ skills: [], scores: [], nearest: null });
  });

  it('saves and opens the same memory; another key is not opened', async () => {
    const dir = join(root, 'saved');
    await memory.save(dir, 'test-key');
    const opened = await VacancyNeighbours.open(dir, 'test-key');
    expect(opened).not.toBeNull();
    const [query] = await encoder.encode(['nurse']);
    expect(opened!.scores(query!, { topK: 2, power: 16 })).toEqual(memory.scores(query!, { topK: 2, power: 16 }));
    expect(await VacancyNeighbours.open(dir, 'another-key')).toBeNull();
  });

  it('openOrBuild gives null for a data directory without the TechWolf vacancies', async () => {
    const built = await VacancyNeighbours.openOrBuild({ dataDir: root, esco: async () => [], corpus, encoder, cacheDir: join(root, 'cache') });
    expect(built).toBeNull();
  });
});

describe('SkillRetriever with vacancy-neighbour evidence', () => {
  it('takes the feedback skills of pseudo-relevance feedback from the top of cosine + evidence (brute force checks it)', async () => {
    const [query] = await encoder.encode(['data scientist']);
    const boost = { evidence: new Map([[position(8), 0.45], [position(6), 0.025]]), weight: 2 };
    const cosine = index.scoreAll(query!);
    const fused = Array.from(cosine, (c, s) => c + boost.weight * (boost.evidence.get(s) ?? 0));
    const top = Array.from(fused.keys()).sort((a, b) => fused[b]! - fused[a]! || a - b).slice(0, 2);
    expect(top).toContain(position(8));
    const expected = Float32Array.from(query!);
    const d = expected.length;
    for (let j = 0; j < d; j++) expected[j] = query![j]! + (index.skillVector(top[0]!)[j]! + index.skillVector(top[1]!)[j]!) / 2;
    const norm = Math.hypot(...expected);
    const got = expandQuery(index, query!, 2, 1, 'exact', boost);
    for (let j = 0; j < d; j++) expect(got[j]).toBeCloseTo(expected[j]! / norm, 5);
    // Without the boost the feedback skills are the cosine top 2, another query.
    expect(Array.from(expandQuery(index, query!, 2, 1, 'exact'))).not.toEqual(Array.from(got));
  });

  it('skips scoring the boosted skills that cannot reach the feedback top, with the same feedback as brute force', async () => {
    const rand = createRng(3);
    const spy = vi.spyOn(index, 'scoreSkills');
    const scoredNow = (): number => spy.mock.calls.reduce((a, [, skills]) => a + skills.length, 0);
    onTestFinished(() => spy.mockRestore());
    let outsiders = 0;
    for (const title of ['data scientist', 'nurse', 'forklift operator', 'accountant']) {
      const [query] = await encoder.encode([title]);
      const cosine = index.scoreAll(query!);
      for (let round = 0; round < 5; round++) {
        // Every skill boosted, most by a few thousandths (what most listed skills carry), a few by a lot.
        const evidence = new Map(corpus.skills.map((_, s) => [s, rand() < 0.3 ? rand() * 0.6 : rand() * 0.004] as const));
        const boost = { evidence, weight: 1 };
        const fused = Array.from(cosine, (c, s) => c + evidence.get(s)!);
        const top = Array.from(fused.keys()).sort((a, b) => fused[b]! - fused[a]! || a - b).slice(0, 2);
        const expected = Float32Array.from(query!, (x, j) => x + (index.skillVector(top[0]!)[j]! + index.skillVector(top[1]!)[j]!) / 2);
        const norm = Math.hypot(...expected);
        const got = expandQuery(index, query!, 2, 1, 'exact', boost);
        expected.forEach((x, j) => expect(got[j]).toBeCloseTo(x / norm, 5));
        outsiders += corpus.skills.length - 2;
      }
    }
    // Fewer skills scored than lie outside the cosine top 2 (a bound that never skips would score them all).
    expect(scoredNow()).toBeLessThan(outsiders);
  });

  it('a top-k search scores only the listed skills that can reach the top k, and returns the complete ranking\'s first k', async () => {
    const many: NeighbourVacancy[] = [
      ...VACANCIES,
      // Listings of a tiny probability: evidence a few thousandths, which cannot lift a skill into a top 1.
      { title: 'data scientist', skills: corpus.skills.map((s) => ({ uri: s.escoUri, probability: 0.004 })) },
      { title: 'nurse', skills: corpus.skills.map((s) => ({ uri: s.escoUri, probability: 0.004 })) },
    ];
    const ads = await VacancyNeighbours.build(many, corpus, encoder, 'many');
    const spy = vi.spyOn(index, 'scoreSkills');
    const scoredNow = (): number => spy.mock.calls.reduce((a, [, skills]) => a + skills.length, 0);
    onTestFinished(() => spy.mockRestore());
    // coreTopK 1: a top-1 search is then ranked 1 deep (it ranks at least coreTopK deep to grade importance).
    const retriever = await SkillRetriever.create({ encoder, corpus, index, vacancies: ads, candidates: 2, neighbours: { prior: 0 }, importance: { coreTopK: 1 } });
    let topScored = 0;
    let completeScored = 0;
    for (const title of ['data scientist', 'nurse', 'registered nurse', 'forklift operator']) {
      for (const firstStage of ['exact', 'ann'] as const) {
        spy.mockClear();
        const complete = await retriever.search(title, { firstStage });
        completeScored += scoredNow();
        for (const k of [1, 2]) {
          spy.mockClear();
          expect(await retriever.search(title, { k, firstStage })).toEqual(complete.slice(0, k));
          if (k === 1) topScored += scoredNow();
        }
      }
    }
    expect(topScored).toBeLessThan(completeScored);
    // With the default importance (top 10 graded against their best cosine), a top-1 search grades its hit as the
    // complete ranking does: the job-ad evidence can put a skill first whose cosine is not the best.
    const graded = await SkillRetriever.create({ encoder, corpus, index, vacancies: ads, candidates: 2, neighbours: { prior: 0 } });
    for (const title of ['data scientist', 'nurse']) expect(await graded.search(title, { k: 1 })).toEqual((await graded.search(title)).slice(0, 1));
  });

  it('lifts the skills the nearest ads list, adds them as candidates, and is off per search on request', async () => {
    const plain = await SkillRetriever.create({ encoder, corpus, index });
    const withAds = await SkillRetriever.create({ encoder, corpus, index, vacancies: memory, candidates: 2 });
    const before = await plain.search('data scientist');
    const after = await withAds.search('data scientist');
    const forklift = (hits: typeof before) => hits.find((h) => h.escoUri === uri(8))!;
    expect(forklift(after).rank).toBeLessThan(forklift(before).rank);
    expect(forklift(after).rank).toBeLessThanOrEqual(3);
    expect(forklift(after).evidence.neighbourScore).toBeGreaterThan(0.5);
    // Not among the 2 index candidates: it joined from the ads, scored with its exact cosine.
    expect(forklift(after).evidence.source).toBe('job-ads');
    expect(forklift(after).evidence.firstStageRank).toBe(0);
    const off = await withAds.search('data scientist', { neighbours: false });
    const plainTwo = await SkillRetriever.create({ encoder, corpus, index, candidates: 2 });
    expect(off).toEqual(await plainTwo.search('data scientist'));
    // Each candidate's score is cosine + weight × neighbour evidence + the job-ad prior (0.5 × share^0.25 by default).
    const prior = memory.priorScores(corpus.skills.length, { prior: 0.5, priorPower: 0.25 });
    for (const hit of after.filter((h) => h.evidence.stage === 'candidate')) {
      const at = corpus.skills.findIndex((s) => s.docId === hit.docId);
      expect(hit.evidence.priorScore ?? 0).toBeCloseTo(prior[at]!, 6);
      expect(hit.score).toBeCloseTo(hit.evidence.firstStageScore + (hit.evidence.neighbourScore ?? 0) + (hit.evidence.priorScore ?? 0), 6);
    }
    expect(forklift(after).evidence.priorScore).toBeCloseTo(0.5 * (2 / 3) ** 0.25, 6);
    // The tail of a complete ranking is ordered by cosine + prior too.
    const rest = after.filter((h) => h.evidence.stage === 'rest');
    expect(rest.length).toBeGreaterThan(1);
    expect(rest.some((h) => (h.evidence.priorScore ?? 0) > 0)).toBe(true);
    const tailScore = (h: (typeof rest)[number]) => h.evidence.firstStageScore + (h.evidence.priorScore ?? 0);
    for (let i = 1; i < rest.length; i++) expect(tailScore(rest[i - 1]!)).toBeGreaterThanOrEqual(tailScore(rest[i]!));
    const noPrior = await SkillRetriever.create({ encoder, corpus, index, vacancies: memory, candidates: 2, neighbours: { prior: 0 } });
    const withoutPrior = await noPrior.search('data scientist');
    expect(forklift(withoutPrior).evidence.priorScore).toBeUndefined();
    expect(forklift(withoutPrior).score).toBeCloseTo(forklift(after).score - forklift(after).evidence.priorScore!, 6);
    // Weight 0 is the plain first stage too.
    const zero = await SkillRetriever.create({ encoder, corpus, index, vacancies: memory, neighbours: { topK: 50, power: 16, weight: 0 } });
    expect(await zero.search('data scientist')).toEqual(before);
  });
});
