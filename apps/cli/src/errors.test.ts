import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ERROR_CODES, JobskillError } from '@jobskill/data';
import { describeError, EXIT, UsageError } from './errors.ts';

describe('describeError over the error catalogue', () => {
  it('exits 1 for user and setup errors with their message, 70 for internal ones', () => {
    for (const code of ERROR_CODES) {
      const spec = ERROR_CATALOGUE[code];
      const { code: exit, message } = describeError(new JobskillError(code, `detail of ${code}`), false);
      expect(exit, code).toBe(spec.exitCode);
      expect(exit, code).toBe(spec.kind === 'internal' ? EXIT.internal : EXIT.badInput);
      expect(message, code).toBe(spec.kind === 'internal' ? `error: unexpected failure: detail of ${code}` : `error: detail of ${code}`);
    }
  });

  it('exits 2 on usage errors and 70 on anything else', () => {
    expect(describeError(new UsageError('bad -k'), false)).toEqual({ code: EXIT.usage, message: 'error: bad -k' });
    expect(describeError(new TypeError('boom'), false).code).toBe(EXIT.internal);
  });
});
