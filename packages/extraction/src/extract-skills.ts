import { openDefaultSkillExtractor } from './open-default.ts';
import type { ExtractionResult, SkillExtractor } from './types.ts';

const opened = new Map<string, Promise<SkillExtractor>>();

/** One-call extraction with the default extractor of a data dir (opened once per process and reused). */
export async function extractSkills(
  text: string,
  options: { dataDir: string; k?: number; threshold?: number },
): Promise<ExtractionResult> {
  const { dataDir, ...rest } = options;
  let extractor = opened.get(dataDir);
  if (!extractor) {
    extractor = openDefaultSkillExtractor({ dataDir });
    opened.set(dataDir, extractor);
    extractor.catch(() => opened.delete(dataDir));
  }
  return (await extractor).extract(text, rest);
}
