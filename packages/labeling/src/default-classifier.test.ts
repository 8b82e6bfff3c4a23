import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, JobskillError, loadResumes } from '@jobskill/data';
import {
  buildDefaultClassifier,
  defaultClassifierDir,
  defaultClassifierPath,
  loadDefaultClassifier,
  type BuildDefaultClassifierResult,
} from './default-classifier.ts';
import { createLabeler } from './registry.ts';
import { inputFromResume } from './inputs.ts';
import { createRulesReferenceLabeler } from './labelers/rules-reference.ts';
import { dataDir, hasRealData, resumesParquet } from './test-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jobskill-classifier-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.runIf(hasRealData)('default role classifier (real resumes.parquet)', () => {
  let built: BuildDefaultClassifierResult;
  beforeAll(async () => {
    built = await buildDefaultClassifier({ dataDir, out: join(tmp, 'role-classifier') });
    // `pnpm turbo run model` builds the default artifact before tests; a bare `npx vitest run` builds it here.
    if (!existsSync(defaultClassifierPath())) await buildDefaultClassifier({ dataDir });
  }, 300_000);

  it('writes model.json + jobskill-manifest.json (and nothing else) into the folder', () => {
    expect(readdirSync(built.dir).sort()).toEqual(['jobskill-manifest.json', 'model.json']);
    expect(readdirSync(tmp)).toEqual(['role-classifier']); // no temp folder left behind
    const manifest = JSON.parse(readFileSync(join(built.dir, 'jobskill-manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'role-classifier',
      format: 'jobskill-trained-labeler',
      fallback: 'Other',
      training: { examples: 183, seed: 42, target: 'rules-reference labels of resumes/resumes.parquet' },
    });
    expect(manifest.labels).toHaveLength(14);
    expect(manifest.inputs.resumes.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(built.examples).toBe(183);
    expect(built.labelCounts.Other).toBe(68);
    expect(built.trainingAccuracy).toBeGreaterThan(0.95);
  });

  it('the trained labeler built from it agrees with the rule labels it learned', async () => {
    const { records } = await loadResumes(resumesParquet);
    const inputs = records.filter((r) => r.hasSkills).map((r) => inputFromResume(r));
    const truth = (await createRulesReferenceLabeler().label(inputs)).map((r) => r.role);
    const labeler = await createLabeler('trained', { model: built.file });
    const results = await labeler.label(inputs);
    const agree = results.filter((r, i) => r.role === truth[i]).length / inputs.length;
    expect(agree).toBeGreaterThan(0.95);
    expect(results.every((r) => r.labeler === 'trained' && r.score > 0 && r.score <= 1)).toBe(true);
    const none = await labeler.label([{ skills: [] }]);
    expect(none[0]).toMatchObject({ role: 'Other', noEvidence: true, evidence: [] });
  });

  it('createLabeler("trained") with no model loads the default artifact, which a rebuild reproduces exactly', async () => {
    const labeler = (await createLabeler('trained')) as Awaited<ReturnType<typeof createLabeler>> & { model: { params: Float64Array; manifest: { training: { dataHash: string } } } };
    const rebuilt = await loadDefaultClassifier(built.file);
    expect(labeler.model.manifest.training.dataHash).toBe(rebuilt.manifest.training.dataHash);
    // Same data + same seed → the same parameters (a stale artifact means `pnpm turbo run model` was not rerun).
    expect(Buffer.from(labeler.model.params.buffer).equals(Buffer.from(rebuilt.params.buffer))).toBe(true);
    const [r] = await labeler.label([{ skills: ['SQL Server', 'PL/SQL', 'stored procedures'] }]);
    expect(r!.role).toBe('Database Developer');
  });

  it('a bit-flipped or NaN-weighted model.json fails on open with ARTIFACT_CORRUPT naming the file and the rebuild', async () => {
    const copy = join(tmp, 'tampered');
    cpSync(built.dir, copy, { recursive: true });
    const file = join(copy, 'model.json');
    const good = readFileSync(file, 'utf8');
    // Same size: one base64 character of the parameters changes case.
    const at = good.indexOf('"base64":"') + 20;
    const flipped = good.slice(0, at) + (good[at] === 'A' ? 'B' : 'A') + good.slice(at + 1);
    writeFileSync(file, flipped);
    const error = await loadDefaultClassifier(file).catch((e: unknown) => e);
    expect((error as JobskillError).code).toBe('ARTIFACT_CORRUPT');
    expect((error as Error).message).toMatch(/tampered\/model\.json \(role classifier\) does not match the sha256.*model build --only classifier/);
    const json = JSON.parse(good) as { params: { base64: string; length: number } };
    const nan = Buffer.alloc(json.params.length * 8);
    for (let i = 0; i < json.params.length; i++) nan.writeDoubleLE(Number.NaN, i * 8);
    writeFileSync(file, JSON.stringify({ ...json, params: { ...json.params, base64: nan.toString('base64') } }));
    expect(((await loadDefaultClassifier(file).catch((e: unknown) => e)) as JobskillError).code).toBe('ARTIFACT_CORRUPT');
  });
});

describe('default role classifier errors', () => {
  it('paths resolve inside packages/labeling/artifacts', () => {
    expect(defaultClassifierDir()).toMatch(/packages\/labeling\/artifacts\/role-classifier$/);
    expect(defaultClassifierPath()).toBe(join(defaultClassifierDir(), 'model.json'));
  });

  it('a missing artifact is MODEL_NOT_BUILT, saying how to build it', async () => {
    const error = await loadDefaultClassifier(join(tmp, 'nowhere', 'model.json')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobskillError);
    expect((error as JobskillError).code).toBe('MODEL_NOT_BUILT');
    expect((error as Error).message).toContain('pnpm turbo run model');
  });

  it('a data dir without resumes is a DataError naming the file, and nothing is written', async () => {
    const empty = join(tmp, 'empty-data');
    const out = join(tmp, 'never-written');
    const error = await buildDefaultClassifier({ dataDir: empty, out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toContain(join(empty, 'resumes', 'resumes.parquet'));
    expect(existsSync(out)).toBe(false);
  });
});
