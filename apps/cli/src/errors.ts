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
  const environment = environmentError(error);
  if (environment !== null) return { code: EXIT.badInput, message: `error: ${environment}` };
  const message = error instanceof Error ? error.message : String(error);
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return { code: EXIT.internal, message: `error: unexpected failure: ${oneLine(message)}${stack}` };
}

/** What the operating system said, for the errors a user fixes on their side (permissions, a full disk, a file in the way). */
const ENVIRONMENT_ERRORS: Readonly<Record<string, string>> = Object.freeze({
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
});

/** The temp file of an atomic write (`.<name>.<pid>.<hex>.tmp`, see @jobskill/data tempPathFor) → the path the user gave. */
export function userPathOf(path: string): string {
  return path.replace(/(^|\/)\.([^/]+)\.\d+\.[0-9a-f]{8}\.tmp(?:\.old)?$/, '$1$2');
}

/** A Node system error (fs, net) the user can fix → one line naming their path; anything else → null. */
export function environmentError(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const e = error as NodeJS.ErrnoException;
  const reason = e.code === undefined ? undefined : ENVIRONMENT_ERRORS[e.code];
  if (reason === undefined) return null;
  const path = e.path === undefined ? '' : ` ${userPathOf(e.path)}`;
  if (e.code === 'EEXIST' && e.syscall === 'mkdir') return `cannot create the folder${path}: a file of that name is in the way (EEXIST)`;
  const action = e.syscall === undefined ? 'access' : /^(open|write|rename|mkdir|unlink|rm|copyfile|symlink|utime|chmod)/.test(e.syscall) ? 'write' : /^(read|scandir|stat|lstat|access)/.test(e.syscall) ? 'read' : e.syscall;
  return `cannot ${action}${path}: ${reason} (${e.code})`;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
