import { createSkillCatalog } from '@jobskill/data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { fakeServices } from './__fixtures__/fake-services.ts';

const S = 'http://data.europa.eu/esco/skill/';
const skill = (id: string, label: string, altLabels: string[] = []) => ({
  uri: S + id, preferredLabel: label, altLabels, hiddenLabels: [], skillType: 'skill/competence' as const, reuseLevel: 'sector-specific', description: `${label}.`, status: 'released',
});
const catalog = createSkillCatalog({
  skills: [skill('a1', 'use Python', ['python scripting']), skill('b2', 'weld metal')],
  occupations: [{ uri: 'urn:o1', code: '1', iscoGroup: '1', preferredLabel: 'welder', altLabels: [], hiddenLabels: [], description: '' }],
  relations: [
    { occupationUri: 'urn:o1', skillUri: `${S}b2`, relationType: 'essential', skillType: '' },
    { occupationUri: 'urn:o1', skillUri: `${S}a1`, relationType: 'optional', skillType: '' },
  ],
});

describe('skill lookup routes', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ services: { ...fakeServices(), catalog } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('GET /v1/skills/{id} by id or URL-encoded URI; 404 problem for an unknown one', async () => {
    const res = await app.inject('/v1/skills/b2');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      uri: `${S}b2`, id: 'b2', label: 'weld metal', type: 'skill/competence', reuseLevel: 'sector-specific',
      occupations: [{ uri: 'urn:o1', label: 'welder', relation: 'essential' }],
      relatedSkills: [{ uri: `${S}a1`, label: 'use Python', sharedOccupations: 1 }],
    });
    expect((await app.inject(`/v1/skills/${encodeURIComponent(`${S}b2`)}`)).json().id).toBe('b2');
    const missing = await app.inject('/v1/skills/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json().detail).toMatch(/no ESCO skill "nope"/);
  });

  it('GET /v1/skills?q= autocompletes over labels and aliases; q is required', async () => {
    const res = await app.inject('/v1/skills?q=pyth&limit=5');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ q: 'pyth', results: [{ uri: `${S}a1`, id: 'a1', label: 'use Python', matched: 'python scripting' }] });
    expect((await app.inject('/v1/skills')).statusCode).toBe(400);
  });
});
