import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { JobskillError } from '@jobskill/data';
import type { ResumeMatcher, OccupationSearch } from '@jobskill/matching';
import { ApiError } from './problem.ts';
import { Problem } from './schemas.ts';

/** What the occupation / match routes need; absent (503) until the services provide it. */
export interface MatchingServices {
  occupations: OccupationSearch;
  matcher: ResumeMatcher;
}

const Title = z.string().trim().min(1).max(300);
export const OccupationSearchBody = z.strictObject({ title: Title, k: z.int().min(1).max(3007).default(10) });
const OccupationResult = z.object({ uri: z.string(), label: z.string(), score: z.number(), code: z.string().optional() });
export const OccupationSearchResponse = z.object({ results: z.array(OccupationResult) });
const Skills = z.array(z.string().min(1).max(300)).min(1).max(2000);
const ResumeText = z.string().trim().min(1).max(200_000);
export const MatchBody = z
  .strictObject({ resume: ResumeText.optional(), skills: Skills.optional(), title: Title, k: z.int().min(1).max(20).default(3) })
  .refine((b) => (b.resume === undefined) !== (b.skills === undefined), { message: 'give exactly one of resume (text) or skills' });
const Importance = z.enum(['core', 'contextual']);
export const MatchResponse = z.object({
  score: z.number().min(0).max(1),
  title: z.string(),
  covered: z.array(z.object({ uri: z.string(), label: z.string(), importance: Importance, evidence: z.object({ start: z.int(), end: z.int(), surface: z.string() }).nullable() })),
  missing: z.array(z.object({ uri: z.string(), label: z.string(), importance: Importance })),
  occupations: z.array(z.object({ uri: z.string(), label: z.string(), score: z.number() })),
  unresolvedSkills: z.array(z.string()).optional(),
});
export const MatchRankBody = z.strictObject({
  title: Title,
  resumes: z
    .array(z.union([z.strictObject({ id: z.string().min(1), text: ResumeText }), z.strictObject({ id: z.string().min(1), skills: Skills })]))
    .min(1)
    .max(1000),
});
export const MatchRankResponse = z.object({ title: z.string(), ranking: z.array(z.object({ id: z.string(), score: z.number() })) });

function noExtractor(error: unknown): never {
  if (error instanceof JobskillError && error.code === 'EXTRACTOR_UNAVAILABLE') throw new ApiError(501, `${error.code}: ${error.message}`);
  throw error;
}

/** POST /v1/occupations/search, /v1/match, /v1/match:rank. */
export function matchRoutes(get: () => MatchingServices) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/occupations/search',
      { schema: { operationId: 'searchOccupations', summary: 'Ground a job title to ESCO occupations', tags: ['occupations'], body: OccupationSearchBody, response: { 200: OccupationSearchResponse, 400: Problem, 503: Problem } } },
      async (request) => ({ results: await get().occupations.search(request.body.title, { k: request.body.k }) }),
    );
    r.post(
      '/v1/match',
      { schema: { operationId: 'matchResume', summary: 'Match a resume (text or skills) against a job title: score = importance-weighted share of the job’s ESCO skills covered', tags: ['match'], body: MatchBody, response: { 200: MatchResponse, 400: Problem, 501: Problem, 503: Problem } } },
      async (request) => {
        const { title, k, resume, skills } = request.body;
        const input = skills !== undefined ? { title, skills } : { title, resume: resume! };
        return get().matcher.match(input, { occupations: k }).catch(noExtractor);
      },
    );
    r.post(
      '/v1/match::rank', // '::' is a literal ':' in a fastify path
      { schema: { operationId: 'rankResumes', summary: 'Rank many resumes for one job title (a shortlist)', tags: ['match'], body: MatchRankBody, response: { 200: MatchRankResponse, 400: Problem, 501: Problem, 503: Problem } } },
      async (request) => get().matcher.rank(request.body.title, request.body.resumes).catch(noExtractor),
    );
  };
}
