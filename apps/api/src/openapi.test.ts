import { describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { fakeServices } from './__fixtures__/fake-services.ts';

describe('the OpenAPI document is usable by a client generator', () => {
  it('names schemas under components ($ref), declares problem+json for every error, documents 404/413/415, evidence.source and examples', async () => {
    const app = await buildApp({ services: fakeServices(), webDir: null, docs: false });
    try {
      const doc = (await app.inject('/openapi.json')).json();
      expect(doc.openapi).toBe('3.1.0');
      const schemas = doc.components.schemas;
      for (const name of ['Problem', 'SkillHit', 'SkillEvidence', 'SkillSearchRequest', 'SkillSearchResponse', 'RoleLabel', 'ExtractionResult', 'MatchResult']) {
        expect(schemas[name], name).toBeDefined();
      }
      expect(Object.keys(schemas).filter((n) => n.endsWith('Input'))).toEqual([]);
      const search = doc.paths['/v1/skills/search'].post;
      expect(search.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SkillSearchRequest' });
      expect(search.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SkillSearchResponse' });
      for (const status of ['400', '413', '415', '500', '503']) {
        expect(search.responses[status].content, status).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
      }
      expect(doc.paths['/v1/skills/{id}'].get.responses['404'].content['application/problem+json']).toBeDefined();
      for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
        for (const [method, op] of Object.entries<any>(item)) {
          expect(op.operationId, `${method} ${path}`).toEqual(expect.any(String));
          for (const [status, response] of Object.entries<any>(op.responses)) {
            if (Number(status) >= 400) expect(Object.keys(response.content), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
          }
        }
      }
      expect(schemas.SkillEvidence.properties.source.enum).toEqual(['first-stage', 'proposed', 'job-ads']);
      expect(schemas.SkillEvidence.properties.source.description).toMatch(/ESCO-graph evidence.*job-ads: listed by the ads/);
      expect(schemas.SkillEvidence.properties.neighbourScore).toMatchObject({ type: 'number' });
      expect(schemas.SkillSearchRequest.examples[0]).toEqual({ title: 'data scientist', k: 5 });
      expect(schemas.Problem.examples[0].status).toBe(400);
    } finally {
      await app.close();
    }
  });
});
