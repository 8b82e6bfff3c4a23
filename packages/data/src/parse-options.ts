import type { z } from 'zod';
import { JobskillError } from './errors.ts';

/**
 * Validates user-reachable options with their zod schema. A bad value throws `INVALID_OPTION` naming what the
 * options are for and each failing field (`labeler options: field "k": Too small…`), never a raw ZodError, so the
 * API answers 400 and the CLI exits 1.
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, context: { what: string }): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return field === '' ? issue.message : `field "${field}": ${issue.message}`;
  });
  throw new JobskillError('INVALID_OPTION', `${context.what} options: ${issues.join('; ')}`, { cause: parsed.error });
}
