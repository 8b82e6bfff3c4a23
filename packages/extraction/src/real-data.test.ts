import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEncoderDir, type Encoder } from '@jobskill/encoders';
import { corpusFromEsco, SkillIndex } from '@jobskill/retrieval';
import { openDefaultExtractionEngine, openDefaultSkillExtractor } from './open-default.ts';

const dataDir = process.env.JOBSKILL_DATA_DIR ?? '';
const ready = dataDir !== '' && existsSync(join(dataDir, 'esco_v1.1.1')) && existsSync(join(defaultEncoderDir(), 'config.json'));

describe.skipIf(!ready)('default extractor on ESCO v1.1.1 (needs JOBSKILL_DATA_DIR and the built encoder)', () => {
  it('extracts lexical and paraphrased skills with spans, abstains on no-skill text', async () => {
    const extractor = await openDefaultSkillExtractor({ dataDir });
    const text = 'Senior developer: Java, Python and SQL; you will manage a small team.';
    const result = await extractor.extract(text, { k: 10 });
    const labels = result.skills.map((s) => s.label);
    expect(labels).toContain('Java (computer programming)');
    expect(labels).toContain('SQL');
    for (const m of result.mentions) expect(text.slice(m.start, m.end)).toBe(m.surface);
    for (const s of result.skills) expect(s.mentions.length).toBeGreaterThan(0);
    const none = await extractor.extract('zzz qqq', { threshold: 0.9 });
    expect(none.abstained).toBe(true);
  }, 120_000);

  it('uses the shared encoder and skill index when given one (no second copy): a foreign index is refused', async () => {
    const encoder: Encoder = { id: 'tiny', dimensions: 4, encode: async (texts) => texts.map(() => Float32Array.of(1, 0, 0, 0)), dispose: async () => undefined };
    const corpus = corpusFromEsco([{ uri: 'http://example.org/skill/x', preferredLabel: 'x', altLabels: [] }], 'tiny');
    const index = await SkillIndex.build(corpus, encoder, { backend: 'exact' });
    await expect(openDefaultExtractionEngine({ dataDir, shared: { encoder, index } })).rejects.toMatchObject({ code: 'INDEX_MISMATCH' });
  }, 120_000);
});
