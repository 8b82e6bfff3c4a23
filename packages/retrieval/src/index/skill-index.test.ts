import { readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JobskillError, createRng, sealArtifact } from '@jobskill/data';
import { writeTinyEncoder } from '@jobskill/encoders/testing';
import { createEncoder } from '@jobskill/encoders';
import type { HashedEncoder } from '@jobskill/encoders';
import type { SkillCorpus } from '../corpus/corpus.ts';
import { useTinyTaskB } from '../__fixtures__/tiny-taskb-setup.ts';
import { SkillIndex, unreachableKeys } from './skill-index.ts';
import { FEEDBACK_BREADTH, feedbackBreadth } from './skill-index-store.ts';
import { UsearchVectorIndex } from './usearch-index.ts';
import { ExactVectorIndex } from './exact-index.ts';
import { expandQuery } from '../retriever/first-stage.ts';

const tiny = useTinyTaskB('jobskill-skill-index-');
let root: string;
let encoder: HashedEncoder;
let corpus: SkillCorpus;

beforeAll(() => {
  ({ root, encoder, corpus } = tiny);
});

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

async function errorOf(promise: Promise<unknown>): Promise<JobskillError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JobskillError);
  return error as JobskillError;
}

describe('SkillIndex granularity', () => {
  it('alias: a skill scores as its best alias', async () => {
    const index = await SkillIndex.build(corpus, encoder, { granularity: 'alias', backend: 'exact' });
    const [query] = await encoder.encode(['data scientist']);
    const top = index.candidates(query!, 8);
    expect(top).toHaveLength(8);
    expect(new Set(top.map((m) => m.skill)).size).toBe(8);
    for (const match of top) {
      const aliasVectors = await encoder.encode(corpus.skills[match.skill]!.aliases);
      const best = Math.max(...aliasVectors.map((v) => dot(v, query!)));
      expect(match.score).toBeCloseTo(best, 5);
    }
    expect(corpus.skills[top[0]!.skill]!.docId).toBe('c3'); // "data analysis" shares the word "data"
    expect(index.manifest.counts).toEqual({ skills: 8, vectors: 17 });
  });

  it('skill: a skill scores by its renormalized mean alias vector', async () => {
    const index = await SkillIndex.build(corpus, encoder, { granularity: 'skill', backend: 'exact' });
    const [query] = await encoder.encode(['nurse']);
    const top = index.candidates(query!, 3);
    for (const match of top) {
      const aliasVectors = await encoder.encode(corpus.skills[match.skill]!.aliases);
      const mean = new Float32Array(query!.length);
      for (const v of aliasVectors) for (let j = 0; j < v.length; j++) mean[j]! += v[j]!;
      const norm = Math.hypot(...mean);
      expect(match.score).toBeCloseTo(dot(mean, query!) / norm, 5);
    }
    expect(top.slice(0, 2).map((m) => corpus.skills[m.skill]!.docId).sort()).toEqual(['c6', 'c7']);
    expect(index.manifest.counts).toEqual({ skills: 8, vectors: 8 });
    expect(index.bestAlias(query!, top[0]!.skill).alias).toMatch(/patient|medication/);
  });

  it('usearch candidates match exact ones on a small corpus, and scoreAll agrees', async () => {
    for (const granularity of ['alias', 'skill'] as const) {
      const ann = await SkillIndex.build(corpus, encoder, { granularity, backend: 'usearch', quantization: 'f32' });
      const [query] = await encoder.encode(['software developer']);
      const approx = ann.candidates(query!, 5);
      const exact = ann.exactCandidates(query!, 5);
      expect(approx.map((m) => m.skill)).toEqual(exact.map((m) => m.skill));
      const all = ann.scoreAll(query!);
      for (const m of exact) expect(all[m.skill]).toBeCloseTo(m.score, 5);
    }
  });

  it('scoreSkills gives scoreSkill of each listed skill, in list order, repeats included, for both granularities', async () => {
    const [query] = await encoder.encode(['nurse']);
    for (const granularity of ['alias', 'skill'] as const) {
      const index = await SkillIndex.build(corpus, encoder, { granularity });
      const skills = [7, 0, 3, 3, 5, 1, 6, 2, 4];
      const out = new Float64Array(skills.length);
      index.scoreSkills(query!, skills, out);
      skills.forEach((skill, i) => expect(out[i], `skill ${skill}`).toBeCloseTo(index.scoreSkill(query!, skill), 5));
      // A longer list than the reused block held before.
      const many = Array.from({ length: 3000 }, (_, i) => (i * 5) % corpus.skills.length);
      const outMany = new Float64Array(many.length);
      index.scoreSkills(query!, many, outMany);
      expect(outMany.every((x, i) => Math.abs(x - index.scoreSkill(query!, many[i]!)) < 1e-5)).toBe(true);
    }
  });
});

describe('SkillIndex persistence', () => {
  it('saves atomically with a manifest and serves the same results through view and load', async () => {
    const index = await SkillIndex.build(corpus, encoder, { granularity: 'alias', quantization: 'f16' });
    const dir = join(root, 'indexes', 'tiny');
    await index.save(dir);
    await index.save(dir); // overwriting an existing index is atomic too
    expect((await readdir(join(root, 'indexes'))).sort()).toEqual(['tiny']);
    expect((await readdir(dir)).sort()).toEqual(['aliases.f32', 'index.usearch', 'manifest.json']);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'jobskill-skill-index',
      backend: 'usearch',
      metric: 'cos',
      quantization: 'f16',
      granularity: 'alias',
      dimensions: encoder.dimensions,
      encoder: { id: encoder.id, hash: encoder.contentHash },
      corpus: { name: 'taskb-tiny', hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      counts: { skills: 8, vectors: 17 },
    });
    expect(manifest.files['index.usearch']).toBeGreaterThan(0);
    expect(Date.parse(manifest.created)).not.toBeNaN();

    const [query] = await encoder.encode(['forklift driver']);
    for (const mode of ['view', 'load'] as const) {
      const opened = await SkillIndex.open(dir, { corpus, encoder, mode });
      expect(opened.candidates(query!, 8).map((m) => m.skill)).toEqual(index.candidates(query!, 8).map((m) => m.skill));
      expect(opened.granularity).toBe('alias');
    }
  });

  it('refuses an index built for another corpus or with another encoder', async () => {
    const index = await SkillIndex.build(corpus, encoder, { granularity: 'skill' });
    const dir = join(root, 'mismatch');
    await index.save(dir);
    const otherCorpus: SkillCorpus = { name: 'smaller', skills: corpus.skills.slice(0, 5) };
    const corpusError = await errorOf(SkillIndex.open(dir, { corpus: otherCorpus, encoder }));
    expect(corpusError.code).toBe('INDEX_MISMATCH');
    expect(corpusError.message).toMatch(/built for corpus "taskb-tiny" \(8 skills.*not for corpus "smaller" \(5 skills/);

    await writeTinyEncoder(join(root, 'other-model'), { seed: 5 });
    const other = await createEncoder({ model: join(root, 'other-model') });
    const encoderError = await errorOf(SkillIndex.open(dir, { corpus, encoder: other }));
    await other.dispose();
    expect(encoderError.code).toBe('INDEX_MISMATCH');
    expect(encoderError.message).toMatch(/built with encoder transformers:jobskill\/tiny-test-encoder@fp32 \(hash [0-9a-f]{12}\).*rebuild/);
  });

  it('reports a missing, corrupt or truncated index clearly', async () => {
    expect((await errorOf(SkillIndex.open(join(root, 'none'), { corpus, encoder }))).code).toBe('INDEX_NOT_FOUND');
    const index = await SkillIndex.build(corpus, encoder);
    const dir = join(root, 'broken');
    await index.save(dir);
    await truncate(join(dir, 'index.usearch'), 100);
    const truncated = await errorOf(SkillIndex.open(dir, { corpus, encoder }));
    expect(truncated.code).toBe('INDEX_UNREADABLE');
    expect(truncated.message).toMatch(/index\.usearch has 100 bytes, the manifest says \d+/);
    await writeFile(join(dir, 'manifest.json'), '{"format": "jobskill-skill-index"');
    expect((await errorOf(SkillIndex.open(dir, { corpus, encoder }))).message).toMatch(/not valid JSON/);
    await writeFile(join(dir, 'manifest.json'), '{"format": "something-else"}');
    expect((await errorOf(SkillIndex.open(dir, { corpus, encoder }))).message).toMatch(/field "format"/);
  });

  it('refuses a same-size bit flip of index.usearch (sha256 in the manifest), naming the file and the rebuild', async () => {
    const index = await SkillIndex.build(corpus, encoder);
    const dir = join(root, 'bit-flip');
    await index.save(dir);
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { integrity: { files: Record<string, { sha256: string }> } };
    expect(Object.keys(manifest.integrity.files).sort()).toEqual(['aliases.f32', 'index.usearch', 'skills.f32']);
    await SkillIndex.open(dir, { corpus, encoder }); // verified once: its hashes are now in the size+mtime cache
    const file = join(dir, 'index.usearch');
    const bytes = await readFile(file);
    bytes[bytes.length >> 1]! ^= 0x10;
    await writeFile(file, bytes);
    const flipped = await errorOf(SkillIndex.open(dir, { corpus, encoder }));
    expect(flipped.code).toBe('ARTIFACT_CORRUPT');
    expect(flipped.message).toMatch(/bit-flip\/index\.usearch \(skill index\) does not match the sha256.*jobskill index build/);
  });
});

describe('expandQuery (pseudo-relevance feedback)', () => {
  it('moves the query to normalize(q + w · centroid of its top-k skill vectors), for both granularities', async () => {
    const [query] = await encoder.encode(['data scientist']);
    for (const granularity of ['skill', 'alias'] as const) {
      const index = await SkillIndex.build(corpus, encoder, { granularity, backend: 'exact' });
      const top = index.exactCandidates(query!, 3);
      // Independent computation: mean alias vector per skill, renormalized, then the Rocchio update.
      const expected = Float64Array.from(query!);
      for (const match of top) {
        const aliasVectors = await encoder.encode(corpus.skills[match.skill]!.aliases);
        const mean = new Float64Array(query!.length);
        for (const v of aliasVectors) v.forEach((x, j) => (mean[j]! += x));
        const norm = Math.hypot(...mean);
        mean.forEach((x, j) => (expected[j]! += (0.5 * x) / norm / top.length));
      }
      const expectedNorm = Math.hypot(...expected);
      const expanded = expandQuery(index, query!, 3, 0.5);
      expect(Math.hypot(...expanded)).toBeCloseTo(1, 5);
      expanded.forEach((x, j) => expect(x).toBeCloseTo(expected[j]! / expectedNorm, 5));
      // The expanded query is closer to the feedback skills than the original was.
      for (const match of top) {
        expect(index.scoreSkill(expanded, match.skill)).toBeGreaterThan(index.scoreSkill(query!, match.skill) - 1e-6);
      }
      expect(expandQuery(index, query!, 3, 0)).toEqual(Float32Array.from(query!));
    }
  });
});

describe('SkillIndex skills the graph cannot reach', () => {
  /**
   * A saved usearch index whose graph holds skill `missing` under a vector far from its own (the tiny corpus is too
   * small for a real HNSW to leave a node unreachable), with `listed` as the manifest's unreachable skills.
   */
  async function indexWithout(missing: number, listed: number[]): Promise<string> {
    const built = await SkillIndex.build(corpus, encoder, { granularity: 'skill', backend: 'usearch', quantization: 'f32' });
    const dir = join(root, `unreachable-${missing}-${listed.join('_')}`);
    await built.save(dir);
    const d = built.dimensions;
    const rows = Float32Array.from(built.skillStore!.vectors());
    for (let j = 0; j < d; j++) rows[missing * d + j] = -rows[missing * d + j]!;
    const graph = UsearchVectorIndex.create({ dimensions: d });
    graph.add(Uint32Array.from(corpus.skills.keys()), rows);
    graph.save(join(dir, 'index.usearch'));
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    manifest.files['index.usearch'] = (await readFile(join(dir, 'index.usearch'))).byteLength;
    manifest.unreachable = listed;
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
    await sealArtifact(dir, 'manifest.json', Object.keys(manifest.files));
    return dir;
  }

  it('unreachableKeys names the rows a search for their own vector does not return', () => {
    const d = 16;
    const rand = createRng(5);
    const vectors = Float32Array.from({ length: 40 * d }, () => rand() - 0.5);
    const graph = UsearchVectorIndex.create({ dimensions: d });
    const keys = Uint32Array.from({ length: 40 }, (_, i) => i).filter((k) => k !== 17);
    const rows = new Float32Array(keys.length * d);
    keys.forEach((k, i) => rows.set(vectors.subarray(k * d, (k + 1) * d), i * d));
    graph.add(keys, rows);
    const unreachable = unreachableKeys(graph, vectors, d);
    // The row the graph lacks, and any node a parallel build left without incoming links: even a search for every
    // vector of the graph does not return those.
    expect(unreachable).toContain(17);
    for (let key = 0; key < 40; key++) {
      const own = vectors.subarray(key * d, (key + 1) * d);
      expect(graph.search(own, 40).some((m) => m.key === key)).toBe(!unreachable.includes(key));
    }
    const exact = new ExactVectorIndex(d, 40);
    exact.add(Uint32Array.from({ length: 40 }, (_, i) => i), vectors);
    expect(unreachableKeys(exact, vectors, d)).toEqual([]);
  });

  it('builds the same graph bytes every time (single-threaded add)', async () => {
    const d = 32;
    const rand = createRng(9);
    const vectors = Float32Array.from({ length: 2000 * d }, () => rand() - 0.5);
    const bytes = async (name: string): Promise<Buffer> => {
      const graph = UsearchVectorIndex.create({ dimensions: d, quantization: 'f16' });
      graph.add(Uint32Array.from({ length: 2000 }, (_, i) => i), vectors);
      graph.save(join(root, name));
      return readFile(join(root, name));
    };
    expect((await bytes('graph-a.usearch')).equals(await bytes('graph-b.usearch'))).toBe(true);
  });

  it('searches the feedback on the same graph at breadth FEEDBACK_BREADTH, built and opened', async () => {
    const built = await SkillIndex.build(corpus, encoder, { granularity: 'skill', backend: 'usearch' });
    const dir = join(root, 'feedback-breadth');
    await built.save(dir);
    const opened = await SkillIndex.open(dir, { corpus, encoder });
    for (const index of [built, opened]) {
      expect((index.ann as UsearchVectorIndex).options.expansionSearch).toBe(256);
      expect((index.feedbackAnn as UsearchVectorIndex).options.expansionSearch).toBe(FEEDBACK_BREADTH);
      for (const title of ['data scientist', 'nurse']) {
        const [query] = await encoder.encode([title]);
        expect(index.feedbackCandidates(query!, 5)).toEqual(index.candidates(query!, 5));
      }
    }
    expect(feedbackBreadth(64)).toBe(64); // never wider than the index's own breadth
    expect(feedbackBreadth(0)).toBe(FEEDBACK_BREADTH);
  });

  it('a fully built graph reaches every skill (the build records none)', async () => {
    const built = await SkillIndex.build(corpus, encoder, { granularity: 'skill', backend: 'usearch' });
    expect(built.manifest.unreachable).toEqual([]);
  });

  it('finds a skill the graph lacks by scoring it exactly, in its place by score, once', async () => {
    const missing = 2;
    const own = (await SkillIndex.build(corpus, encoder, { granularity: 'skill', backend: 'exact' })).skillVector(missing);
    const exact = (await SkillIndex.build(corpus, encoder, { granularity: 'skill', backend: 'exact' })).candidates(own, 4);
    expect(exact[0]!.skill).toBe(missing);

    const blind = await SkillIndex.open(await indexWithout(missing, []), { corpus, encoder });
    expect(blind.candidates(own, 4).map((m) => m.skill)).not.toContain(missing);

    const mended = await SkillIndex.open(await indexWithout(missing, [missing]), { corpus, encoder });
    const found = mended.candidates(own, 4);
    expect(found.map((m) => m.skill)).toEqual(exact.map((m) => m.skill));
    found.forEach((m, i) => expect(m.score).toBeCloseTo(exact[i]!.score, 5));
    // Asked for fewer than the corpus holds and for all of it: never a duplicate, never more than asked.
    expect(mended.candidates(own, 1).map((m) => m.skill)).toEqual([missing]);
    expect(mended.candidates(own, 1)[0]!.score).toBeCloseTo(exact[0]!.score, 5);
    const all = mended.candidates(own, 100);
    expect(all).toHaveLength(corpus.skills.length);
    expect(new Set(all.map((m) => m.skill)).size).toBe(corpus.skills.length);
  });
});
