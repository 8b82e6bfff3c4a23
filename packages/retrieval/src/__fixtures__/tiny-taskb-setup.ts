// The set-up the tests on the tiny Task B corpus share: a temp folder, a tiny generated encoder (a real onnxruntime
// session through transformers.js) and the corpus, created in beforeAll and removed in afterAll.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadTaskBDir } from '@jobskill/data';
import { createEncoder, type HashedEncoder } from '@jobskill/encoders';
import { writeTinyEncoder } from '@jobskill/encoders/testing';
import { corpusFromTaskB, type SkillCorpus } from '../corpus/corpus.ts';

export const TASKB_TINY = new URL('./taskb-tiny', import.meta.url).pathname;

export interface TinyTaskB {
  /** The temp folder (the encoder is at `root/model`). */
  root: string;
  encoder: HashedEncoder;
  corpus: SkillCorpus;
}

/**
 * Registers the hooks and returns the object they fill: read its fields inside tests or in a beforeAll registered
 * after this call (hooks run in registration order).
 */
export function useTinyTaskB(tempPrefix: string): TinyTaskB {
  const tiny = {} as TinyTaskB;
  beforeAll(async () => {
    tiny.root = await mkdtemp(join(tmpdir(), tempPrefix));
    await writeTinyEncoder(join(tiny.root, 'model'));
    tiny.encoder = await createEncoder({ model: join(tiny.root, 'model') });
    tiny.corpus = corpusFromTaskB((await loadTaskBDir(TASKB_TINY)).corpus, 'taskb-tiny');
  });
  afterAll(async () => {
    await tiny.encoder?.dispose();
    if (tiny.root !== undefined) await rm(tiny.root, { recursive: true, force: true });
  });
  return tiny;
}
