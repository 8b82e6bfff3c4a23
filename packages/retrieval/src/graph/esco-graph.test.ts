import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataDirPath, DataError } from '@jobskill/data';
import { EscoGraph, REUSE_LEVELS, SKILL_TYPES, loadEscoGraph } from './esco-graph.ts';
import { EncoderOccupationMatcher, TokenOccupationMatcher, graphEvidence, graphScore } from './evidence.ts';
import { miniEscoInput, miniOccupationUri as O, miniSkillUri as S } from '../__fixtures__/mini-esco.ts';
import { createCountingEncoder } from '../__fixtures__/counting-encoder.ts';

describe('EscoGraph', () => {
  const graph = EscoGraph.fromEsco(miniEscoInput());
  const skill = (id: string) => graph.skillIndex.get(S(id))!;
  const occ = (id: string) => graph.occupationIndex.get(O(id))!;

  it('indexes relations by type and counts how many occupations need each skill', () => {
    const ds = graph.occupations[occ('data-scientist')]!;
    expect([...ds.essential].map((s) => graph.skills[s]!.uri).sort()).toEqual([S('ml'), S('python'), S('statistics')]);
    expect(graph.essentialCount[skill('teamwork')]).toBe(1);
    expect(graph.optionalCount[skill('teamwork')]).toBe(4);
    expect(graph.essentialCount[skill('python')]).toBe(1);
    expect(graph.optionalCount[skill('python')]).toBe(2);
  });

  it('merges preferred, alt labels and jobid2terms into lowercase deduplicated title variants', () => {
    expect(graph.occupations[occ('data-scientist')]!.variants).toEqual(['data scientist', 'data science specialist', 'ml engineer']);
  });

  it('parses skill type and reuse level (plain or as concept URI)', () => {
    expect(SKILL_TYPES[graph.skills[skill('python')]!.skillType]).toBe('knowledge');
    expect(REUSE_LEVELS[graph.skills[skill('teamwork')]!.reuseLevel]).toBe('transversal');
    expect(REUSE_LEVELS[graph.skills[skill('web')]!.reuseLevel]).toBe('occupation-specific');
  });

  it('keeps skills only named by a relation, and counts relations of unknown occupations', () => {
    const input = miniEscoInput();
    const g = EscoGraph.fromEsco({
      ...input,
      relations: [...input.relations, { occupationUri: O('nurse'), skillUri: S('new'), relationType: 'optional' }, { occupationUri: O('ghost'), skillUri: S('sql'), relationType: 'essential' }],
    });
    expect(g.skillIndex.has(S('new'))).toBe(true);
    expect(g.unknownOccupationRelations).toBe(1);
  });
});

describe('graph evidence', () => {
  const graph = EscoGraph.fromEsco(miniEscoInput());
  const skill = (id: string) => graph.skillIndex.get(S(id))!;

  it('token Jaccard finds the matching occupation and its skills outrank the others', () => {
    const sims = new TokenOccupationMatcher(graph).similarities('Senior Data Scientist');
    const ev = graphEvidence(graph, sims, { topOccupations: 2 });
    expect(graph.occupations[ev.occupations[0]!.index]!.uri).toBe(O('data-scientist'));
    expect(ev.occupations).toHaveLength(2);
    const scores = ['ml', 'statistics', 'patient'].map((s) => graphScore(graph, ev, skill(s)));
    expect(scores[0]).toBeGreaterThan(0);
    expect(scores[1]).toBeGreaterThan(scores[0]!); // statistics: essential in both data occupations
    expect(scores[2]).toBeLessThan(1e-3); // popularity tie-break only
    const stats = ev.skills.get(skill('statistics'))!;
    expect(stats.essentialHits).toBe(2);
    expect(stats.essentialWeight).toBeCloseTo(ev.totalSimilarity, 6);
  });

  it('excluded occupations contribute nothing (leave-one-occupation-out)', () => {
    const sims = new TokenOccupationMatcher(graph).similarities('data scientist');
    const dsIndex = graph.occupationIndex.get(O('data-scientist'))!;
    const ev = graphEvidence(graph, sims, { topOccupations: 5 }, new Set([dsIndex]));
    expect(ev.occupations.map((o) => o.index)).not.toContain(dsIndex);
    expect(ev.skills.has(skill('ml'))).toBe(false); // only the data scientist needs machine learning
  });

  it('the encoder matcher scores an occupation by its best variant', async () => {
    const encoder = createCountingEncoder(64);
    const matcher = await EncoderOccupationMatcher.build(graph, encoder);
    const [q] = await encoder.encode(['registered nurse']);
    const sims = matcher.similarities(q!);
    expect(sims[graph.occupationIndex.get(O('nurse'))!]).toBeCloseTo(1, 5);
    const best = [...sims].indexOf(Math.max(...sims));
    expect(graph.occupations[best]!.uri).toBe(O('nurse'));
    expect(() => matcher.similarities(new Float32Array(3))).toThrow(/dims/);
  });

  it('the HNSW path (USearch) finds the same best variants as the exact pass', async () => {
    const encoder = createCountingEncoder(64);
    const exact = await EncoderOccupationMatcher.build(graph, encoder);
    const hnsw = new EncoderOccupationMatcher(exact.encoderId, 64, exact.vectors, exact.variantOccupation, exact.occupationCount, { exactLimit: 0, searchVariants: 50 });
    for (const title of ['registered nurse', 'data science specialist', 'web developer']) {
      const [q] = await encoder.encode([title]);
      const a = exact.similarities(q!);
      const b = hnsw.similarities(q!);
      a.forEach((sim, o) => expect(b[o]).toBeCloseTo(sim, 5));
    }
  });
});

const repoRoot = resolve(import.meta.dirname, '../../../..');
const dataDir = dataDirPath();

describe.runIf(existsSync(resolve(dataDir, 'esco_v1.1.1')))('ESCO v1.1.1 graph', () => {
  it('loads all skills, occupations and relations with jobid2terms variants', async () => {
    const graph = await loadEscoGraph(dataDir);
    expect(graph.skills.length).toBe(13896);
    expect(graph.occupations.length).toBe(3007);
    let relations = 0;
    for (const o of graph.occupations) relations += o.essential.length + o.optional.length;
    expect(relations).toBeGreaterThan(123000);
    expect(relations).toBeLessThanOrEqual(123855);
    // v1.1.1 has 67 relation rows whose occupation is not in occupations_en.csv; counted, not lost silently.
    expect(graph.unknownOccupationRelations).toBe(67);
    const variants = graph.occupations.reduce((n, o) => n + o.variants.length, 0);
    expect(variants).toBeGreaterThan(33000);
  });

  it('names the missing directory', async () => {
    await expect(loadEscoGraph('/nonexistent-data')).rejects.toThrow(DataError);
    await expect(loadEscoGraph('/nonexistent-data')).rejects.toThrow(/esco_v1\.1\.1/);
  });
});
