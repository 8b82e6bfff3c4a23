import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import type { Socket } from 'node:net';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { JobskillError } from '@jobskill/data';
import type { Problem } from './schemas.ts';

/** An error the API answers with a specific status (unknown labeler, k above corpus size, not ready…). */
export class ApiError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.headers = headers;
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  431: 'Request Header Fields Too Large',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail: string, instance?: string, errors?: Problem['errors']): Problem {
  return {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(instance !== undefined ? { instance } : {}),
    ...(errors !== undefined ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, body: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(body.status).headers(headers).type('application/problem+json').send(body);
}

/**
 * Maps every error to an RFC 9457 problem: validation issues list each field, fastify's own client errors
 * (bad JSON, body too large, wrong content type) keep their 4xx status with their message, library errors take
 * their status from the error catalogue of `@jobskill/data` (user → 4xx, setup → 503 with the message), everything
 * else is a 500 whose details are logged, not leaked.
 */
export function errorToProblem(error: unknown, request: FastifyRequest): { body: Problem; headers: Record<string, string> } {
  const instance = request.url;
  if (error instanceof RequestValidationError) {
    const where = error.validationContext ?? 'body';
    const total = error.issueCount;
    const errors = error.issues.map((issue) => ({
      path: `${where}${issue.path.length === 0 ? '' : `/${issue.path.join('/')}`}`,
      message: truncate(issue.message, 300),
    }));
    let detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    if (total > errors.length) detail += `; … and ${total - errors.length} more (${total} issues in total, the first ${errors.length} listed)`;
    return { body: { ...problem(400, detail, instance, errors), ...(total > errors.length ? { issueCount: total } : {}) }, headers: {} };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    const total = error.validation.length;
    const errors = error.validation.slice(0, MAX_LISTED_ISSUES).map((issue) => ({
      path: `${where}${issue.instancePath === '/' ? '' : issue.instancePath}`,
      message: truncate(issue.message ?? 'invalid value', 300),
    }));
    let detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    if (total > errors.length) detail += `; … and ${total - errors.length} more (${total} issues in total, the first ${errors.length} listed)`;
    return { body: { ...problem(400, detail, instance, errors), ...(total > errors.length ? { issueCount: total } : {}) }, headers: {} };
  }
  if (error instanceof ApiError) return { body: problem(error.status, error.message, instance), headers: error.headers };
  if (error instanceof JobskillError) {
    const { kind, status } = error.spec;
    return { body: problem(status, kind === 'internal' ? 'internal error' : error.message, instance), headers: {} };
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    let detail = fastifyError.message ?? 'bad request';
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fastifyError.name === 'SyntaxError') {
      detail = `request body is not valid JSON: ${detail}`;
    } else if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      detail = `unsupported content type "${request.headers['content-type'] ?? ''}"; send application/json`;
    }
    return { body: problem(status, detail, instance), headers: {} };
  }
  return { body: problem(500, 'internal error', instance), headers: {} };
}

/** Validation issues listed in a 400 answer; the rest are counted (`issueCount`). */
export const MAX_LISTED_ISSUES = 20;

/**
 * A request that failed its zod schema, keeping only the first issues: a body of many wrong values has as many
 * issues, and listing (or formatting) them all made a 500 KB mistake answer 31 MB after seconds.
 */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_ERR_VALIDATION';
  validationContext: string | undefined;
  readonly issues: { path: PropertyKey[]; message: string }[];
  readonly issueCount: number;
  constructor(issues: readonly { path: PropertyKey[]; message: string }[]) {
    const first = issues.slice(0, MAX_LISTED_ISSUES).map((i) => ({ path: i.path, message: i.message }));
    super(first.map((i) => `${i.path.join('/')}: ${i.message}`).join('; '));
    this.name = 'RequestValidationError';
    this.issues = first;
    this.issueCount = issues.length;
  }
}

/** fastify validator compiler for zod schemas (fastify-type-provider-zod's, with the issues capped). */
export const cappedValidatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: new RequestValidationError(result.error.issues) };
  };

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** An error message for clients: absolute server paths reduced to their last two segments (the log keeps them whole). */
export function publicMessage(error: Error): string {
  const code = (error as { code?: unknown }).code;
  const message = error.message.replace(/(?<![\w.])(?:[A-Za-z]:)?[\\/](?:[^\s"'`:;,()\\/]+[\\/])+([^\s"'`:;,()\\/]*)/g, (path) => {
    const parts = path.split(/[\\/]/).filter(Boolean);
    return `…/${parts.slice(-2).join('/')}`;
  });
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Errors node's HTTP parser raises before fastify sees a request (malformed request line, header overflow, a
 * request that took longer than `requestTimeout`), answered as problem+json like every other error.
 */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let detail = 'the request is not valid HTTP/1.1';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    detail = 'the request (headers and body) did not arrive in time; the client sent it too slowly or stopped sending';
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    detail = 'the request headers are too large (at most 16 KiB in total)';
  } else if (typeof error.code === 'string' && error.code.startsWith('HPE_')) {
    detail = `the request is not valid HTTP/1.1 (${error.code})`;
  }
  this.log.debug({ err: error }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(problem(status, detail));
    socket.write(
      `HTTP/1.1 ${status} ${TITLES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Parses a JSON request body; a bad body is an ApiError 400 that says what is wrong. */
export function parseJsonBody(body: string): unknown {
  if (body.length === 0) throw new ApiError(400, 'request body is empty; send a JSON object (content-type is application/json)');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new ApiError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  // Only bodies that could hold such a key are walked (a JSON escape can spell it too).
  if (body.includes('__proto__') || body.includes('constructor') || body.includes('\\u')) {
    const forbidden = forbiddenKey(value);
    if (forbidden !== null) {
      throw new ApiError(400, `request body has a forbidden key ("${forbidden}": prototype poisoning is refused); rename or remove it`);
    }
  }
  return value;
}

function forbiddenKey(value: unknown): string | null {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Object.hasOwn(v, '__proto__')) return '__proto__';
    const ctor = Object.hasOwn(v, 'constructor') ? (v as { constructor: unknown }).constructor : undefined;
    if (ctor !== null && typeof ctor === 'object' && Object.hasOwn(ctor, 'prototype')) return 'constructor.prototype';
    for (const child of Object.values(v)) stack.push(child);
  }
  return null;
}
