import { z } from 'zod';

export type ExtractionMethod = 'lexical' | 'dense' | 'combined';

export interface SkillMention {
  uri: string;
  label: string;
  score: number;
  /** Character offsets into the original text: text.slice(start, end) === surface. */
  start: number;
  end: number;
  surface: string;
  method: ExtractionMethod;
}

export interface ExtractedSkill {
  uri: string;
  label: string;
  score: number;
  mentions: SkillMention[];
}

export interface ExtractionResult {
  skills: ExtractedSkill[];
  mentions: SkillMention[];
  /** True when no skill cleared the threshold (skills is then empty). */
  abstained: boolean;
}

export interface SkillExtractor {
  readonly name: string;
  extract(text: string, options?: { k?: number; threshold?: number }): Promise<ExtractionResult>;
}

/** Longest text accepted (characters): ~1 MB is a few hundred resume pages; longer input is a TEXT_TOO_LONG error. */
export const MAX_TEXT_LENGTH = 1_000_000;

export const ExtractOptionsSchema = z
  .object({
    /** At most this many skills (best first); default 50. */
    k: z.number().int().positive().max(1000).optional(),
    /** Minimum skill score in [0, 1]; default: the extractor's calibrated threshold. */
    threshold: z.number().min(0).max(1).optional(),
  })
  .strict();
export type ExtractOptions = z.input<typeof ExtractOptionsSchema>;
