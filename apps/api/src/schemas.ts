import { z } from 'zod';
import { EvalReportSchema } from '@jobskill/eval';
import { serializeWithJsonStringify } from './serializer.ts';

/** Request limits. Job titles are short; anything longer is a client bug, not a title. */
export const LIMITS = Object.freeze({
  maxTitleChars: 512,
  maxK: 1000,
  maxBatchK: 100,
  maxBatchTitles: 256,
  maxSkills: 1000,
  maxSkillChars: 500,
  maxResumeChars: 100_000,
  maxBatchResumes: 256,
  maxLabelerNameChars: 64,
});

const title = z
  .string({ error: 'title must be a string' })
  .trim()
  .min(1, 'title must not be empty')
  .max(LIMITS.maxTitleChars, `title must be at most ${LIMITS.maxTitleChars} characters`)
  .describe('Job title, e.g. "data scientist"');

const k = (max: number) =>
  z
    .int({ error: 'k must be an integer' })
    .min(1, 'k must be at least 1')
    .max(max, `k must be at most ${max}`)
    .default(20)
    .describe(`Number of skills to return (1..${max}, and at most the corpus size)`);

const rerank = z
  .boolean({ error: 'rerank must be a boolean' })
  .default(false)
  .describe('Apply the second-stage re-ranker when the server loaded one (the default server serves the first stage only)');
const alpha = z
  .number({ error: 'alpha must be a number' })
  .min(0, 'alpha must be in [0, 1]')
  .max(1, 'alpha must be in [0, 1]')
  .default(0.7)
  .describe('final = alpha·bi-encoder + (1 − alpha)·re-ranker');

export const SkillSearchBody = z.strictObject({ title, k: k(LIMITS.maxK), rerank, alpha });
export type SkillSearchBody = z.infer<typeof SkillSearchBody>;

export const SkillSearchBatchBody = z.strictObject({
  titles: z
    .array(title, { error: 'titles must be an array of strings' })
    .min(1, 'titles must not be empty')
    .max(LIMITS.maxBatchTitles, `at most ${LIMITS.maxBatchTitles} titles per batch`),
  k: k(LIMITS.maxBatchK),
  rerank,
  alpha,
});
export type SkillSearchBatchBody = z.infer<typeof SkillSearchBatchBody>;

export const SkillEvidenceSchema = z
  .looseObject({
    stage: z.string().describe('reranked: a first-stage candidate the re-ranker scored; candidate: a first-stage candidate (no re-ranker ran); rest: the corpus tail in exact first-stage order'),
    firstStageScore: z.number().describe('cosine similarity of title and skill (raw, not normalized)'),
    firstStageRank: z.int().describe('1-based rank in the first stage; 0 for a skill added from outside it (re-ranker proposal or job-ad evidence)'),
    source: z
      .enum(['first-stage', 'proposed', 'job-ads'])
      .optional()
      .describe(
        'first-stage: found by the vector index; proposed: added by the re-ranker from ESCO-graph evidence; job-ads: listed by the ads of the nearest posted job titles (firstStageRank 0 for both)',
      ),
    neighbourScore: z
      .number()
      .optional()
      .describe('vacancy-neighbour evidence in [0, 1]: how often the ads of the nearest posted job titles list this skill (added to the first-stage score)'),
    priorScore: z
      .number()
      .optional()
      .describe('job-ad prior: 0.5 × (share of all the posted ads that list this skill)^0.25, added to the score (what nearly every ad asks for)'),
    rerankScore: z.number().optional().describe('raw re-ranker score, when the re-ranker saw this skill'),
    rerankNormalized: z.number().optional().describe('re-ranker score min-max normalized over the candidates, in [0, 1]'),
    bestAlias: z.string().optional().describe('the skill alias closest to the title'),
    bestAliasScore: z.number().optional().describe('cosine of the title and bestAlias'),
  })
  .describe('Why the skill ranks here');

export const SkillHitSchema = z.object({
  rank: z.int().describe('1-based rank'),
  uri: z.string().describe('ESCO skill URI'),
  label: z.string().describe('ESCO preferred label'),
  score: z.number().describe('ranking score, normalized per list (the best hit is near 1 whatever the title): compare within one answer only'),
  calibratedScore: z
    .number()
    .optional()
    .describe('absolute: P(ESCO lists this skill for an occupation with this title | cosine) × confidence, calibrated on a dev set carved from training data'),
  importance: z.enum(['core', 'contextual']).describe('estimated grade: core (what the job is about) or contextual'),
  evidence: SkillEvidenceSchema,
});

export const SearchConfidenceSchema = z
  .object({
    confidence: z.number().describe('P(the title is a job title the encoder can read), calibrated; in [0, 1]'),
    lowConfidence: z.boolean().describe('confidence < 0.5: treat the skills as guesses'),
    outOfVocabulary: z.boolean().describe('fewer than half of the title words are in the encoder vocabulary (English ESCO labels), or it has none'),
    coverage: z.number().describe('share of the title words the encoder knows'),
    topCosine: z.number().describe('raw cosine of the title and its closest returned skill'),
    unknownWords: z.array(z.string()).describe('title words the encoder does not know'),
    note: z.string().optional().describe('a sentence for people when lowConfidence or outOfVocabulary, e.g. "it knows English job titles only"'),
  })
  .describe('How far this answer can be trusted (packages/retrieval README, "Confidence")');

export const SkillSearchResponse = z.object({
  title: z.string(),
  k: z.int(),
  rerank: z.boolean(),
  alpha: z.number(),
  skills: z.array(SkillHitSchema),
  confidence: SearchConfidenceSchema.optional(),
});

export const SkillSearchBatchResponse = serializeWithJsonStringify(z.object({
  k: z.int(),
  rerank: z.boolean(),
  alpha: z.number(),
  results: z.array(z.object({ title: z.string(), skills: z.array(SkillHitSchema), confidence: SearchConfidenceSchema.optional() })),
}));

const labeler = z
  .string({ error: 'labeler must be a string' })
  .min(1, 'labeler must not be empty')
  .max(LIMITS.maxLabelerNameChars, `labeler must be at most ${LIMITS.maxLabelerNameChars} characters`)
  .optional()
  .describe('Labeler name (GET /v1/roles lists them); default: the server default');

const skills = z
  .array(
    z.string({ error: 'skills must be strings' }).max(LIMITS.maxSkillChars, `a skill must be at most ${LIMITS.maxSkillChars} characters`),
    { error: 'skills must be an array of strings' },
  )
  .max(LIMITS.maxSkills, `at most ${LIMITS.maxSkills} skills`)
  .describe('Parsed skills; an empty list gives an explicit "no evidence" answer');
const resume = z
  .string({ error: 'resume must be a string' })
  .max(LIMITS.maxResumeChars, `resume must be at most ${LIMITS.maxResumeChars} characters`)
  .describe('Resume text (its skills are parsed by the labeler)');

/** One resume: exactly one of `skills` or `resume`. */
const resumeInput = z
  .strictObject({ skills: skills.optional(), resume: resume.optional() })
  .refine((v) => (v.skills === undefined) !== (v.resume === undefined), 'send exactly one of "skills" or "resume"');

export const RoleLabelBody = z
  .strictObject({ skills: skills.optional(), resume: resume.optional(), labeler })
  .refine((v) => (v.skills === undefined) !== (v.resume === undefined), 'send exactly one of "skills" or "resume"');
export type RoleLabelBody = z.infer<typeof RoleLabelBody>;

export const RoleLabelBatchBody = z.strictObject({
  items: z
    .array(resumeInput, { error: 'items must be an array of { skills } or { resume } objects' })
    .min(1, 'items must not be empty')
    .max(LIMITS.maxBatchResumes, `at most ${LIMITS.maxBatchResumes} items per batch`),
  labeler,
});
export type RoleLabelBatchBody = z.infer<typeof RoleLabelBatchBody>;

export const RoleLabelResponse = z.object({
  role: z.string().nullable().describe('null only when the label set has no fallback role and there was no evidence'),
  score: z.number(),
  labeler: z.string(),
  evidence: z.array(z.string()),
  scores: z.record(z.string(), z.number()).describe('Score per role'),
  noEvidence: z.boolean(),
  abstained: z.boolean().optional(),
  ties: z.array(z.string()).optional(),
});

export const RoleLabelBatchResponse = z.object({ labeler: z.string(), results: z.array(RoleLabelResponse) });

export const RolesResponse = z.object({
  roles: z.array(z.string()),
  labelers: z.array(z.string()),
  defaultLabeler: z.string(),
});

export const HealthResponse = z.object({ status: z.literal('ok') });
export const ReadyResponse = z.object({
  status: z.literal('ready'),
  corpusSize: z.int(),
  labelers: z.array(z.string()),
});

/** RFC 9457 problem details. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  issueCount: z.int().optional(),
});
export type Problem = z.infer<typeof Problem>;

export const OccupationSuggestQuery = z.strictObject({
  q: z.string({ error: 'q must be a string' }).max(LIMITS.maxTitleChars, `q must be at most ${LIMITS.maxTitleChars} characters`).describe('What the user typed so far'),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be an integer')
    .min(1, 'limit must be at least 1')
    .max(50, 'limit must be at most 50')
    .default(10)
    .describe('At most this many suggestions (1..50)'),
});

export const OccupationSuggestResponse = z.object({
  q: z.string(),
  suggestions: z.array(
    z.object({
      label: z.string().describe('ESCO occupation title (preferred or alternative label)'),
      uri: z.string().describe('ESCO occupation URI'),
      preferredLabel: z.string(),
    }),
  ),
});

/** The latest eval tables (written by `jobskill eval`; @jobskill/eval EvalReportSchema). */
export const EvalReportResponse = EvalReportSchema;
export const SkillIdParams = z.object({ id: z.string().min(1).max(300).describe('ESCO skill id (the URI tail) or the URL-encoded URI') });
const SkillRef = z.object({ uri: z.string(), label: z.string() });
export const SkillRecordResponse = z.object({
  uri: z.string(),
  id: z.string(),
  label: z.string(),
  aliases: z.array(z.string()),
  description: z.string(),
  type: z.string().describe('skill/competence | knowledge'),
  reuseLevel: z.string(),
  occupations: z.array(SkillRef.extend({ relation: z.enum(['essential', 'optional']) })),
  relatedSkills: z.array(SkillRef.extend({ sharedOccupations: z.int() })).describe('skills sharing the most ESCO occupations with this one'),
});
export const SkillFindQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).describe('text to complete: prefix of a label or alias'),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
export const SkillFindResponse = z.object({
  q: z.string(),
  results: z.array(SkillRef.extend({ id: z.string(), matched: z.string().describe('the label or alias that matched') })),
});
