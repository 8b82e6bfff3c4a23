import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DocumentError, extractDocumentText, parseResumeSections, sniffDocumentFormat } from '@jobskill/data';
import { ApiError } from './problem.ts';
import { Problem } from './schemas.ts';

/** Largest PDF accepted by /v1/resumes/parse (a resume is rarely above 1 MB). */
export const MAX_RESUME_BYTES = 10 * 1024 * 1024;

const ResumeSection = z.object({
  kind: z.enum(['headline', 'summary', 'skills', 'experience', 'education', 'other']),
  start: z.int(),
  end: z.int(),
  text: z.string(),
  heading: z.string().optional(),
});
const ExperienceEntry = z.object({
  title: z.string(),
  employer: z.string().optional(),
  dates: z.string().optional(),
  start: z.int(),
  end: z.int(),
});
export const ResumeParseResponse = z.object({
  text: z.string(),
  pages: z.int(),
  headline: z.string().nullable(),
  sections: z.array(ResumeSection),
  experience: z.array(ExperienceEntry),
});
export const ResumeParseJsonBody = z.strictObject({ text: z.string().min(1).max(200_000) });

// Status per document failure: unreadable uploads are 400, readable but textless ones 422, other types 415.
const STATUS: Record<string, number> = { EMPTY_FILE: 400, CORRUPT_FILE: 400, ENCRYPTED_FILE: 422, NO_TEXT_LAYER: 422, UNSUPPORTED_FORMAT: 415 };

/**
 * POST /v1/resumes/parse: a PDF as raw bytes (application/pdf) or JSON { text } → the text, its pages,
 * sections with offsets, the headline and the experience entries. Scoped plugin: the PDF body parser
 * and its larger body limit apply to this route only.
 */
export async function resumeRoutes(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: MAX_RESUME_BYTES }, (_request, body, done) => done(null, body));
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/resumes/parse',
    {
      bodyLimit: MAX_RESUME_BYTES,
      schema: {
        operationId: 'parseResume', summary: 'Parse a resume (PDF bytes as application/pdf, or JSON { text }) into text, sections, headline and experience',
        tags: ['resumes'],
        body: z.union([ResumeParseJsonBody, z.instanceof(Buffer)]),
        response: { 200: ResumeParseResponse, 400: Problem, 413: Problem, 415: Problem, 422: Problem },
      },
    },
    async (request) => {
      const body = request.body as Buffer | { text: string };
      let text: string;
      let pages = 1;
      if (Buffer.isBuffer(body)) {
        const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
        if (bytes.length > 0 && sniffDocumentFormat(bytes) !== 'pdf') {
          throw new ApiError(400, 'CORRUPT_FILE: body is not a PDF (it does not start with %PDF-)');
        }
        try {
          const doc = await extractDocumentText(bytes, 'pdf', 'upload.pdf');
          text = doc.text;
          pages = doc.pages;
        } catch (error) {
          if (error instanceof DocumentError) throw new ApiError(STATUS[error.code] ?? 400, `${error.code}: ${error.message}`);
          throw error;
        }
      } else {
        text = body.text;
      }
      return { text, pages, ...parseResumeSections(text) };
    },
  );
}
