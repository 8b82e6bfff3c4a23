import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SkillExtractor } from '@jobskill/extraction';
import { Problem } from './schemas.ts';

// One text fits the body limit (1 MiB by default); the extractor refuses longer ones itself (TEXT_TOO_LONG).
const Text = z.string({ error: 'text must be a string' }).max(1_000_000, 'text must be at most 1,000,000 characters');
const K = z.int('k must be an integer').min(1, 'k must be at least 1').max(500, 'k must be at most 500').optional();
const Threshold = z.number('threshold must be a number').min(0, 'threshold must be at least 0').max(1, 'threshold must be at most 1').optional();

export const ExtractBody = z.strictObject({
  text: Text.describe('A job ad, a resume, a skills field: any free text (English)'),
  k: K.describe('At most this many skills (default 50)'),
  threshold: Threshold.describe('Keep skills scoring at least this (default: the method’s calibrated threshold)'),
});
export const ExtractBatchBody = z.strictObject({
  texts: z.array(Text).min(1, 'texts must hold at least one text').max(64, 'at most 64 texts per batch'),
  k: K,
  threshold: Threshold,
});

const Mention = z.object({
  uri: z.string().describe('ESCO skill URI'),
  label: z.string().describe('ESCO preferred label'),
  score: z.number(),
  start: z.int().describe('Start offset (UTF-16 code units) of the supporting span in the text'),
  end: z.int().describe('End offset (exclusive)'),
  surface: z.string().describe('The text of the span, as written'),
  method: z.enum(['lexical', 'dense', 'combined']),
});
export const ExtractionResultResponse = z.object({
  skills: z.array(z.object({ uri: z.string(), label: z.string(), score: z.number(), mentions: z.array(Mention) })).describe('Deduplicated skills, best first, each with every mention as evidence'),
  mentions: z.array(Mention).describe('Every mention, in text order'),
  abstained: z.boolean().describe('True when nothing cleared the threshold (or the text was empty)'),
});
export const ExtractBatchResponse = z.object({ results: z.array(ExtractionResultResponse) });

/** POST /v1/skills/extract and /v1/skills/extract:batch. */
export function extractRoutes(get: () => SkillExtractor) {
  return async (app: FastifyInstance): Promise<void> => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const optionsOf = (b: { k?: number | undefined; threshold?: number | undefined }) => ({
      ...(b.k !== undefined ? { k: b.k } : {}),
      ...(b.threshold !== undefined ? { threshold: b.threshold } : {}),
    });
    r.post(
      '/v1/skills/extract',
      {
        schema: {
          operationId: 'extractSkills',
          summary: 'ESCO skills in free text, each with the character spans that support it',
          tags: ['skills'],
          body: ExtractBody,
          response: { 200: ExtractionResultResponse, 400: Problem, 413: Problem, 503: Problem },
        },
      },
      async (request) => get().extract(request.body.text, optionsOf(request.body)),
    );
    r.post(
      '/v1/skills/extract::batch',
      {
        schema: {
          operationId: 'extractSkillsBatch',
          summary: 'ESCO skills in many texts (results in input order)',
          tags: ['skills'],
          body: ExtractBatchBody,
          response: { 200: ExtractBatchResponse, 400: Problem, 413: Problem, 503: Problem },
        },
      },
      async (request) => {
        const extractor = get();
        const results = [];
        // request.deadline.signal, not request.signal: fastify 5 aborts the latter once the body is read.
        const signal = request.deadline.signal;
        for (const text of request.body.texts) {
          signal.throwIfAborted();
          results.push(await extractor.extract(text, optionsOf(request.body)));
        }
        return { results };
      },
    );
  };
}
