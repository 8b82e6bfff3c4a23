// Response serializer micro-bench: the zod serializer (fastify-type-provider-zod: encode walk + JSON.stringify)
// against fast-json-stringify compiled from the same schema (one walk) and plain JSON.stringify (no check).
// Usage: pnpm --filter @jobskill/api bench:serializer
import { serializerCompiler } from 'fastify-type-provider-zod';
import fastJson from 'fast-json-stringify';
import { z } from 'zod';
import { SkillSearchResponse, SkillSearchBatchResponse } from '../src/schemas.ts';

const hit = (i: number) => ({
  rank: i + 1,
  uri: `http://data.europa.eu/esco/skill/${'0123456789abcdef'.repeat(2)}-${i}`,
  label: `skill label number ${i}`,
  score: 0.9 - i * 0.01,
  importance: i < 5 ? ('core' as const) : ('contextual' as const),
  evidence: { stage: 'reranked', firstStageScore: 0.71, firstStageRank: i + 3, source: 'first-stage', rerankScore: 4.2, rerankNormalized: 0.97, bestAlias: 'an alias of the skill', bestAliasScore: 0.74 },
});
const one = { title: 'data scientist', k: 20, rerank: true, alpha: 0.7, skills: Array.from({ length: 20 }, (_, i) => hit(i)) };
const k1000 = { ...one, k: 1000, skills: Array.from({ length: 1000 }, (_, i) => hit(i)) };
const batch = { k: 100, rerank: true, alpha: 0.7, results: Array.from({ length: 64 }, () => ({ title: 'data scientist', skills: Array.from({ length: 100 }, (_, i) => hit(i)) })) };

const route = { method: 'POST', url: '/v1/skills/search', httpStatus: '200' } as const;
function time(name: string, fn: () => string, iterations: number): number {
  for (let i = 0; i < Math.min(200, iterations); i++) fn();
  const start = performance.now();
  let bytes = 0;
  for (let i = 0; i < iterations; i++) bytes += fn().length;
  const us = ((performance.now() - start) * 1000) / iterations;
  console.log(`${name.padEnd(44)} ${us.toFixed(1).padStart(8)} µs/answer  (${Math.round(bytes / iterations / 1024)} KB)`);
  return us;
}
for (const [label, schema, data, n] of [
  ['search, k=20', SkillSearchResponse, one, 20_000],
  ['search, k=1000', SkillSearchResponse, k1000, 500],
  ['search:batch, 64 titles x k=100 (served with JSON.stringify)', SkillSearchBatchResponse, batch, 100],
] as const) {
  const zod = serializerCompiler({ schema, ...route } as never) as (d: unknown) => string;
  const fjs = fastJson(z.toJSONSchema(schema, { target: 'draft-07', io: 'output' }) as never);
  console.log(`-- ${label}`);
  const a = time('zod (encode walk + JSON.stringify)', () => zod(data), n);
  const b = time('fast-json-stringify from the JSON schema', () => fjs(data), n);
  const c = time('JSON.stringify alone (no schema)', () => JSON.stringify(data), n);
  console.log(`   fast-json-stringify = ${(a / b).toFixed(2)}x faster than zod; JSON.stringify alone ${(a / c).toFixed(2)}x`);
}
