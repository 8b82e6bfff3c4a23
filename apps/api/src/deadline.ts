import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { ApiError } from './problem.ts';

/**
 * Per-request deadlines with one shared sweep timer instead of fastify's `handlerTimeout` (which builds an
 * AbortController, a timer and, on every request's end, a DOMException; and which in fastify 5 clears its timer and
 * aborts `request.signal` as soon as a POST body has been read, so POST work was never stopped).
 *
 * A request costs one small object in a Set. An AbortSignal exists only for the routes that ask for one (batch
 * loops); it aborts when the deadline passes or when the client goes away (the response's `close` before it
 * finished: `request.raw`'s `close` fires once the body is read, so it says nothing about the client).
 */
export class RequestDeadline {
  readonly expiresAt: number;
  #controller: AbortController | undefined;
  #onClose: (() => void) | undefined;
  readonly #reply: FastifyReply;
  readonly #timeoutMs: number;
  #done = false;

  constructor(reply: FastifyReply, timeoutMs: number, now: number) {
    this.#reply = reply;
    this.#timeoutMs = timeoutMs;
    this.expiresAt = now + timeoutMs;
  }

  /** Aborted (with an ApiError as reason) at the deadline or when the client disconnects. */
  get signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    const controller = new AbortController();
    this.#controller = controller;
    const raw = this.#reply.raw;
    this.#onClose = () => {
      if (!raw.writableFinished && !controller.signal.aborted) {
        controller.abort(new ApiError(499, 'the client closed the connection before the answer was ready'));
      }
    };
    raw.once('close', this.#onClose);
    return controller.signal;
  }

  get done(): boolean {
    return this.#done;
  }

  /** The error a handler sees when the deadline passed. */
  timeoutError(): ApiError {
    return new ApiError(
      503,
      `the request exceeded the server's per-request time limit of ${this.#timeoutMs} ms and was stopped; ` +
        'send fewer items per batch (or a smaller k), or start the server with a longer timeout (--timeout-ms)',
      { 'retry-after': '1' },
    );
  }

  /** Called by the sweep: stops the work (signal) and answers 503 unless the handler already answered. */
  expire(): void {
    if (this.#done) return;
    const error = this.timeoutError();
    if (this.#controller && !this.#controller.signal.aborted) this.#controller.abort(error);
    if (!this.#reply.sent && !this.#reply.raw.headersSent) this.#reply.send(error);
  }

  finish(): void {
    this.#done = true;
    if (this.#onClose) this.#reply.raw.off('close', this.#onClose);
  }
}

/** One interval for every in-flight request; it runs only while some request is in flight. */
export class DeadlineSweeper {
  readonly timeoutMs: number;
  readonly #active = new Set<RequestDeadline>();
  readonly #tickMs: number;
  #timer: NodeJS.Timeout | undefined;

  /** `timeoutMs` 0 = no deadline (requests still get a signal that aborts on client disconnect). */
  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    // A deadline fires at most one tick late: 5% of the timeout, between 5 ms and 250 ms.
    this.#tickMs = Math.min(250, Math.max(5, Math.round(timeoutMs / 20)));
  }

  get inFlight(): number {
    return this.#active.size;
  }

  start(reply: FastifyReply): RequestDeadline {
    const deadline = new RequestDeadline(reply, this.timeoutMs > 0 ? this.timeoutMs : Infinity, this.timeoutMs > 0 ? performance.now() : 0);
    if (this.timeoutMs > 0) {
      this.#active.add(deadline);
      if (this.#timer === undefined) {
        this.#timer = setInterval(() => this.#sweep(), this.#tickMs);
        this.#timer.unref();
      }
    }
    return deadline;
  }

  finish(deadline: RequestDeadline): void {
    deadline.finish();
    this.#active.delete(deadline);
  }

  #sweep(): void {
    const now = performance.now();
    for (const deadline of this.#active) {
      if (deadline.expiresAt <= now) {
        this.#active.delete(deadline);
        deadline.expire();
      }
    }
    if (this.#active.size === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#active.clear();
  }
}

/** Wraps a route handler: a deadline for its lifetime; once it expired (503 sent), the late result is dropped. */
export function withDeadline(
  sweeper: DeadlineSweeper,
  handler: (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown,
): (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  return async function (this: FastifyInstance, request, reply) {
    const deadline = sweeper.start(reply);
    request.deadline = deadline;
    try {
      const result = await handler.call(this, request, reply);
      // Undefined after the sweep answered 503: fastify then sends nothing more.
      return reply.sent ? undefined : result;
    } catch (error) {
      if (reply.sent) return undefined;
      throw error;
    } finally {
      sweeper.finish(deadline);
    }
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's deadline (API routes, i.e. routes with an operationId); `signal` for work that loops. */
    deadline: RequestDeadline;
  }
}

/**
 * Puts every API route (one with an operationId) under the sweeper: `request.deadline` is set for its handler.
 * Call before the routes are registered (an `onRoute` hook sees only later routes).
 */
export function installDeadlines(app: FastifyInstance, sweeper: DeadlineSweeper): void {
  app.decorateRequest('deadline', null as unknown as RequestDeadline);
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { operationId?: string } | undefined;
    if (schema?.operationId === undefined) return;
    const handler = route.handler as (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown;
    route.handler = withDeadline(sweeper, handler) as RouteHandlerMethod;
  });
  app.addHook('onClose', async () => sweeper.close());
}
