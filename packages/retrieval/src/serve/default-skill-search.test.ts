import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDirPath, JobskillError } from '@jobskill/data';
import { defaultEncoderDir } from '@jobskill/encoders';
import { createEncoder } from '@jobskill/encoders';
import { createReranker } from '../rerank/registry.ts';
import { defaultRerankerDir } from '../rerank/ltr-reranker.ts';
import { SkillIndex } from '../index/skill-index.ts';
import { writeTinyEncoder } from '@jobskill/encoders/testing';
import { buildDefaultIndex, defaultIndexDir, escoSkillCorpus, openDefaultSkillSearch, type BuildDefaultIndexResult } from './default-skill-search.ts';
import { buildDefaultReranker } from '../training/default-reranker.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const dataDir = dataDirPath();
const encoderBuilt = existsSync(join(defaultEncoderDir(), 'config.json'));
const rerankerBuilt = existsSync(join(defaultRerankerDir(), 'model.json'));
const hasEsco = existsSync(join(dataDir, 'esco_v1.1.1'));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'jobskill-serve-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('defaultIndexDir', () => {
  it('is the git-ignored cache at the repository root', () => {
    expect(defaultIndexDir()).toBe(join(repoRoot, '.jobskill-cache', 'esco-skill-index'));
  });
});

describe.runIf(encoderBuilt && hasEsco)('openDefaultSkillSearch without building', () => {
  it('buildIfMissing: false refuses to build a missing index (tests and servers use the one `pnpm model` built)', async () => {
    const started = performance.now();
    const error = await openDefaultSkillSearch({ dataDir, indexDir: join(root, 'not-built'), buildIfMissing: false, rerank: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobskillError);
    expect((error as JobskillError).code).toBe('INDEX_NOT_BUILT');
    expect((error as Error).message).toContain(join(root, 'not-built'));
    expect((error as Error).message).toContain('pnpm model');
    expect(existsSync(join(root, 'not-built'))).toBe(false);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe.runIf(encoderBuilt && hasEsco)('the served ESCO skill search (embedded encoder, real ESCO)', () => {
  let built: BuildDefaultIndexResult;
  beforeAll(async () => {
    built = await buildDefaultIndex({ dataDir, indexDir: join(root, 'i8-index'), index: { quantization: 'i8' } });
  }, 300_000);

  it('buildDefaultIndex encodes all 13,896 ESCO skills and saves the index atomically with the options given', () => {
    expect(built.skills).toBe(13_896);
    expect(built.indexDir).toBe(join(root, 'i8-index'));
    expect(built.manifest).toMatchObject({ quantization: 'i8', granularity: 'skill', backend: 'usearch' });
    expect(readdirSync(built.indexDir)).toContain('manifest.json');
    expect(readdirSync(root).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('openDefaultSkillSearch serves a saved index memory-mapped, first stage only when rerank is false', async () => {
    const served = await openDefaultSkillSearch({ dataDir, indexDir: built.indexDir, rerank: false });
    try {
      expect(served.built).toBe(false);
      expect(served.reranker).toBeNull();
      expect(served.corpus.skills).toHaveLength(13_896);
      const hits = await served.retriever.search('welder', { k: 5 });
      expect(hits.map((h) => h.label).join(' | ')).toMatch(/weld/i);
      expect(hits[0]!.evidence.stage).toBe('candidate');
    } finally {
      await served.close();
    }
  });

  it.runIf(rerankerBuilt)('builds a missing index once, then serves it re-ranked by the embedded re-ranker when asked (rerank: true)', { timeout: 300_000 }, async () => {
    const lines: string[] = [];
    const indexDir = join(root, 'fresh-index');
    const served = await openDefaultSkillSearch({ dataDir, indexDir, rerank: true, log: (l) => lines.push(l) });
    try {
      expect(served.built).toBe(true);
      expect(lines[0]).toContain(`no skill index at ${indexDir}`);
      expect(existsSync(join(indexDir, 'manifest.json'))).toBe(true);
      expect(served.reranker?.id).toBe('embedded-ltr');
      const hits = await served.retriever.search('data scientist', { k: 10 });
      expect(hits[0]!.evidence.stage).toBe('reranked');
      expect(hits.map((h) => h.label).join(' | ')).toMatch(/data|statistic|machine learning/i);
    } finally {
      await served.close();
    }
    const again = await openDefaultSkillSearch({ dataDir, indexDir, rerank: false });
    expect(again.built).toBe(false);
    await again.close();
  });

  it('an index of another encoder is refused in a named folder, and rebuilt when rebuildStale is set', { timeout: 300_000 }, async () => {
    const indexDir = join(root, 'foreign-index');
    await writeTinyEncoder(join(root, 'tiny'));
    const tiny = await createEncoder({ model: join(root, 'tiny') });
    try {
      await (await SkillIndex.build(await escoSkillCorpus(dataDir), tiny, {})).save(indexDir);
    } finally {
      await tiny.dispose();
    }
    const refused = await openDefaultSkillSearch({ dataDir, indexDir, rerank: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(JobskillError);
    expect((refused as JobskillError).code).toBe('INDEX_MISMATCH');
    const lines: string[] = [];
    const served = await openDefaultSkillSearch({ dataDir, indexDir, rerank: false, rebuildStale: true, log: (l) => lines.push(l) });
    try {
      expect(served.built).toBe(true);
      expect(lines[0]).toMatch(/^the cached skill index is stale/);
      expect((await served.retriever.search('welder', { k: 3 })).map((h) => h.label).join(' ')).toMatch(/weld/i);
    } finally {
      await served.close();
    }
  });

  it('bad data directories are typed errors naming the directory', async () => {
    const missing = await openDefaultSkillSearch({ dataDir: join(root, 'nope') }).catch((e: unknown) => e);
    expect((missing as JobskillError).code).toBe('DATA_DIR_NOT_FOUND');
    await mkdir(join(root, 'no-esco'), { recursive: true });
    const noEsco = await buildDefaultIndex({ dataDir: join(root, 'no-esco'), indexDir: join(root, 'never') }).catch((e: unknown) => e);
    expect(noEsco).toBeInstanceOf(JobskillError);
    expect((noEsco as Error).message).toContain(join(root, 'no-esco', 'esco_v1.1.1'));
    expect(existsSync(join(root, 'never'))).toBe(false);
  });
});

describe.runIf(encoderBuilt && hasEsco)('buildDefaultReranker (small training run, real ESCO)', () => {
  it('trains on ESCO, writes model + manifest with input hashes, and the registry loads it', { timeout: 600_000 }, async () => {
    const out = join(root, 'reranker');
    const result = await buildDefaultReranker({
      dataDir,
      out,
      train: { queryOccupations: 24, epochs: 10, evalEvery: 5, hiddenSizes: [0] },
    });
    expect(result.dir).toBe(out);
    expect(readdirSync(out).sort()).toEqual(['jobskill-manifest.json', 'model.json']);
    const manifest = JSON.parse(readFileSync(join(out, 'jobskill-manifest.json'), 'utf8'));
    expect(Object.keys(manifest.inputs).sort()).toEqual(['jobIdToTerms', 'occupations', 'relations', 'skills']);
    for (const hash of Object.values(manifest.inputs)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.report.queries.dev).toBeGreaterThan(0);
    const encoder = await createEncoder({ model: defaultEncoderDir() });
    try {
      const reranker = await createReranker('embedded', { encoder, dataDir, model: out });
      const scores = await reranker.rerank('welder', [
        { docId: 'a', aliases: ['weld metal'], firstStageScore: 0.6 },
        { docId: 'b', aliases: ['administer medication'], firstStageScore: 0.1 },
      ]);
      expect(scores.every(Number.isFinite)).toBe(true);
      await reranker.dispose?.();
    } finally {
      await encoder.dispose();
    }
  });
});
