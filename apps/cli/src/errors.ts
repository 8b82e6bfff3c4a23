import { JobskillError } from '@jobskill/data';

/** Bad command-line usage that commander cannot see (e.g. a value out of range): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT = Object.freeze({ ok: 0, badInput: 1, usage: 2, internal: 70 });

/**
 * One line on stderr and an exit code: usage → 2; a `JobskillError` exits with its catalogue code (bad input or a
 * missing build → 1, a broken invariant → 70); anything else is a bug → 70 (EX_SOFTWARE). The stack is printed for
 * internal errors when JOBSKILL_DEBUG is set.
 */
export function describeError(error: unknown, debug: boolean): { code: number; message: string } {
  if (error instanceof UsageError) return { code: EXIT.usage, message: `error: ${error.message}` };
  if (error instanceof JobskillError && error.spec.kind !== 'internal') {
    return { code: error.spec.exitCode, message: `error: ${oneLine(error.message)}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return { code: EXIT.internal, message: `error: unexpected failure: ${oneLine(message)}${stack}` };
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
