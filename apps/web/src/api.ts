import { formatApiError } from './logic.ts';

/** A failed API call, with the sentence to show next to the input that caused it. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body: unknown, message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.body = body;
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Calls the API on the page's own origin. Every failure (network, 4xx, 5xx, a non-JSON answer) becomes an
 * ApiFailure whose message is readable, so a view never has to show a raw error or nothing.
 */
export async function callApi<T>(method: 'GET' | 'POST', path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const endpoint = `${method} ${path}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': contentType, accept: 'application/json' },
      ...(body === undefined ? {} : { body: contentType === 'application/json' ? JSON.stringify(body) : (body as BodyInit) }),
    });
  } catch (error) {
    const networkError = error instanceof Error ? error.message : String(error);
    throw new ApiFailure(0, undefined, formatApiError({ endpoint, status: 0, networkError }));
  }
  const parsed = await readBody(res);
  if (!res.ok) throw new ApiFailure(res.status, parsed, formatApiError({ endpoint, status: res.status, body: parsed }));
  if (parsed === undefined || typeof parsed === 'string') {
    throw new ApiFailure(res.status, parsed, `The server answered ${endpoint} with something that is not JSON.`);
  }
  return parsed as T;
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
