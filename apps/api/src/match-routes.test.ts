import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createEncoder, defaultEncoderDir, type Encoder } from '@jobskill/encoders';
import { OccupationSearch, ResumeMatcher } from '@jobskill/matching';
import { buildApp } from './app.ts';
import { fakeServices } from './__fixtures__/fake-services.ts';

const ESCO = {
  skills: [
    { uri: 'skill:java', preferredLabel: 'Java (computer programming)', altLabels: ['java'], skillType: 'knowledge' as const, reuseLevel: '' },
    { uri: 'skill:sql', preferredLabel: 'SQL', altLabels: [], skillType: 'knowledge' as const, reuseLevel: '' },
    { uri: 'skill:care', preferredLabel: 'provide patient care', altLabels: ['patient care'], skillType: 'skill/competence' as const, reuseLevel: '' },
  ],
  occupations: [
    { uri: 'occ:dev', code: '2512.1', preferredLabel: 'software developer', altLabels: ['java developer'] },
    { uri: 'occ:nurse', code: '2221.1', preferredLabel: 'nurse', altLabels: ['staff nurse'] },
  ],
  relations: [
    { occupationUri: 'occ:dev', skillUri: 'skill:java', relationType: 'essential' as const },
    { occupationUri: 'occ:dev', skillUri: 'skill:sql', relationType: 'essential' as const },
    { occupationUri: 'occ:nurse', skillUri: 'skill:care', relationType: 'essential' as const },
  ],
};

describe.skipIf(!existsSync(defaultEncoderDir()))('occupation search and match routes (real server on 127.0.0.1, embedded encoder)', () => {
  let app: FastifyInstance;
  let encoder: Encoder;
  let base: string;
  beforeAll(async () => {
    encoder = await createEncoder({ model: defaultEncoderDir() });
    const occupations = await OccupationSearch.build(ESCO, encoder);
    app = await buildApp({ services: { ...fakeServices(), matching: { occupations, matcher: new ResumeMatcher(occupations) } } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await encoder?.dispose();
  });
  const post = (url: string, body: unknown) => fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('POST /v1/occupations/search grounds a title', async () => {
    const res = await post('/v1/occupations/search', { title: 'Staff Nurse (m/f/d)', k: 1 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { results: unknown }).results).toEqual([expect.objectContaining({ uri: 'occ:nurse', code: '2221.1' })]);
  });

  it('POST /v1/match scores skills; POST /v1/match:rank orders resumes', async () => {
    const res = await post('/v1/match', { title: 'java developer', skills: ['Java', 'patient care'], k: 1 });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { score: number; covered: unknown; missing: unknown };
    expect(json.score).toBeCloseTo(0.5, 5);
    expect(json.covered).toEqual([{ uri: 'skill:java', label: 'Java (computer programming)', importance: 'core', evidence: null }]);
    expect(json.missing).toEqual([{ uri: 'skill:sql', label: 'SQL', importance: 'core' }]);
    const rank = await post('/v1/match:rank', { title: 'nurse', resumes: [{ id: 'a', skills: ['SQL'] }, { id: 'b', skills: ['patient care'] }] });
    expect(rank.status).toBe(200);
    expect(((await rank.json()) as { ranking: { id: string }[] }).ranking.map((r: { id: string }) => r.id)).toEqual(['b', 'a']);
  });

  it('answers 4xx on bad input and 501 for resume text without an extractor', async () => {
    expect((await post('/v1/occupations/search', { title: '' })).status).toBe(400);
    expect((await post('/v1/match', { title: 'nurse' })).status).toBe(400);
    expect((await post('/v1/match', { title: 'nurse', skills: ['x'], resume: 'y' })).status).toBe(400);
    expect((await post('/v1/match:rank', { title: 'nurse', resumes: [] })).status).toBe(400);
    const text = await post('/v1/match', { title: 'nurse', resume: 'I provide patient care' });
    expect(text.status).toBe(501);
    expect(((await text.json()) as { detail: string }).detail).toContain('EXTRACTOR_UNAVAILABLE');
  });
});
