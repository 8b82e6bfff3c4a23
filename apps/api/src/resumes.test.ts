import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { buildApp } from './app.ts';
import { fakeServices } from './__fixtures__/fake-services.ts';

async function pdfOf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 790 - i * 16, size: 11, font }));
  return Buffer.from(await doc.save());
}

describe('POST /v1/resumes/parse', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ services: fakeServices() });
  });
  afterAll(async () => app.close());

  it('parses a real PDF sent as application/pdf', async () => {
    const body = await pdfOf(['STAFF ACCOUNTANT', 'Experience', 'Accountant , 01/2015 to Current', 'Acme – Boston , MA', 'Education', 'B.S. Accounting']);
    const res = await app.inject({ method: 'POST', url: '/v1/resumes/parse', headers: { 'content-type': 'application/pdf' }, payload: body });
    expect(res.statusCode).toBe(200);
    const json = res.json();
    expect(json.pages).toBe(1);
    expect(json.headline).toBe('STAFF ACCOUNTANT');
    expect(json.experience).toEqual([expect.objectContaining({ title: 'Accountant', employer: 'Acme', dates: '01/2015 to Current' })]);
    expect(json.sections.map((s: { kind: string }) => s.kind)).toEqual(['headline', 'experience', 'education']);
    for (const s of json.sections) expect(json.text.slice(s.start, s.end)).toBe(s.text);
  });

  it('parses JSON { text }', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/resumes/parse', payload: { text: 'HEAD CHEF\nSkills\nPastry' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ headline: 'HEAD CHEF', pages: 1 });
  });

  it('answers 4xx problems for a broken, non-PDF or empty body', async () => {
    const broken = await app.inject({ method: 'POST', url: '/v1/resumes/parse', headers: { 'content-type': 'application/pdf' }, payload: Buffer.from('%PDF-1.4\ngarbage') });
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toContain('application/problem+json');
    expect(broken.json().detail).toContain('CORRUPT_FILE');
    const notPdf = await app.inject({ method: 'POST', url: '/v1/resumes/parse', headers: { 'content-type': 'application/pdf' }, payload: Buffer.from('hello') });
    expect(notPdf.statusCode).toBe(400);
    const emptyText = await app.inject({ method: 'POST', url: '/v1/resumes/parse', payload: { text: '' } });
    expect(emptyText.statusCode).toBe(400);
    const tooBig = await app.inject({ method: 'POST', url: '/v1/resumes/parse', headers: { 'content-type': 'application/pdf' }, payload: Buffer.alloc(11 * 1024 * 1024, 32) });
    expect(tooBig.statusCode).toBe(413);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await app.inject('/openapi.json')).json();
    expect(doc.paths['/v1/resumes/parse'].post).toBeDefined();
  });
});
