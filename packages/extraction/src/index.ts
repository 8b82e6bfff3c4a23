export type {
  ExtractionMethod,
  SkillMention,
  ExtractedSkill,
  ExtractionResult,
  SkillExtractor,
  ExtractOptions,
} from './types.ts';
export { ExtractionEngine, engineExtractor } from './extractor.ts';
export { openDefaultSkillExtractor, openDefaultExtractionEngine } from './open-default.ts';
export type { OpenExtractorOptions } from './open-default.ts';
export { extractSkills } from './extract-skills.ts';
export { evalSkillExtraction, formatExtractionTable } from './eval.ts';
export type { ExtractionEvalRow, ExtractionEvalReport } from './eval.ts';
