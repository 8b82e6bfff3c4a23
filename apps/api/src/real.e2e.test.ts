import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServices } from './real-services.ts';
import { startServer, type RunningServer } from './server.ts';
import { dataDirPath } from '@jobskill/data';

// The real product: embedded encoder + memory-mapped USearch index of all ESCO skills + embedded re-ranker,
// and the served labelers, behind a real server on 127.0.0.1. Models come from `pnpm turbo run model`.
const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const dataDir = dataDirPath();

const post = async (url: string, body: unknown) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
};

describe('end to end with the real retriever and labelers', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, services: loadServices({ dataDir, buildIndexIfMissing: false }), logLevel: 'silent', handleSignals: false });
    await server.loaded;
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  it('is ready with the whole ESCO corpus and the served labelers', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', corpusSize: 13_896, labelers: ['rules', 'rules-reference', 'zero-shot', 'trained'] });
  });

  it('looks ESCO skills up by id and autocompletes labels', async () => {
    const found = (await (await fetch(`${server.url}/v1/skills?q=python&limit=3`)).json()) as any;
    expect(found.results.length).toBeGreaterThan(0);
    const record = (await (await fetch(`${server.url}/v1/skills/${found.results[0].id}`)).json()) as any;
    expect(record.uri).toBe(found.results[0].uri);
    expect(record.occupations.length).toBeGreaterThan(0);
  });

  it('ranks ESCO skills for a title with evidence (the served default: the first stage)', async () => {
    const res = await post(`${server.url}/v1/skills/search`, { title: 'data scientist', k: 10 });
    expect(res.status).toBe(200);
    const skills = res.body.skills;
    expect(skills).toHaveLength(10);
    for (const s of skills) expect(s.uri).toMatch(/^http:\/\/data\.europa\.eu\/esco\/skill\//);
    expect(skills[0].evidence.stage).toBe('candidate');
    expect(skills.map((s: { score: number }) => s.score)).toEqual([...skills.map((s: { score: number }) => s.score)].sort((a, b) => b - a));
    expect(skills.map((s: { label: string }) => s.label).join(' | ')).toMatch(/data|statistic|machine learning/i);

    // The served server loads no re-ranker (it did not earn its cost on job-ad titles: packages/retrieval README),
    // so rerank: true answers the same first-stage ranking, as the schema documents.
    const asked = await post(`${server.url}/v1/skills/search`, { title: 'data scientist', k: 10, rerank: true });
    expect(asked.body.skills.map((s: { uri: string }) => s.uri)).toEqual(skills.map((s: { uri: string }) => s.uri));
  });

  it('answers say how far they can be trusted: gibberish and emoji are flagged, a real title is not', async () => {
    const real = await post(`${server.url}/v1/skills/search`, { title: 'data scientist', k: 5 });
    expect(real.body.confidence).toMatchObject({ lowConfidence: false, outOfVocabulary: false, coverage: 1 });
    expect(real.body.skills[0].calibratedScore).toBeGreaterThan(0.3);
    for (const title of ['xqzzv qwpkj', '🚀🔥💼', 'Krankenpfleger']) {
      const res = await post(`${server.url}/v1/skills/search`, { title, k: 5 });
      expect(res.status, title).toBe(200);
      // The ranking score still reads "confident" (normalized per list); the calibrated ones do not.
      expect(res.body.confidence, title).toMatchObject({ lowConfidence: true, outOfVocabulary: true });
      expect(res.body.confidence.note, title).toMatch(/English job titles only/);
      expect(res.body.skills[0].calibratedScore, title).toBeLessThan(0.05);
    }
  });

  it('batch search answers per title in order', async () => {
    const res = await post(`${server.url}/v1/skills/search:batch`, { titles: ['welder', 'registered nurse'], k: 5 });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { title: string }) => r.title)).toEqual(['welder', 'registered nurse']);
    expect(res.body.results[0].skills.map((s: { label: string }) => s.label).join(' ')).toMatch(/weld/i);
  });

  it('labels resumes with the real labelers', async () => {
    const rules = await post(`${server.url}/v1/roles/label`, { skills: ['SIEM', 'malware analysis', 'incident response'] });
    expect(rules.status).toBe(200);
    expect(rules.body).toMatchObject({ role: 'SOC Analyst', labeler: 'rules', noEvidence: false });
    expect(rules.body.evidence.length).toBeGreaterThan(0);
    expect(Object.keys(rules.body.scores)).toHaveLength(14);

    const zeroShot = await post(`${server.url}/v1/roles/label`, { resume: 'Kubernetes, Docker, AWS, Terraform', labeler: 'zero-shot' });
    expect(zeroShot.status).toBe(200);
    expect(zeroShot.body.labeler).toBe('zero-shot');

    // trained = the default role classifier artifact (packages/labeling, `pnpm turbo run model`).
    const trained = await post(`${server.url}/v1/roles/label`, { skills: ['SQL Server', 'PL/SQL', 'stored procedures'], labeler: 'trained' });
    expect(trained.status).toBe(200);
    expect(trained.body).toMatchObject({ labeler: 'trained', role: 'Database Developer', noEvidence: false });
    expect(trained.body.score).toBeGreaterThan(0.5);

    const none = await post(`${server.url}/v1/roles/label`, { skills: [] });
    expect(none.body).toMatchObject({ noEvidence: true, evidence: [] });

    const roles = await fetch(`${server.url}/v1/roles`);
    expect(((await roles.json()) as any).roles).toHaveLength(14);
  });

  it('extracts ESCO skills from free text with spans into the original text, and refuses bad text with 4xx', async () => {
    const text = 'We need a developer with Java, SQL and Python. You will also manage a small team.';
    const res = await post(`${server.url}/v1/skills/extract`, { text, k: 20 });
    expect(res.status).toBe(200);
    expect(res.body.abstained).toBe(false);
    const labels = res.body.skills.map((s: any) => s.label.toLowerCase());
    expect(labels.some((l: string) => l.startsWith('java'))).toBe(true);
    expect(labels.some((l: string) => l.includes('sql'))).toBe(true);
    for (const mention of res.body.mentions) {
      expect(text.slice(mention.start, mention.end)).toBe(mention.surface);
      expect(mention.uri).toMatch(/^http:\/\/data\.europa\.eu\/esco\/skill\//);
    }
    const empty = await post(`${server.url}/v1/skills/extract`, { text: '   ' });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ skills: [], mentions: [], abstained: true });
    const batch = await post(`${server.url}/v1/skills/extract:batch`, { texts: [text, 'zzzz qqqq'] });
    expect(batch.status).toBe(200);
    expect(batch.body.results).toHaveLength(2);
    expect(batch.body.results[0].skills.length).toBeGreaterThan(0);
    const nul = await post(`${server.url}/v1/skills/extract`, { text: 'java\u0000\u0000\u0000' });
    expect(nul.status).toBe(400);
    expect(nul.type).toMatch(/application\/problem\+json/);
    const unknownOption = await post(`${server.url}/v1/skills/extract`, { text, top: 3 });
    expect(unknownOption.status).toBe(400);
    const tooMany = await post(`${server.url}/v1/skills/extract:batch`, { texts: Array.from({ length: 65 }, () => 'java') });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.detail).toMatch(/at most 64 texts/);
  });

  it('bad inputs get 4xx problems and the server keeps serving', async () => {
    const cases: [unknown, RegExp][] = [
      [{ title: '' }, /title must not be empty/],
      [{ title: 'x'.repeat(100 * 1024) }, /at most 512 characters/],
      [{ title: 7 }, /title must be a string/],
      [{ title: 'nurse', k: 0 }, /k must be at least 1/],
      [{ title: 'nurse', k: 100_001 }, /k must be at most 1000/],
    ];
    for (const [body, detail] of cases) {
      const res = await post(`${server.url}/v1/skills/search`, body);
      expect(res.status).toBe(400);
      expect(res.type).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toMatch(detail);
    }
    const batch = await post(`${server.url}/v1/skills/search:batch`, { titles: Array.from({ length: 10_000 }, (_, i) => `title ${i}`) });
    expect(batch.status).toBe(400);
    const labeler = await post(`${server.url}/v1/roles/label`, { skills: ['sql'], labeler: 'generative' });
    expect(labeler.status).toBe(400);
    expect(labeler.body.detail).toBe('unknown labeler "generative"; valid labelers: rules, rules-reference, zero-shot, trained');
    const notJson = await fetch(`${server.url}/v1/skills/search`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'title=nurse' });
    expect(notJson.status).toBe(400);
    expect((await post(`${server.url}/v1/skills/search`, { title: 'nurse', k: 3 })).status).toBe(200);
  });
});
