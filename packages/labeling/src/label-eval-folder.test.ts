import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHashingEncoder } from '@jobskill/encoders';
import { describeLabelName } from './label-name-descriptions.ts';
import { formatLabelEval, labelEval, withoutHeadline } from './label-eval.ts';

const CHEF = ['menu planning kitchen staff food preparation', 'culinary arts restaurant line cook', 'pastry kitchen sanitation menu'];
const TEACHER = ['lesson plans classroom students curriculum', 'teaching students grading classroom', 'curriculum design lesson students'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'jobskill-label-folder-'));
  for (const [label, texts] of [['CHEF', CHEF], ['TEACHER', TEACHER]] as const) {
    await mkdir(join(dir, label));
    for (let i = 0; i < 6; i++) await writeFile(join(dir, label, `${i}.txt`), `${label} ${i}\nSkills\n${texts[i % 3]} ${i}\n`);
  }
  await writeFile(join(dir, 'CHEF', 'empty.txt'), '');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('label eval on a folder of label folders', () => {
  it('cross-validates trained and zero-shot on whole text and without headline, reporting files without text', async () => {
    const result = await labelEval({ file: dir, labelFrom: 'folder', folds: 3, encoder: createHashingEncoder() });
    expect(result.documents).toMatchObject({ total: 13, withText: 12, noText: 1, byReason: { 'empty-file': 1 } });
    expect(result.documents!.failures[0]!.file).toContain('empty.txt');
    expect(result.labels).toEqual([{ label: 'CHEF', count: 6 }, { label: 'TEACHER', count: 6 }]);
    expect(result.labelers.map((l) => `${l.labeler}/${l.variant}`)).toEqual([
      'trained/whole text', 'trained/without headline', 'zero-shot/whole text', 'zero-shot/without headline',
    ]);
    // The two vocabularies do not overlap: trained separates them.
    expect(result.labelers[1]!.accuracy).toBe(1);
    expect(result.labelers[0]!.perClass.map((c) => c.support)).toEqual([6, 6]);
    expect(formatLabelEval(result)).toContain('Per class (F1)');
  });

  it('trained reads resume sections as blocks of their own by default (documents only); zero-shot weighs the headline', async () => {
    const encoder = createHashingEncoder();
    const withBlocks = await labelEval({ file: dir, labelFrom: 'folder', folds: 3, encoder });
    expect(withBlocks.labelers[0]!.note).toContain('blocks for headline, experienceTitles, skills');
    expect(withBlocks.labelers[2]!.note).toContain('title weight 1');
    const plain = await labelEval({ file: dir, labelFrom: 'folder', folds: 3, encoder, sectionBlocks: [], titleWeight: 0 });
    expect(plain.labelers[0]!.note).not.toContain('blocks for');
    expect(plain.labelers[2]!.note).toContain('title weight 0');
  });

  it('drops only the headline line, and expands known label names', () => {
    expect(withoutHeadline('HEAD CHEF\nSkills\nPastry')).toBe('Skills\nPastry');
    expect(describeLabelName('INFORMATION-TECHNOLOGY').terms).toContain('information technology');
    expect(describeLabelName('WELDER').terms).toEqual(['welder']);
  });
});
