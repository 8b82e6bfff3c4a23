import { JobskillError, loadTextRows, parseOptions } from '@jobskill/data';
import { openDefaultSkillSearch } from '@jobskill/retrieval';
import { z } from 'zod';
import { rejectedRows, runInBlocks } from './run-rows.ts';
import type { BatchTask } from './types.ts';

export const SkillsTaskOptionsSchema = z
  .object({
    k: z.number().int().min(1).max(13_896).default(10),
    rerank: z.boolean().default(true),
    /** Title column of CSV/TSV/JSONL/parquet input (a .txt file has one title per line). */
    textCol: z.string().min(1).default('title'),
    idCol: z.string().min(1).optional(),
  })
  .strict();
export type SkillsTaskOptions = z.output<typeof SkillsTaskOptionsSchema>;

/** Job titles → their ranked ESCO skills (as `jobskill skills`), one load of the models per worker. */
export const skillsTask: BatchTask<SkillsTaskOptions> = {
  name: 'skills',
  parseOptions: (value) => parseOptions(SkillsTaskOptionsSchema, value ?? {}, { what: 'batch task "skills"' }),
  async readInput(file, options) {
    const { records, skipped } = await loadTextRows(file, { lenient: true, textCol: options.textCol, ...(options.idCol ? { idCol: options.idCol } : {}), maxTextLength: 1000 });
    return {
      rows: records.map((r) => ({ index: r.row, id: r.id, input: r.text })),
      rejected: rejectedRows(skipped),
    };
  },
  async open(options, { dataDir }) {
    if (dataDir === undefined) throw new JobskillError('DATA_DIR_NOT_FOUND', 'the skills task reads ESCO: start the worker with --data-dir DIR or JOBSKILL_DATA_DIR');
    const search = await openDefaultSkillSearch({ dataDir, rerank: options.rerank });
    return {
      run: (rows) =>
        runInBlocks(rows, 64, async (block) => {
          const lists = await search.retriever.searchMany(block.map((row) => row.input as string), { k: options.k });
          return block.map((row, i) => ({
            title: row.input,
            skills: lists[i]!.map((hit) => ({ rank: hit.rank, uri: hit.escoUri, label: hit.label, score: hit.score })),
          }));
        }),
      close: () => search.close(),
    };
  },
};
