import { describe, expect, it } from 'vitest';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { responseSerializerCompiler } from './serializer.ts';
import { Problem, RoleLabelResponse, SkillSearchResponse } from './schemas.ts';

const route = { method: 'POST', url: '/x', httpStatus: '200' };
const compile = (schema: unknown) => responseSerializerCompiler({ schema, ...route } as never) as (d: unknown) => string;
const zod = (schema: unknown) => zodSerializerCompiler({ schema, ...route } as never) as (d: unknown) => string;

describe('response serializer (fast-json-stringify from the zod schema)', () => {
  const answer = {
    title: 'welder', k: 1, rerank: false, alpha: 0.7, internal: 'not in the schema',
    skills: [{ rank: 1, uri: 'u', label: 'weld', score: 0.5, importance: 'core', secret: 1, evidence: { stage: 'candidate', firstStageScore: 0.5, firstStageRank: 1, source: 'first-stage', extra: 'kept: evidence is open' } }],
  };

  it('writes what the zod serializer writes: unknown keys dropped, open objects kept', () => {
    for (const [schema, data] of [
      [SkillSearchResponse, answer],
      [RoleLabelResponse, { role: null, score: 0, labeler: 'rules', evidence: [], scores: { A: 0, Other: 0 }, noEvidence: true }],
      [Problem, { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'x', errors: [{ path: 'body', message: 'm' }], issueCount: 30 }],
    ] as const) {
      expect(JSON.parse(compile(schema)(data))).toEqual(JSON.parse(zod(schema)(data)));
    }
    const written = JSON.parse(compile(SkillSearchResponse)(answer));
    expect(written.internal).toBeUndefined();
    expect(written.skills[0].secret).toBeUndefined();
    expect(written.skills[0].evidence.extra).toBe('kept: evidence is open');
  });
});
