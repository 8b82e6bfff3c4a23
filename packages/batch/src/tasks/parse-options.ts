import { JobskillError } from '@jobskill/data';
import type { z } from 'zod';

/** Task options are user input (CLI flags, a submitted chunk): a bad one names the task and the field. */
export function parseTaskOptions<S extends z.ZodType>(task: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`)
    .join('; ');
  throw new JobskillError('INVALID_OPTION', `options of batch task "${task}": ${issues}`);
}
