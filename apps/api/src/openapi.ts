import { z } from 'zod';
import * as api from './schemas.ts';
import { ExtractBatchBody, ExtractBatchResponse, ExtractBody, ExtractionResultResponse } from './extract-routes.ts';
import { MatchBody, MatchRankBody, MatchRankResponse, MatchResponse, OccupationSearchBody, OccupationSearchResponse } from './match-routes.ts';
import { ResumeParseJsonBody, ResumeParseResponse } from './resumes.ts';

/**
 * The OpenAPI document's named schemas (`components.schemas`, referenced with `$ref` by fastify-type-provider-zod's
 * transformObject) and their examples, and a last pass over the generated document: problem+json for every error
 * answer, the 4xx/5xx every route can give, servers and security declared. `pnpm --filter @jobskill/api
 * lint:openapi` runs Redocly's recommended rules over the served document.
 */
const hitExample = {
  rank: 1,
  uri: 'http://data.europa.eu/esco/skill/e465a154-93f7-4973-9ce1-31659fe16dd2',
  label: 'data mining',
  score: 0.93,
  importance: 'core',
  evidence: { stage: 'reranked', firstStageScore: 0.71, firstStageRank: 3, source: 'first-stage', rerankScore: 4.2, rerankNormalized: 0.97, bestAlias: 'data mining', bestAliasScore: 0.74 },
};
const problemExample = {
  type: 'about:blank',
  title: 'Bad Request',
  status: 400,
  detail: 'body/title: title must not be empty',
  instance: '/v1/skills/search',
  errors: [{ path: 'body/title', message: 'title must not be empty' }],
};

const NAMED: [z.ZodType, string, unknown[]?][] = [
  [api.Problem, 'Problem', [problemExample]],
  [api.SkillHitSchema, 'SkillHit', [hitExample]],
  [api.SkillEvidenceSchema, 'SkillEvidence'],
  [api.SearchConfidenceSchema, 'SearchConfidence', [{ confidence: 0.02, lowConfidence: true, outOfVocabulary: true, coverage: 0, topCosine: 0.41, unknownWords: ['xqzzv', 'qwpkj'], note: "the encoder knows none of the title's words (unknown: xqzzv, qwpkj); it knows English job titles only (ESCO labels): these results are guesses" }]],
  [api.SkillSearchBody, 'SkillSearchRequest', [{ title: 'data scientist', k: 5 }]],
  [api.SkillSearchResponse, 'SkillSearchResponse', [{ title: 'data scientist', k: 1, rerank: false, alpha: 0.7, skills: [hitExample] }]],
  [api.SkillSearchBatchBody, 'SkillSearchBatchRequest', [{ titles: ['data scientist', 'welder'], k: 5 }]],
  [api.SkillSearchBatchResponse, 'SkillSearchBatchResponse'],
  [api.RoleLabelBody, 'RoleLabelRequest', [{ skills: ['SIEM', 'malware analysis', 'Splunk'] }]],
  [api.RoleLabelResponse, 'RoleLabel', [{ role: 'Security Analyst', score: 0.75, labeler: 'rules', evidence: ['siem', 'malware analysis'], scores: { 'Security Analyst': 0.75, Other: 0 }, noEvidence: false }]],
  [api.RoleLabelBatchBody, 'RoleLabelBatchRequest', [{ items: [{ skills: ['python', 'statistics'] }, { resume: 'Nurse with ten years of ward experience' }] }]],
  [api.RoleLabelBatchResponse, 'RoleLabelBatchResponse'],
  [api.RolesResponse, 'Roles'],
  [api.HealthResponse, 'Health', [{ status: 'ok' }]],
  [api.ReadyResponse, 'Readiness', [{ status: 'ready', corpusSize: 13896, labelers: ['rules', 'rules-reference', 'zero-shot', 'trained'] }]],
  [api.OccupationSuggestResponse, 'OccupationSuggestions'],
  [api.SkillRecordResponse, 'SkillRecord'],
  [api.SkillFindResponse, 'SkillMatches'],
  [api.EvalReportResponse, 'EvalReport'],
  [ExtractBody, 'ExtractRequest', [{ text: 'We need a welder with TIG welding experience and a forklift licence.' }]],
  [ExtractBatchBody, 'ExtractBatchRequest'],
  [ExtractionResultResponse, 'ExtractionResult'],
  [ExtractBatchResponse, 'ExtractBatchResponse'],
  [OccupationSearchBody, 'OccupationSearchRequest', [{ title: 'data scientist', k: 3 }]],
  [OccupationSearchResponse, 'OccupationSearchResponse'],
  [MatchBody, 'MatchRequest', [{ title: 'data scientist', skills: ['python', 'statistics', 'machine learning'] }]],
  [MatchResponse, 'MatchResult'],
  [MatchRankBody, 'MatchRankRequest'],
  [MatchRankResponse, 'MatchRanking'],
  [ResumeParseJsonBody, 'ResumeParseRequest'],
  [ResumeParseResponse, 'ParsedResume'],
];

let registered = false;
/** Names the schemas in zod's global registry (once per process: the registry refuses a second id). */
export function registerNamedSchemas(): void {
  if (registered) return;
  registered = true;
  for (const [schema, id, examples] of NAMED) {
    // Merged: a schema's .describe() text lives in the same registry entry.
    z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id, ...(examples ? { examples } : {}) });
  }
}

type Json = Record<string, unknown>;
const ERROR_TEXT: Record<string, string> = {
  '400': 'Bad input: schema violation (each field listed, the first 20 issues), invalid JSON, a forbidden key',
  '404': 'Not found',
  '408': 'The request did not arrive in time',
  '413': 'Body larger than the limit (1 MiB by default)',
  '415': 'A content type other than application/json',
  '500': 'Internal error (details in the server log only)',
  '503': 'Not ready yet (retry-after), failed to load, or the per-request time limit was exceeded',
};
const problemRef = { $ref: '#/components/schemas/Problem' };

/** Post-processes the generated document (fastify-swagger `transformObject`, after the zod transform). */
export function finishOpenApiDocument(doc: Json): Json {
  doc.servers = [{ url: '/', description: 'The server that serves this document' }];
  // The API has no authentication: say so explicitly (an empty requirement list), per operation too.
  doc.security = [];
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Json>>;
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      const responses = (operation.responses ??= {}) as Record<string, Json>;
      const hasBody = operation.requestBody !== undefined;
      const hasInput = hasBody || (Array.isArray(operation.parameters) && operation.parameters.length > 0);
      const add = [...(hasInput ? ['400'] : []), ...(hasBody ? ['408', '413', '415'] : []), '500'];
      for (const status of add) responses[status] ??= { description: ERROR_TEXT[status], content: { 'application/json': { schema: problemRef } } };
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const content = response.content as Record<string, Json> | undefined;
        const schema = content?.['application/json']?.schema ?? content?.['application/problem+json']?.schema ?? problemRef;
        response.content = { 'application/problem+json': { schema } };
        if (response.description === undefined || response.description === 'Default Response') response.description = ERROR_TEXT[status] ?? 'Error';
      }
      if (hasBody) collapseSingleAnyOf(operation.requestBody as Json);
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400 && response.description === 'Default Response') response.description = 'Success';
      }
    }
  }
  return pruneComponents(doc);
}

/**
 * The zod transform emits every named schema twice (`XInput` as parsed, `X` as written); keeps the ones the paths
 * use and names a request-only schema without the suffix.
 */
function pruneComponents(doc: Json): Json {
  const components = doc.components as { schemas?: Record<string, unknown> } | undefined;
  if (!components?.schemas) return doc;
  const schemas = components.schemas;
  const refsIn = (value: unknown) => [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  const used = new Set<string>();
  const queue = refsIn(doc.paths);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (used.has(name)) continue;
    used.add(name);
    queue.push(...refsIn(schemas[name]));
  }
  const kept: Record<string, unknown> = {};
  const renames = new Map<string, string>();
  for (const name of Object.keys(schemas)) {
    if (!used.has(name)) continue;
    const base = name.endsWith('Input') ? name.slice(0, -'Input'.length) : name;
    const target = base !== name && !used.has(base) ? base : name;
    if (target !== name) renames.set(name, target);
    kept[target] = schemas[name];
  }
  components.schemas = kept;
  if (renames.size === 0) return doc;
  const text = JSON.stringify(doc).replace(/"#\/components\/schemas\/([^"]+)"/g, (whole, name: string) =>
    renames.has(name) ? `"#/components/schemas/${renames.get(name)}"` : whole,
  );
  return JSON.parse(text) as Json;
}

/** A union of a JSON body and raw bytes documents as `anyOf` with one schema (bytes are not JSON Schema). */
function collapseSingleAnyOf(body: Json): void {
  for (const media of Object.values((body.content ?? {}) as Record<string, Json>)) {
    const schema = media.schema as Json | undefined;
    if (schema && Array.isArray(schema.anyOf) && schema.anyOf.length === 1) media.schema = schema.anyOf[0];
  }
}
