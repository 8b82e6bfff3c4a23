import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ERROR_CODES, JobskillError } from '@jobskill/data';
import { errorToProblem } from './problem.ts';

const request = { url: '/v1/skills/search', headers: {} } as FastifyRequest;

describe('errorToProblem over the error catalogue', () => {
  it('answers each code with its catalogue status; user and setup errors keep their message, internal ones do not', () => {
    for (const code of ERROR_CODES) {
      const spec = ERROR_CATALOGUE[code];
      const { body } = errorToProblem(new JobskillError(code, `detail of ${code}`), request);
      expect(body.status, code).toBe(spec.status);
      if (spec.kind === 'user') expect(body.status, code).toBeLessThan(500);
      if (spec.kind === 'internal') {
        expect(body.status, code).toBe(500);
        expect(body.detail, code).toBe('internal error');
      } else {
        expect(body.detail, code).toBe(`detail of ${code}`);
      }
      expect(body.instance).toBe('/v1/skills/search');
    }
  });

  it('answers an error outside the toolkit with a bare 500', () => {
    expect(errorToProblem(new TypeError('x is undefined'), request).body).toMatchObject({ status: 500, detail: 'internal error' });
  });
});
