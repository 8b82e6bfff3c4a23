import { mkdtempSync, readdirSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscoGraph } from './esco-graph.ts';
import { EncoderOccupationMatcher } from './evidence.ts';
import { miniEscoInput } from '../__fixtures__/mini-esco.ts';
import { createCountingEncoder } from '../__fixtures__/counting-encoder.ts';

describe('EncoderOccupationMatcher saved and opened (start-up without re-encoding)', () => {
  const graph = EscoGraph.fromEsco(miniEscoInput());
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobskill-matcher-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const [what, exactLimit] of [['exact pass', 2000], ['HNSW graph', 0]] as const) {
    it(`an opened matcher (${what}) scores exactly like the one built`, async () => {
      const encoder = createCountingEncoder(64);
      const built = await EncoderOccupationMatcher.build(graph, encoder, { exactLimit });
      const key = EncoderOccupationMatcher.cacheKey(graph, encoder, { exactLimit });
      await built.save(join(dir, 'm'), key);
      const opened = EncoderOccupationMatcher.open(join(dir, 'm'), key, { exactLimit })!;
      expect(opened).not.toBeNull();
      expect(Array.from(opened.vectors)).toEqual(Array.from(built.vectors));
      for (const title of ['registered nurse', 'data science specialist', 'web developer']) {
        const [q] = await encoder.encode([title]);
        expect(Array.from(opened.similarities(q!))).toEqual(Array.from(built.similarities(q!)));
      }
    });
  }

  it('openOrBuild saves once, then opens; another encoder or other variants get another entry', async () => {
    const encoder = createCountingEncoder(64);
    const first = await EncoderOccupationMatcher.openOrBuild(dir, graph, encoder);
    expect(readdirSync(dir)).toHaveLength(1);
    const second = await EncoderOccupationMatcher.openOrBuild(dir, graph, encoder);
    const [q] = await encoder.encode(['nurse']);
    expect(Array.from(second.similarities(q!))).toEqual(Array.from(first.similarities(q!)));
    await EncoderOccupationMatcher.openOrBuild(dir, graph, createCountingEncoder(32));
    const input = miniEscoInput();
    const renamed = EscoGraph.fromEsco({ ...input, occupations: input.occupations.map((o, i) => (i === 0 ? { ...o, altLabels: [...o.altLabels, 'one more title'] } : o)) });
    await EncoderOccupationMatcher.openOrBuild(dir, renamed, encoder);
    expect(readdirSync(dir)).toHaveLength(3);
  });

  it('a saved matcher under another key is not used; a truncated one is INDEX_UNREADABLE', async () => {
    const encoder = createCountingEncoder(64);
    const built = await EncoderOccupationMatcher.build(graph, encoder);
    const key = EncoderOccupationMatcher.cacheKey(graph, encoder);
    await built.save(join(dir, 'm'), key);
    expect(EncoderOccupationMatcher.open(join(dir, 'm'), 'another-key')).toBeNull();
    expect(EncoderOccupationMatcher.open(join(dir, 'missing'), key)).toBeNull();
    const vectors = join(dir, 'm', 'variants.f32');
    truncateSync(vectors, statSync(vectors).size - 4);
    expect(() => EncoderOccupationMatcher.open(join(dir, 'm'), key)).toThrow(expect.objectContaining({ code: 'INDEX_UNREADABLE' }));
  });
});
