import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, JobskillError, sealArtifact } from '@jobskill/data';
import { EscoGraph } from '../graph/esco-graph.ts';
import { createCountingEncoder } from '../__fixtures__/counting-encoder.ts';
import { miniEscoInput, miniSkillUri as S } from '../__fixtures__/mini-esco.ts';
import { createReranker, rerankers } from './registry.ts';
import { LTR_FEATURES } from './ltr-features.ts';
import { parameterCount, type LtrModelFile } from './ltr-model.ts';
import { LtrReranker, writeLtrModel, LTR_MODEL_FILE, LTR_MANIFEST_FILE } from './ltr-reranker.ts';
import { trainLtrModel } from '../training/ltr-train.ts';
import type { RerankCandidate } from './types.ts';

const graph = EscoGraph.fromEsco(miniEscoInput());
const encoder = createCountingEncoder(64);
const candidates: RerankCandidate[] = graph.skills.map((s, i) => ({ docId: `c${i}`, aliases: s.labels, firstStageScore: 0, escoUri: s.uri }));
const nurseSkills = new Set([S('patient'), S('medication'), S('hygiene')]);

/** A hand-set model: the score is the similarity-weighted essential vote of the nearest occupations. */
function handModel(): LtrModelFile {
  const F = LTR_FEATURES.length;
  const params = new Array<number>(parameterCount({ inputs: F, hidden: 0 })).fill(0);
  params[LTR_FEATURES.indexOf('graph_ess_w')] = 1;
  return {
    format: 'jobskill-ltr',
    version: 1,
    features: [...LTR_FEATURES],
    normalization: { mean: new Array(F).fill(0), std: new Array(F).fill(1) },
    hidden: 0,
    params,
    graph: { topOccupations: 2 },
    encoder: { id: encoder.id, hash: 'unknown' },
  };
}

let root: string;
let handDir: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobskill-ltr-'));
  handDir = join(root, 'hand');
  await writeLtrModel(handDir, handModel(), { note: 'test' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('embedded re-ranker', () => {
  it('loads through the registry and ranks the nearest occupation’s skills first', async () => {
    const reranker = await createReranker('embedded', { model: handDir, encoder, graph });
    expect(reranker).toBeInstanceOf(LtrReranker);
    const scores = await reranker.rerank('registered nurse', candidates);
    expect(scores).toHaveLength(candidates.length);
    const top3 = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, i]) => candidates[i]!.escoUri);
    // nurse (essential: patient, medication, hygiene) is nearest; care assistant (patient essential) second.
    expect(new Set(top3)).toEqual(nurseSkills);
    // Graph score counts optional votes too: teamwork (optional in both) joins the three nurse skills.
    const proposed = await reranker.proposeCandidates!('registered nurse', 4);
    expect(new Set(proposed)).toEqual(new Set([...nurseSkills, S('teamwork')]));
  });

  it('scores with the query vector it is handed, without encoding the title again', async () => {
    let encoded: string[] = [];
    const counting = { ...encoder, id: encoder.id, dimensions: encoder.dimensions, encode: async (texts: string[]) => (encoded.push(...texts), encoder.encode(texts)) };
    const reranker = await createReranker('embedded', { model: handDir, encoder: counting, graph });
    await reranker.prepare!(candidates);
    const [queryVector] = await encoder.encode(['registered nurse']);
    encoded = [];
    const given = await reranker.rerank('registered nurse', candidates, { queryVector: queryVector! });
    const proposed = await reranker.proposeCandidates!('registered nurse', 4, { queryVector: queryVector! });
    expect(encoded).toEqual([]);
    expect(given).toEqual(await reranker.rerank('registered nurse', candidates));
    expect(proposed).toEqual(await reranker.proposeCandidates!('registered nurse', 4));
    expect(encoded).toEqual(['registered nurse', 'registered nurse']);
  });

  it('candidates outside ESCO get no graph evidence but still a score', async () => {
    const reranker = await createReranker('embedded', { model: handDir, encoder, graph });
    const scores = await reranker.rerank('nurse', [{ docId: 'x', aliases: ['patient care'], firstStageScore: 0.5 }, candidates[6]!]);
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBeGreaterThan(0);
  });

  it('refuses empty titles, a missing encoder and a model trained with another encoder', async () => {
    const reranker = await createReranker('embedded', { model: handDir, encoder, graph });
    await expect(reranker.rerank('   ', candidates)).rejects.toThrow(/empty/);
    await expect(createReranker('embedded', { model: handDir, graph })).rejects.toThrow(/needs `encoder`/);
    await expect(createReranker('embedded', { model: handDir, encoder: createCountingEncoder(32), graph })).rejects.toThrow(/trained with encoder hashing-64/);
  });

  it('refuses corrupted or foreign model files with the file and field named', async () => {
    const dir = join(root, 'corrupt');
    await writeLtrModel(dir, handModel(), {});
    const file = join(dir, LTR_MODEL_FILE);
    const good = await readFile(file, 'utf8');
    // Any change to model.json after the build fails the manifest's sha256, naming the file and the rebuild.
    const json = JSON.parse(good) as LtrModelFile;
    await writeFile(file, JSON.stringify({ ...json, params: json.params.map(() => Number.NaN) }));
    const tampered = await createReranker('embedded', { model: dir, encoder, graph }).catch((e: unknown) => e);
    expect((tampered as JobskillError).code).toBe('ARTIFACT_CORRUPT');
    expect((tampered as Error).message).toMatch(/model\.json \(re-ranker\) has \d+ bytes, its manifest says \d+; rebuild it with `pnpm turbo run model`/);
    // Content checks behind the hashes (a folder re-sealed by hand): each names the file and field.
    const writeSealed = async (text: string): Promise<void> => {
      await writeFile(file, text);
      await sealArtifact(dir, LTR_MANIFEST_FILE, [LTR_MODEL_FILE]);
    };
    await writeSealed(good.slice(0, 40));
    await expect(createReranker('embedded', { model: dir, encoder, graph })).rejects.toThrow(DataError);
    await expect(createReranker('embedded', { model: dir, encoder, graph })).rejects.toThrow(/model\.json: not valid JSON/);
    await writeSealed(JSON.stringify({ ...json, params: json.params.slice(1) }));
    await expect(createReranker('embedded', { model: dir, encoder, graph })).rejects.toThrow(/field "params"/);
    await writeSealed(JSON.stringify({ ...json, features: ['cos_max'] }));
    await expect(createReranker('embedded', { model: dir, encoder, graph })).rejects.toThrow(/rebuild the model/);
    await expect(createReranker('embedded', { model: join(root, 'nothing'), encoder, graph })).rejects.toThrow(/pnpm turbo run model/);
  });
});

describe('reranker registry', () => {
  it('is frozen and names the valid re-rankers for an unknown name', async () => {
    expect(Object.isFrozen(rerankers)).toBe(true);
    await expect(createReranker('bm25-magic')).rejects.toThrow(JobskillError);
    await expect(createReranker('bm25-magic')).rejects.toThrow(/Valid re-rankers: cross-encoder, embedded, graph/);
    await expect(createReranker('cross-encoder', { batchSize: -1 })).rejects.toThrow(/Invalid options/);
  });
});

describe('trainLtrModel (ESCO-derived queries, leave-one-occupation-out)', () => {
  it('trains a model that loads, with training figures and a data hash', async () => {
    const { model, report } = await trainLtrModel(graph, encoder, {
      queryOccupations: 5, devFraction: 0.4, minRelations: 3, corpusGroupSize: 5, candidates: 4, graphCandidates: 3,
      hiddenSizes: [0, 2], epochs: 40, evalEvery: 10, topOccupations: 2,
    });
    expect(report.queries.train + report.queries.dev).toBe(10);
    expect(report.occupations).toEqual({ train: 3, dev: 2 });
    expect(report.trainingDataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.devMap.ltr).toBeGreaterThan(0);
    expect([0, 2]).toContain(model.hidden);
    expect(model.params.every(Number.isFinite)).toBe(true);
    const again = await trainLtrModel(graph, encoder, {
      queryOccupations: 5, devFraction: 0.4, minRelations: 3, corpusGroupSize: 5, candidates: 4, graphCandidates: 3,
      hiddenSizes: [0, 2], epochs: 40, evalEvery: 10, topOccupations: 2,
    });
    expect(again.model).toEqual(model);
    const restricted = await trainLtrModel(graph, encoder, {
      queryOccupations: 5, devFraction: 0.25, minRelations: 3, corpusGroupSize: 5, candidates: 4, graphCandidates: 3,
      hiddenSizes: [0], epochs: 10, topOccupations: 2,
      queryOccupationUris: miniEscoInput().occupations.slice(0, 4).map((occ) => occ.uri),
      servingEncoder: { id: 'served-encoder', hash: 'abc' },
    });
    expect(restricted.report.occupations.train + restricted.report.occupations.dev).toBe(4);
    expect(restricted.model.encoder).toEqual({ id: 'served-encoder', hash: 'abc' });
    const dir = join(root, 'trained');
    await writeLtrModel(dir, model, { training: report });
    const manifest = JSON.parse(await readFile(join(dir, LTR_MANIFEST_FILE), 'utf8'));
    expect(manifest.features).toEqual([...LTR_FEATURES]);
    expect(manifest.training.trainingDataHash).toBe(report.trainingDataHash);
    const reranker = await createReranker('embedded', { model: dir, encoder, graph });
    expect(await reranker.rerank('data scientist', candidates)).toHaveLength(candidates.length);
  });
});
