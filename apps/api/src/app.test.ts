import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { LIMITS } from './schemas.ts';
import { FAKE_SKILLS, fakeServices } from './__fixtures__/fake-services.ts';

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): any }, status: number, detail: RegExp) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.status).toBe(status);
  expect(body.title).toEqual(expect.any(String));
  expect(body.detail).toMatch(detail);
  return body;
}

describe('API with injected fake services', () => {
  let app: FastifyInstance;
  const services = fakeServices();
  beforeAll(async () => {
    app = await buildApp({ services });
  });
  afterAll(async () => {
    await app.close();
  });

  it('GET /healthz and /readyz', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', corpusSize: FAKE_SKILLS.length, labelers: ['fake-rules', 'fake-other'] });
  });

  it('POST /v1/skills/search ranks skills with defaults k=20→capped by request, rerank, alpha', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/skills/search', ...json({ title: '  Machine learning engineer ', k: 3 }) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ title: 'Machine learning engineer', k: 3, rerank: false, alpha: 0.7 });
    expect(body.skills).toHaveLength(3);
    expect(body.skills[0]).toEqual({
      rank: 1,
      uri: 'http://data.europa.eu/esco/skill/fake-1',
      label: 'machine learning',
      score: expect.any(Number),
      importance: 'core',
      evidence: { stage: 'candidate', firstStageScore: 2, firstStageRank: 1, bestAlias: 'machine learning' },
    });
    expect(body.skills.map((s: { rank: number }) => s.rank)).toEqual([1, 2, 3]);
  });

  it('POST /v1/skills/search answers a repeated request from its response cache, byte for byte', async () => {
    const ask = (body: unknown) => app.inject({ method: 'POST', url: '/v1/skills/search', ...json(body) });
    const before = services.skills.calls;
    const first = await ask({ title: 'statistics professor', k: 4 });
    const again = await ask({ title: 'statistics professor', k: 4 });
    expect(services.skills.calls).toBe(before + 1);
    expect(again.body).toBe(first.body);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.json()).toMatchObject({ title: 'statistics professor', k: 4 });
    // Another k (or alpha, or title) is another answer.
    expect((await ask({ title: 'statistics professor', k: 2 })).json().skills).toHaveLength(2);
    expect(services.skills.calls).toBe(before + 2);
    const uncached = fakeServices();
    const off = await buildApp({ services: uncached, responseCacheSize: 0 });
    try {
      const a = await off.inject({ method: 'POST', url: '/v1/skills/search', ...json({ title: 'welding', k: 2 }) });
      const b = await off.inject({ method: 'POST', url: '/v1/skills/search', ...json({ title: 'welding', k: 2 }) });
      expect(b.body).toBe(a.body);
      expect(uncached.skills.calls).toBe(2);
    } finally {
      await off.close();
    }
  });

  it('POST /v1/skills/search::batch answers per title, in order', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/skills/search:batch',
      ...json({ titles: ['welding technician', 'statistics professor'], k: 2, alpha: 1 }),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.results.map((r: any) => [r.title, r.skills[0].label])).toEqual([
      ['welding technician', 'welding'],
      ['statistics professor', 'statistics'],
    ]);
    expect(body).toMatchObject({ k: 2, alpha: 1, rerank: false });
  });

  it('GET /v1/roles lists the label set and labelers', async () => {
    const res = await app.inject('/v1/roles');
    expect(res.json()).toEqual({
      roles: ['Data Scientist', 'Software Engineer', 'Other'],
      labelers: ['fake-rules', 'fake-other'],
      defaultLabeler: 'fake-rules',
    });
  });

  it('POST /v1/roles/label from skills or from resume text', async () => {
    const fromSkills = await app.inject({ method: 'POST', url: '/v1/roles/label', ...json({ skills: ['Python', 'Statistics', 'Excel'] }) });
    expect(fromSkills.statusCode).toBe(200);
    expect(fromSkills.json()).toMatchObject({
      role: 'Data Scientist',
      score: 2,
      labeler: 'fake-rules',
      evidence: ['python', 'statistics'],
      noEvidence: false,
    });
    expect(fromSkills.json().scores).toEqual({ 'Data Scientist': 2, 'Software Engineer': 0, Other: 0 });

    const fromResume = await app.inject({
      method: 'POST',
      url: '/v1/roles/label',
      ...json({ resume: 'JavaScript, TypeScript', labeler: 'fake-other' }),
    });
    expect(fromResume.json()).toMatchObject({ role: 'Software Engineer', labeler: 'fake-other' });

    const empty = await app.inject({ method: 'POST', url: '/v1/roles/label', ...json({ skills: [] }) });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ role: 'Other', noEvidence: true, evidence: [] });
  });

  it('POST /v1/roles/label::batch labels every item', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/roles/label:batch',
      ...json({ items: [{ skills: ['java'] }, { resume: 'statistics' }, { skills: [] }] }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().labeler).toBe('fake-rules');
    expect(res.json().results.map((r: any) => r.role)).toEqual(['Software Engineer', 'Data Scientist', 'Other']);
  });

  it('serves an OpenAPI document generated from the zod schemas, and a docs page', async () => {
    const res = await app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/healthz', '/readyz', '/v1/eval/report', '/v1/match', '/v1/match:rank', '/v1/occupations/search', '/v1/occupations/suggest', '/v1/resumes/parse', '/v1/roles', '/v1/roles/label', '/v1/roles/label:batch', '/v1/skills', '/v1/skills/extract', '/v1/skills/extract:batch', '/v1/skills/search', '/v1/skills/search:batch', '/v1/skills/{id}'].sort(),
    );
    // Client generators name methods after operationId: every operation has a unique one.
    const operations = Object.values(doc.paths).flatMap((p: any) => Object.values(p)) as { operationId?: string }[];
    const ids = operations.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id)), JSON.stringify(ids)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const ref = doc.paths['/v1/skills/search'].post.requestBody.content['application/json'].schema.$ref as string;
    const body = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    expect(body.required).toEqual(['title']);
    expect(body.properties.k).toMatchObject({ minimum: 1, maximum: LIMITS.maxK, default: 20 });
    expect(body.properties.title).toMatchObject({ minLength: 1, maxLength: LIMITS.maxTitleChars });
    const docs = await app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
    expect(docs.body).toMatch(/swagger/i);
  });

  it('serves a script-free HTML reference of the same document at /reference (every operation, its body example)', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    const page = await app.inject('/reference');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).not.toMatch(/<script/i);
    const operations = Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
      Object.entries(item).map(([method, op]: [string, any]) => ({ path, method, id: op.operationId as string })),
    );
    expect(operations.length).toBeGreaterThan(10);
    for (const op of operations) {
      expect(page.body).toContain(`id="${op.id}"`);
      expect(page.body).toContain(`${op.method.toUpperCase()} ${op.path}`);
    }
    expect(page.body).toContain('&quot;title&quot;');
  });

  describe('bad input → 4xx problem+json with a clear message, server stays up', () => {
    const search = (payload: unknown) => app.inject({ method: 'POST', url: '/v1/skills/search', ...json(payload) });

    it('empty or blank title', async () => {
      expectProblem(await search({ title: '' }), 400, /body\/title: title must not be empty/);
      expectProblem(await search({ title: '   ' }), 400, /title must not be empty/);
    });

    it('a 100 KB title', async () => {
      const body = expectProblem(await search({ title: 'x'.repeat(100_000) }), 400, /title must be at most 512 characters/);
      expect(body.errors).toEqual([{ path: 'body/title', message: 'title must be at most 512 characters' }]);
    });

    it('wrong JSON types', async () => {
      expectProblem(await search({ title: 42 }), 400, /title must be a string/);
      expectProblem(await search({ title: 'nurse', k: '5' }), 400, /body\/k: k must be an integer/);
      expectProblem(await search({ title: 'nurse', k: 2.5 }), 400, /k must be an integer/);
      expectProblem(await search({ title: 'nurse', rerank: 'yes' }), 400, /rerank must be a boolean/);
      expectProblem(await search({ title: 'nurse', alpha: 2 }), 400, /alpha must be in \[0, 1\]/);
      expectProblem(await search(['nurse']), 400, /expected object/i);
      expectProblem(await search({ title: 'nurse', top: 5 }), 400, /unrecognized key.*top/i);
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/roles/label', ...json({ skills: 'python, sql' }) }),
        400,
        /skills must be an array of strings/,
      );
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/roles/label', ...json({ skills: [1, 2] }) }),
        400,
        /skills\/0: skills must be strings/,
      );
    });

    it('k = 0, k = 100,001, and k above the corpus size', async () => {
      expectProblem(await search({ title: 'nurse', k: 0 }), 400, /k must be at least 1/);
      expectProblem(await search({ title: 'nurse', k: 100_001 }), 400, /k must be at most 1000/);
      expectProblem(await search({ title: 'nurse', k: 11 }), 400, /k must be at most the corpus size \(10\); got 11/);
    });

    it('non-JSON body, wrong content type, missing body, oversized body', async () => {
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/skills/search', headers: { 'content-type': 'application/json' }, payload: '{"title": nurse' }),
        400,
        /not valid JSON/,
      );
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/skills/search', headers: { 'content-type': 'text/plain' }, payload: 'nurse' }),
        415,
        /unsupported content type "text\/plain"; send application\/json/,
      );
      expectProblem(await app.inject({ method: 'POST', url: '/v1/skills/search' }), 400, /expected object/i);
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/skills/search', ...json({ title: 'x'.repeat(2_000_000) }) }),
        413,
        /too large/i,
      );
    });

    it('unknown labeler names the valid ones; skills and resume are exclusive', async () => {
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/roles/label', ...json({ skills: ['sql'], labeler: 'gpt-9' }) }),
        400,
        /unknown labeler "gpt-9"; valid labelers: fake-rules, fake-other/,
      );
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/roles/label', ...json({ skills: ['sql'], resume: 'sql' }) }),
        400,
        /exactly one of "skills" or "resume"/,
      );
      expectProblem(await app.inject({ method: 'POST', url: '/v1/roles/label', ...json({}) }), 400, /exactly one of/);
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/roles/label:batch', ...json({ items: [{ skills: ['a'] }], labeler: 'nope' }) }),
        400,
        /unknown labeler "nope"/,
      );
    });

    it('a batch of 10,000 titles (and of 10,000 resumes) is refused before any work', async () => {
      const callsBefore = services.skills.calls;
      const titles = Array.from({ length: 10_000 }, (_, i) => `job title ${i}`);
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/skills/search:batch', ...json({ titles }) }),
        400,
        /at most 256 titles per batch/,
      );
      expect(services.skills.calls).toBe(callsBefore);
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/roles/label:batch', ...json({ items: titles.map((t) => ({ resume: t })) }) }),
        400,
        /at most 256 items per batch/,
      );
      expectProblem(await app.inject({ method: 'POST', url: '/v1/skills/search:batch', ...json({ titles: [] }) }), 400, /titles must not be empty/);
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/skills/search:batch', ...json({ titles: ['nurse', ''] }) }),
        400,
        /body\/titles\/1: title must not be empty/,
      );
      expectProblem(
        await app.inject({ method: 'POST', url: '/v1/skills/search:batch', ...json({ titles: ['nurse'], k: 101 }) }),
        400,
        /k must be at most 100/,
      );
    });

    it('unknown routes and methods', async () => {
      expectProblem(await app.inject('/v1/nope'), 404, /no route GET \/v1\/nope/);
      expectProblem(await app.inject({ method: 'DELETE', url: '/v1/skills/search' }), 404, /no route DELETE/);
    });

    it('the server still answers afterwards', async () => {
      expect((await app.inject('/healthz')).statusCode).toBe(200);
      expect((await search({ title: 'nurse', k: 1 })).statusCode).toBe(200);
    });
  });
});

describe('readiness, timeouts, failures, shutdown', () => {
  it('answers 503 on /readyz and on routes until services load, then 200', async () => {
    let resolve!: (s: ReturnType<typeof fakeServices>) => void;
    const pending = new Promise<ReturnType<typeof fakeServices>>((r) => (resolve = r));
    const app = await buildApp({ services: pending, docs: false });
    try {
      expect((await app.inject('/healthz')).statusCode).toBe(200);
      const notReady = await app.inject('/readyz');
      expectProblem(notReady, 503, /still loading/);
      expect(notReady.headers['retry-after']).toBe('2');
      expectProblem(await app.inject({ method: 'POST', url: '/v1/skills/search', ...json({ title: 'nurse' }) }), 503, /still loading/);
      resolve(fakeServices());
      await pending;
      expect((await app.inject('/readyz')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('stays 503 with the reason when services fail to load', async () => {
    const app = await buildApp({ services: Promise.reject(new Error('index file is corrupted')), docs: false });
    try {
      await new Promise((r) => setImmediate(r));
      expectProblem(await app.inject('/readyz'), 503, /services failed to load: index file is corrupted/);
      expect((await app.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('a slow request gets a 503 problem after the per-request timeout', async () => {
    const app = await buildApp({ services: fakeServices({ delayMs: 300 }), requestTimeoutMs: 50, docs: false });
    try {
      const started = Date.now();
      const res = await app.inject({ method: 'POST', url: '/v1/skills/search', ...json({ title: 'nurse', k: 1 }) });
      expectProblem(res, 503, /per-request time limit of 50 ms/);
      expect(Date.now() - started).toBeLessThan(250);
    } finally {
      await app.close();
    }
  });

  it('an internal failure is a 500 problem without leaking details', async () => {
    const app = await buildApp({ services: fakeServices({ failSearch: true }), docs: false });
    try {
      const body = expectProblem(await app.inject({ method: 'POST', url: '/v1/skills/search', ...json({ title: 'nurse', k: 1 }) }), 500, /^internal error$/);
      expect(JSON.stringify(body)).not.toMatch(/boom/);
      expect((await app.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('closing the app releases the services', async () => {
    const services = fakeServices();
    const app = await buildApp({ services, docs: false });
    await app.close();
    expect(services.closed).toBe(true);
  });
});
