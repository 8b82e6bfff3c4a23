import { describe, expect, it } from 'vitest';
import { barChartLayout, barFraction, coreFirst, csvField, formatApiError, highlightSegments, parseK, skillsToCsv, skillsToJson } from './logic.ts';
import type { SkillHit } from './api-types.ts';

describe('highlightSegments', () => {
  const text = 'Python and SQL on AWS';
  it('covers the text exactly once, mentions at their spans', () => {
    const segs = highlightSegments(text, [
      { start: 11, end: 14, label: 'SQL' },
      { start: 0, end: 6, label: 'Python (computer programming)' },
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.map((s) => [s.text, s.mention?.label ?? null])).toEqual([
      ['Python', 'Python (computer programming)'],
      [' and ', null],
      ['SQL', 'SQL'],
      [' on AWS', null],
    ]);
  });
  it('keeps the longer of two mentions starting together and drops overlaps, empty and out-of-range spans', () => {
    const segs = highlightSegments(text, [
      { start: 0, end: 3, id: 'short' },
      { start: 0, end: 6, id: 'long' },
      { start: 4, end: 10, id: 'overlaps long' },
      { start: 15, end: 15, id: 'empty' },
      { start: 18, end: 99, id: 'clamped' },
      { start: Number.NaN, end: 4, id: 'nan' },
    ]);
    expect(segs.filter((s) => s.mention).map((s) => [s.mention!.id, s.text])).toEqual([
      ['long', 'Python'],
      ['clamped', 'AWS'],
    ]);
    expect(segs.map((s) => s.text).join('')).toBe(text);
  });
  it('gives one plain segment without mentions and none for empty text', () => {
    expect(highlightSegments(text, [])).toEqual([{ text, start: 0, end: text.length }]);
    expect(highlightSegments('', [{ start: 0, end: 2 }])).toEqual([]);
  });
});

describe('CSV and JSON export', () => {
  const skills: SkillHit[] = [
    { rank: 1, uri: 'http://data.europa.eu/esco/skill/1', label: 'data mining', score: 0.91, importance: 'core', evidence: { stage: 'reranked', firstStageScore: 0.8, rerankScore: 0.95, bestAlias: 'data mining methods' } },
    { rank: 2, uri: 'http://data.europa.eu/esco/skill/2', label: 'manage "big", messy\ndata', score: 0.5, evidence: { stage: 'candidate', firstStageScore: 0.5 } },
  ];
  it('quotes fields per RFC 4180 and leaves absent values empty', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(undefined)).toBe('');
    const csv = skillsToCsv(skills);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('rank,label,uri,score,importance,best_alias,stage,first_stage_score,rerank_score');
    expect(lines[1]).toBe('1,data mining,http://data.europa.eu/esco/skill/1,0.91,core,data mining methods,reranked,0.8,0.95');
    expect(csv).toContain('2,"manage ""big"", messy\ndata",http://data.europa.eu/esco/skill/2,0.5,,,candidate,0.5,\r\n');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
  it('JSON keeps the query and every field', () => {
    const parsed = JSON.parse(skillsToJson({ title: 'data scientist', k: 2, rerank: true }, skills));
    expect(parsed).toEqual({ title: 'data scientist', k: 2, rerank: true, skills });
  });
});

describe('formatApiError', () => {
  it('says which feature a server without the route lacks', () => {
    expect(formatApiError({ endpoint: 'POST /v1/skills/extract', status: 404, body: { status: 404, detail: 'no route POST /v1/skills/extract' } })).toBe(
      'This server has no skill extraction endpoint (POST /v1/skills/extract); it is an older or partial build.',
    );
    expect(formatApiError({ endpoint: 'GET /v1/occupations/suggest?q=da', status: 404 })).toMatch(/no job title suggestion endpoint \(GET \/v1\/occupations\/suggest\)/);
  });
  it('shows the server detail of a 404 that is not a missing route, and of 4xx problems', () => {
    expect(formatApiError({ endpoint: 'GET /v1/eval/report', status: 404, body: { detail: 'no evaluation report yet; run `pnpm jobskill eval`' } })).toBe(
      'The server rejected the request: no evaluation report yet; run `pnpm jobskill eval`.',
    );
    expect(formatApiError({ endpoint: 'POST /v1/skills/search', status: 400, body: { detail: 'body/title: title must not be empty' } })).toBe(
      'The server rejected the request: body/title: title must not be empty.',
    );
  });
  it('503, 5xx, non-JSON bodies and network failures read as sentences', () => {
    expect(formatApiError({ endpoint: 'POST /v1/skills/search', status: 503, body: { detail: 'models and index are still loading; retry shortly' } })).toBe(
      'The server is not ready: models and index are still loading; retry shortly. Retry in a few seconds.',
    );
    expect(formatApiError({ endpoint: 'POST /v1/match', status: 500, body: '<html>oops</html>' })).toBe('The server failed (resume ↔ job matching, HTTP 500): <html>oops</html>.');
    expect(formatApiError({ endpoint: 'POST /v1/match', status: 501, body: { detail: 'EXTRACTOR_UNAVAILABLE: no extractor' } })).toBe(
      'This server cannot do resume ↔ job matching yet: EXTRACTOR_UNAVAILABLE: no extractor.',
    );
    expect(formatApiError({ endpoint: 'POST /v1/match', status: 0, networkError: 'Failed to fetch' })).toMatch(/^Cannot reach the server \(POST \/v1\/match\): Failed to fetch/);
    expect(formatApiError({ endpoint: 'POST /v1/resumes/parse', status: 413, body: { detail: 'Request body is too large' } })).toBe('The input is too large for the server: Request body is too large.');
  });
});

describe('ordering, scales, k', () => {
  it('puts core first, then contextual, then unknown, stable within each', () => {
    const items = [{ id: 1 }, { id: 2, importance: 'contextual' as const }, { id: 3, importance: 'core' as const }, { id: 4, importance: 'core' as const }];
    expect(coreFirst(items).map((i) => i.id)).toEqual([3, 4, 2, 1]);
  });
  it('bar fractions are relative to the largest score and clamped', () => {
    expect(barFraction(0.5, 2)).toBe(0.25);
    expect(barFraction(3, 2)).toBe(1);
    expect(barFraction(-1, 2)).toBe(0);
    expect(barFraction(1, 0)).toBe(0);
  });
  it('parses k or names the field', () => {
    expect(parseK('20')).toEqual({ k: 20 });
    expect(parseK('0')).toEqual({ error: 'k must be a whole number from 1 to 1000; got "0"' });
    expect(parseK('2.5')).toHaveProperty('error');
    expect(parseK('')).toHaveProperty('error');
  });
});

describe('barChartLayout', () => {
  it('draws one bar per system and metric, heights proportional on a 0..1 axis, no bar for a missing value', () => {
    const layout = barChartLayout(
      { title: 't', rowHeader: 'metric', columns: ['bm25', 'default'], rows: [{ label: 'map', values: [0.2, 0.4] }, { label: 'mrr', values: [0.5, null] }] },
      { width: 456, height: 284 },
    );
    expect(layout.max).toBe(1);
    expect(layout.plot).toEqual({ x: 44, y: 12, width: 400, height: 200 });
    expect(layout.bars.map((b) => [b.metric, b.system, b.height])).toEqual([
      ['map', 'bm25', 40],
      ['map', 'default', 80],
      ['mrr', 'bm25', 100],
    ]);
    const [a, b] = layout.bars;
    expect(a!.y + a!.height).toBe(212);
    expect(b!.x).toBeGreaterThan(a!.x);
    expect(layout.groups.map((g) => g.x)).toEqual([44, 244]);
  });
  it('stretches the axis when a value exceeds 1', () => {
    const layout = barChartLayout({ title: 't', rowHeader: 'metric', columns: ['s'], rows: [{ label: 'seconds', values: [4] }] });
    expect(layout.max).toBe(4);
    expect(layout.bars[0]!.height).toBe(layout.plot.height);
  });
});
