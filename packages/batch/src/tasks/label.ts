import { loadResumes, parseOptions } from '@jobskill/data';
import { LABELER_NAMES, createLabeler, inputFromResume, type LabelerInput } from '@jobskill/labeling';
import { z } from 'zod';
import { rejectedRows, runInBlocks } from './run-rows.ts';
import type { BatchTask } from './types.ts';

export const LabelTaskOptionsSchema = z
  .object({
    labeler: z.enum(LABELER_NAMES as unknown as [string, ...string[]]).default('rules'),
    /** Model for labelers that take one (trained: model file; zero-shot-nli/generative: hub id or folder). */
    model: z.string().min(1).optional(),
    /** Skills column of CSV/JSONL input (default: the reference schema's). */
    skillsCol: z.string().min(1).optional(),
    idCol: z.string().min(1).optional(),
  })
  .strict();
export type LabelTaskOptions = z.output<typeof LabelTaskOptionsSchema>;

/** Resumes (parquet / CSV / TSV / JSONL, as `jobskill label --in`) → a role per resume. */
export const labelTask: BatchTask<LabelTaskOptions> = {
  name: 'label',
  parseOptions: (value) => parseOptions(LabelTaskOptionsSchema, value ?? {}, { what: 'batch task "label"' }),
  async readInput(file, options) {
    const columns = { ...(options.skillsCol ? { skills: options.skillsCol } : {}), ...(options.idCol ? { id: options.idCol } : {}) };
    const { records, skipped } = await loadResumes(file, { lenient: true, columns });
    return {
      rows: records.map((record) => ({ index: record.row, id: record.id, input: inputFromResume(record) })),
      rejected: rejectedRows(skipped),
    };
  },
  async open(options) {
    const labeler = await createLabeler(options.labeler, options.model !== undefined ? { model: options.model } : undefined);
    return {
      run: (rows) => runInBlocks(rows, 256, (block) => labeler.label(block.map((row) => row.input as LabelerInput))),
      close: async () => {
        await labeler.dispose?.();
      },
    };
  },
};
