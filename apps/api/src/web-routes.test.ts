import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { occupationTitles } from '@jobskill/data';
import { evalReport, writeEvalReport } from '@jobskill/eval';
import { buildApp } from './app.ts';
import { fakeServices } from './__fixtures__/fake-services.ts';

// The routes behind the web page: its static files at /, title suggestions, the eval report.
describe('web page routes', () => {
  let dir: string;
  let app: FastifyInstance;
  let bare: FastifyInstance;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'api-web-'));
    await mkdir(join(dir, 'web', 'assets'), { recursive: true });
    await writeFile(join(dir, 'web', 'index.html'), '<!doctype html><title>jobskill</title>');
    await writeFile(join(dir, 'web', 'assets', 'app.js'), 'console.log(1)');
    const occupations = occupationTitles([
      { uri: 'o:ds', code: '1', iscoGroup: '1', preferredLabel: 'data scientist', altLabels: ['data analyst'], hiddenLabels: [], description: '' },
    ]);
    app = await buildApp({ services: { ...fakeServices(), occupations }, webDir: join(dir, 'web'), evalReportPath: join(dir, 'report.json') });
    bare = await buildApp({ services: fakeServices(), webDir: join(dir, 'not-built'), evalReportPath: join(dir, 'report.json') });
  });
  afterAll(async () => {
    await app?.close();
    await bare?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the built page at / and its assets; API routes and 404 problems are untouched', async () => {
    const index = await app.inject('/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.body).toContain('<title>jobskill</title>');
    const asset = await app.inject('/assets/app.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const missing = await app.inject('/assets/nope.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toBe('no route GET /assets/nope.js');
    const paths = Object.keys((await app.inject('/openapi.json')).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/occupations/suggest', '/v1/eval/report']));
    expect(paths).not.toContain('/assets/app.js');
  });

  it('says how to build the page when it is not built', async () => {
    const res = await bare.inject('/');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().detail).toMatch(/the web page is not built .*pnpm turbo run build --filter @jobskill\/web/);
  });

  it('GET /v1/occupations/suggest answers titles, validates q and limit, 404s without titles', async () => {
    const res = await app.inject('/v1/occupations/suggest?q=data&limit=5');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      q: 'data',
      suggestions: [{ label: 'data scientist', uri: 'o:ds', preferredLabel: 'data scientist' }],
    });
    expect((await app.inject('/v1/occupations/suggest?q=data&limit=0')).json().detail).toMatch(/limit must be at least 1/);
    expect((await app.inject('/v1/occupations/suggest')).statusCode).toBe(400);
    const none = await bare.inject('/v1/occupations/suggest?q=data');
    expect(none.statusCode).toBe(404);
    expect(none.json().detail).toBe('this server has no ESCO occupation titles loaded');
  });

  it('GET /v1/eval/report: 404 problem before any eval, the report after, 500 naming the file when broken', async () => {
    const before = await app.inject('/v1/eval/report');
    expect(before.statusCode).toBe(404);
    expect(before.headers['content-type']).toMatch(/problem\+json/);
    expect(before.json().detail).toMatch(/no evaluation report yet .*report\.json.*pnpm jobskill eval/);
    const report = evalReport('jobskill eval', [
      { title: 'toy', rowHeader: 'metric', columns: ['bm25', 'default'], rows: [{ label: 'map', values: [0.1, 0.2] }] },
    ]);
    await writeEvalReport(join(dir, 'report.json'), report);
    const after = await app.inject('/v1/eval/report');
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual(report);
    await writeFile(join(dir, 'report.json'), '{"schemaVersion": 1}');
    const broken = await app.inject('/v1/eval/report');
    expect(broken.statusCode).toBe(500);
    expect(broken.json().detail).toMatch(/the eval report is unreadable: .*report\.json: not an eval report/);
  });
});
