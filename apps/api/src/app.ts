import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { renderApiReference } from './reference-page.ts';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultEvalReportPath, readEvalReport } from '@jobskill/eval';
import { LruCache } from '@jobskill/encoders';
import {
  createJsonSchemaTransform,
  jsonSchemaTransformObject,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import fastifyCors from '@fastify/cors';
import { z } from 'zod';
import { ApiError, cappedValidatorCompiler, clientErrorHandler, errorToProblem, parseJsonBody, problem, publicMessage, sendProblem } from './problem.ts';
import { DeadlineSweeper, installDeadlines } from './deadline.ts';
import { responseSerializerCompiler } from './serializer.ts';
import { finishOpenApiDocument, registerNamedSchemas } from './openapi.ts';
import { resumeRoutes } from './resumes.ts';
import { matchRoutes } from './match-routes.ts';
import { extractRoutes } from './extract-routes.ts';
import {
  EvalReportResponse,
  HealthResponse,
  OccupationSuggestQuery,
  OccupationSuggestResponse,
  Problem,
  ReadyResponse,
  RoleLabelBatchBody,
  RoleLabelBatchResponse,
  RoleLabelBody,
  RoleLabelResponse,
  RolesResponse,
  SkillSearchBatchBody,
  SkillSearchBatchResponse,
  SkillSearchBody,
  SkillSearchResponse,
  SkillFindQuery,
  SkillFindResponse,
  SkillIdParams,
  SkillRecordResponse,
} from './schemas.ts';
import type { ApiServices, RoleLabelInput, SkillHit } from './services.ts';

export const BuildAppOptions = z.object({
  /** The services, or a promise of them: the app answers /readyz 503 (and routes 503) until it resolves. */
  services: z.custom<ApiServices | Promise<ApiServices>>((v) => v !== undefined && v !== null, 'services are required'),
  /** Maximum request body in bytes. */
  bodyLimit: z.int().positive().default(1_048_576),
  /** Per-request handler deadline in ms (one shared sweep timer): the work stops and a 503 problem answers; 0 = none. */
  requestTimeoutMs: z.int().nonnegative().default(10_000),
  /** Time allowed to receive a whole request (headers + body) in ms: a slower client gets a 408 problem. */
  bodyTimeoutMs: z.int().positive().default(10_000),
  logLevel: z.enum(['silent', 'fatal', 'error', 'warn', 'info', 'debug']).default('silent'),
  /** Serve the Swagger UI docs page at /docs. */
  docs: z.boolean().default(true),
  /** The built web page (apps/web/dist) served at `/`; null serves none. */
  webDir: z.string().nullable().default(() => defaultWebDir()),
  /** The JSON eval report served at GET /v1/eval/report (read on each request: a new eval shows at once). */
  evalReportPath: z.string().default(() => defaultEvalReportPath()),
  /** Browser origins allowed by CORS (exact matches, e.g. https://app.example); empty = CORS off. */
  corsOrigins: z.array(z.string().min(1)).default([]),
  /**
   * Serialized answers of POST /v1/skills/search kept per (title, k, rerank, alpha): a repeated request is sent
   * from here without searching or serializing again (the services never change while the app runs); 0 = off.
   */
  responseCacheSize: z.int().nonnegative().default(1024),
});

/** apps/web/dist, seen from apps/api/src or apps/api/dist alike. */
export function defaultWebDir(): string {
  return fileURLToPath(new URL('../../web/dist', import.meta.url));
}
export type BuildAppOptions = z.input<typeof BuildAppOptions>;

const problemResponses = { 400: Problem, 503: Problem } as const;

/**
 * Builds the fastify app. Services are injected so unit tests pass fakes and integration tests pass the real
 * retriever and labelers. Nothing listens until the caller does (`startServer` or `app.listen`).
 */
export async function buildApp(input: BuildAppOptions): Promise<FastifyInstance> {
  const options = BuildAppOptions.parse(input);
  const app = Fastify({
    bodyLimit: options.bodyLimit,
    // Slow clients: node answers (through clientErrorHandler) once the whole request took longer than this;
    // its connection check runs every second instead of every 30 s.
    requestTimeout: options.bodyTimeoutMs,
    http: { headersTimeout: Math.min(60_000, options.bodyTimeoutMs), connectionsCheckingInterval: Math.min(1000, options.bodyTimeoutMs) },
    clientErrorHandler,
    // Logs go to stderr: stdout carries only what callers parse (e.g. the CLI's "listening on URL" line).
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel, stream: process.stderr },
    // Per-request log lines cost more than the work at 1k req/s; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(cappedValidatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  // Only JSON bodies: text/plain and friends get a 415 instead of a confusing type error.
  app.removeContentTypeParser('text/plain');
  // JSON bodies with a useful 400: the parser's own message (fastify's hides it) and a forbidden-key answer for
  // prototype poisoning ("__proto__", "constructor.prototype"), which fastify reports as "not valid JSON".
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  installDeadlines(app, new DeadlineSweeper(options.requestTimeoutMs));

  // Readiness: services may still be loading (models, memory-mapped index) when the server starts listening.
  let services: ApiServices | undefined;
  let loadError: Error | undefined;
  const loading = Promise.resolve(options.services).then(
    (loaded) => {
      services = loaded;
    },
    (error: unknown) => {
      loadError = error instanceof Error ? error : new Error(String(error));
      app.log.error({ err: loadError }, 'services failed to load');
    },
  );
  const ready = (): ApiServices => {
    if (services) return services;
    // The full error (paths included) is in the server log; clients get it without server paths.
    if (loadError) throw new ApiError(503, `services failed to load: ${publicMessage(loadError)}`);
    throw new ApiError(503, 'models and index are still loading; retry shortly', { 'retry-after': '2' });
  };

  app.setErrorHandler((error, request, reply) => {
    const { body, headers } = errorToProblem(error, request);
    if (body.status >= 500 && body.status !== 503) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, body, headers);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, `no route ${request.method} ${request.url.split('?')[0]}`, request.url)),
  );

  if (options.corsOrigins.length > 0) await app.register(fastifyCors, { origin: options.corsOrigins });

  registerNamedSchemas();
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'jobskill API',
        description:
          'Job title → ESCO skills retrieval, skill extraction from text, resume → role labeling and resume ↔ job matching. ' +
          'Every error is application/problem+json (RFC 9457). A script-free reference of this document is served at /reference.',
        version: '0.1.0',
      },
    },
    transform: createJsonSchemaTransform({ skipList: ['/docs', '/docs/*', '/openapi.json', '/reference'] }),
    transformObject: (documentObject) =>
      finishOpenApiDocument(jsonSchemaTransformObject(documentObject) as Record<string, unknown>) as ReturnType<typeof jsonSchemaTransformObject>,
  });
  if (options.docs) await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // The same document as plain HTML (no script): rendered once, on first request.
  let reference: string | null = null;
  app.get('/reference', { schema: { hide: true } }, async (_request, reply) => {
    reference ??= renderApiReference(app.swagger() as unknown as Record<string, unknown>);
    return reply.type('text/html; charset=utf-8').send(reference);
  });

  // The web page: static files of the Vite build, same origin as the API (no CORS, no CDN, works offline).
  if (options.webDir !== null && existsSync(join(options.webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: options.webDir, prefix: '/', wildcard: false, index: 'index.html' });
  } else if (options.webDir !== null) {
    const webDir = options.webDir;
    app.get('/', { schema: { hide: true } }, async () => {
      throw new ApiError(404, `the web page is not built (no ${join(webDir, 'index.html')}); run \`pnpm turbo run build --filter @jobskill/web\``);
    });
  }

  app.get(
    '/healthz',
    { schema: { operationId: 'getHealth', summary: 'Liveness: the process answers', tags: ['ops'], response: { 200: HealthResponse } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness', summary: 'Readiness: 200 once models and the index are loaded, 503 before',
        tags: ['ops'],
        response: { 200: ReadyResponse, 503: Problem },
      },
    },
    async () => {
      const s = ready();
      return { status: 'ready' as const, corpusSize: s.skills.corpusSize, labelers: [...s.roles.labelers] };
    },
  );

  const checkK = (k: number, corpusSize: number) => {
    if (k > corpusSize) throw new ApiError(400, `k must be at most the corpus size (${corpusSize}); got ${k}`);
  };
  // Ranked hits, with the calibrated confidence of the search when the searcher can assess it.
  const searchResponses = new LruCache<string, string>(options.responseCacheSize);
  const answer = (s: ApiServices, title: string, hits: SkillHit[]) => {
    const assessed = s.skills.assess?.(title, hits);
    const skills = hits.map((hit, i) => ({
      rank: i + 1,
      ...hit,
      ...(assessed ? { calibratedScore: assessed.calibratedScores[i]! } : {}),
    }));
    return assessed ? { skills, confidence: assessed.confidence } : { skills };
  };

  app.post(
    '/v1/skills/search',
    {
      schema: {
        operationId: 'searchSkills', summary: 'Rank ESCO skills for a job title',
        tags: ['skills'],
        body: SkillSearchBody,
        response: { 200: SkillSearchResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const s = ready();
      const { title, k, rerank, alpha } = request.body;
      checkK(k, s.skills.corpusSize);
      const key = JSON.stringify([title, k, rerank, alpha ?? null]);
      let body = searchResponses.get(key);
      if (body === undefined) {
        const hits = await s.skills.search(title, { k, rerank, alpha });
        body = reply.serialize({ title, k, rerank, alpha, ...answer(s, title, hits) }) as string;
        searchResponses.set(key, body);
      }
      // A string with a JSON content type is sent as it is (already serialized by the route's serializer).
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  app.post(
    '/v1/skills/search::batch',
    {
      schema: {
        operationId: 'searchSkillsBatch', summary: 'Rank ESCO skills for many job titles',
        tags: ['skills'],
        body: SkillSearchBatchBody,
        response: { 200: SkillSearchBatchResponse, ...problemResponses },
      },
    },
    async (request) => {
      const s = ready();
      const { titles, k, rerank, alpha } = request.body;
      checkK(k, s.skills.corpusSize);
      const signal = request.deadline.signal;
      const opts = { k, rerank, alpha, signal };
      let lists: SkillHit[][];
      if (s.skills.searchBatch) {
        lists = await s.skills.searchBatch(titles, opts);
      } else {
        lists = [];
        for (const title of titles) {
          // Stops at the deadline or when the client left: an error answer, never a partial 200.
          signal.throwIfAborted();
          lists.push(await s.skills.search(title, opts));
        }
      }
      signal.throwIfAborted();
      if (lists.length !== titles.length) throw new Error(`searcher answered ${lists.length} of ${titles.length} titles`);
      return { k, rerank, alpha, results: titles.map((title, i) => ({ title, ...answer(s, title, lists[i]!) })) };
    },
  );

  app.get(
    '/v1/occupations/suggest',
    {
      schema: {
        operationId: 'suggestOccupations', summary: 'Job title suggestions from ESCO occupation titles, for search boxes',
        tags: ['occupations'],
        querystring: OccupationSuggestQuery,
        response: { 200: OccupationSuggestResponse, 404: Problem, ...problemResponses },
      },
    },
    async (request) => {
      const s = ready();
      if (!s.occupations) throw new ApiError(404, 'this server has no ESCO occupation titles loaded');
      const { q, limit } = request.query;
      return { q, suggestions: s.occupations.suggest(q, limit) };
    },
  );

  const catalogOf = (s: ApiServices) => {
    if (!s.catalog) throw new ApiError(503, 'the skill catalogue is not loaded on this server');
    return s.catalog;
  };

  app.get(
    '/v1/skills/:id',
    {
      schema: {
        operationId: 'getSkill', summary: 'One ESCO skill: label, aliases, description, type, reuse level, occupations, related skills',
        tags: ['skills'],
        params: SkillIdParams,
        response: { 200: SkillRecordResponse, 404: Problem, ...problemResponses },
      },
    },
    async (request) => {
      const record = catalogOf(ready()).get(request.params.id);
      if (!record) throw new ApiError(404, `no ESCO skill "${request.params.id}"`);
      return record;
    },
  );

  app.get(
    '/v1/eval/report',
    {
      schema: {
        operationId: 'getEvalReport', summary: 'The latest evaluation tables (the JSON report `jobskill eval` writes)',
        tags: ['eval'],
        response: { 200: EvalReportResponse, 404: Problem, 500: Problem },
      },
    },
    async () => {
      let report;
      try {
        report = await readEvalReport(options.evalReportPath);
      } catch (error) {
        throw new ApiError(500, `the eval report is unreadable: ${(error as Error).message}`);
      }
      if (report === null) {
        throw new ApiError(404, `no evaluation report yet (${options.evalReportPath}); run \`pnpm jobskill eval\` to write one`);
      }
      return report;
    },
  );

  app.get(
    '/v1/skills',
    {
      schema: {
        operationId: 'findSkills', summary: 'Autocomplete ESCO skills by label or alias',
        tags: ['skills'],
        querystring: SkillFindQuery,
        response: { 200: SkillFindResponse, ...problemResponses },
      },
    },
    async (request) => ({ q: request.query.q, results: catalogOf(ready()).find(request.query.q, request.query.limit) }),
  );

  const pickLabeler = (s: ApiServices, requested: string | undefined): string => {
    const name = requested ?? s.roles.defaultLabeler;
    if (!s.roles.labelers.includes(name)) {
      throw new ApiError(400, `unknown labeler "${name}"; valid labelers: ${s.roles.labelers.join(', ')}`);
    }
    return name;
  };
  const toInput = (v: { skills?: string[] | undefined; resume?: string | undefined }): RoleLabelInput =>
    v.skills !== undefined ? { skills: v.skills } : { skills: [], text: v.resume ?? '' };

  app.get(
    '/v1/roles',
    { schema: { operationId: 'listRoles', summary: 'The label set and the available labelers', tags: ['roles'], response: { 200: RolesResponse, 503: Problem } } },
    async () => {
      const s = ready();
      return { roles: [...s.roles.roles], labelers: [...s.roles.labelers], defaultLabeler: s.roles.defaultLabeler };
    },
  );

  await app.register(resumeRoutes);
  await app.register(
    extractRoutes(() => {
      const e = ready().extractor;
      if (!e) throw new ApiError(503, 'skill extraction is not loaded in this server');
      return e;
    }),
  );
  await app.register(
    matchRoutes(() => {
      const m = ready().matching;
      if (!m) throw new ApiError(503, 'occupation search / match is not loaded in this server');
      return m;
    }),
  );

  app.post(
    '/v1/roles/label',
    {
      schema: {
        operationId: 'labelRole', summary: 'Label one resume (its skills or its text) with a role',
        tags: ['roles'],
        body: RoleLabelBody,
        response: { 200: RoleLabelResponse, ...problemResponses },
      },
    },
    async (request) => {
      const s = ready();
      const labeler = pickLabeler(s, request.body.labeler);
      const [result] = await s.roles.label([toInput(request.body)], labeler);
      if (!result) throw new Error('labeler returned no result');
      return result;
    },
  );

  app.post(
    '/v1/roles/label::batch',
    {
      schema: {
        operationId: 'labelRolesBatch', summary: 'Label many resumes with roles',
        tags: ['roles'],
        body: RoleLabelBatchBody,
        response: { 200: RoleLabelBatchResponse, ...problemResponses },
      },
    },
    async (request) => {
      const s = ready();
      const labeler = pickLabeler(s, request.body.labeler);
      const signal = request.deadline.signal;
      const results = await s.roles.label(request.body.items.map(toInput), labeler, signal);
      signal.throwIfAborted();
      if (results.length !== request.body.items.length) throw new Error(`labeler answered ${results.length} of ${request.body.items.length} items`);
      return { labeler, results };
    },
  );

  // Node's server.close() only drops connections idle at that moment; a keep-alive connection whose request is
  // in flight would then hold shutdown open until keepAliveTimeout. Ask clients to close it instead.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onClose', async () => {
    await loading;
    await services?.close?.();
  });

  await app.ready();
  return app;
}
