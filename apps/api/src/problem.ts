import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
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
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
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
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    const errors = error.validation.map((issue) => ({
      path: `${where}${issue.instancePath === '/' ? '' : issue.instancePath}`,
      message: issue.message ?? 'invalid value',
    }));
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return { body: problem(400, detail, instance, errors), headers: {} };
  }
  if (error instanceof ApiError) return { body: problem(error.status, error.message, instance), headers: error.headers };
  if (error instanceof JobskillError) {
    const { kind, status } = error.spec;
    return { body: problem(status, kind === 'internal' ? 'internal error' : error.message, instance), headers: {} };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.code === 'FST_ERR_HANDLER_TIMEOUT') {
    return { body: problem(503, 'request timed out; try a smaller k or batch', instance), headers: { 'retry-after': '1' } };
  }
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
