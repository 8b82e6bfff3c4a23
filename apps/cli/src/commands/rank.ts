import { basename, dirname } from 'node:path';
import { Command } from 'commander';
import { loadTaskBDir } from '@jobskill/data';
import { writeTrecRun } from '@jobskill/eval';
import { GraphEvidenceReranker, corpusFromTaskB, createReranker, defaultTaskBSystems, loadEscoGraph, vacancyMemoryFor, type Reranker } from '@jobskill/retrieval';
import { createEncoderByName } from '@jobskill/encoders';
import { examples, type CommandContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { printJson, println, resolveUserPath } from '../io.ts';
import { checkOutputPath } from '../output-path.ts';
import { timedStep } from '../progress.ts';

/** The systems of `jobskill eval`; graph and LTR need ESCO from the data directory, job-ad evidence its TechWolf vacancies. */
const RANK_SYSTEMS = Object.freeze(['default', 'bm25', 'encoder-exact', 'encoder-ann', 'encoder+prf', 'encoder+graph', 'encoder+ltr', 'encoder+jobads']);
const NEEDS_ESCO = new Set(['encoder+graph', 'encoder+ltr']);
const USES_JOB_ADS = new Set(['default', 'encoder+jobads']);

/** `jobskill rank`: a TalentCLEF Task B submission run (TREC) for a directory with or without qrels. */
export function rankCommand(ctx: CommandContext): Command {
  return new Command('rank')
    .description('rank every corpus skill for every query of a Task B directory (qrels not needed) into a TREC run file')
    .requiredOption('--taskb-dir <dir>', 'Task B directory: queries and corpus_elements (qrels.tsv is not read)')
    .requiredOption('--out <file>', 'TREC run file (q_id Q0 doc_id rank score tag), written atomically')
    .option('--system <name>', `one of: ${RANK_SYSTEMS.join(', ')}`, 'default')
    .option('--tag <tag>', 'run tag (last TREC column); default: the system name')
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill rank --taskb-dir ../shared/data/talentclef2026_taskB_toy --out /tmp/run.trec',
        'pnpm jobskill rank --taskb-dir my_test_queries --out run.trec --system bm25 --tag team-bm25',
        'pnpm jobskill eval --run /tmp/run.trec --qrels ../shared/data/talentclef2026_taskB_toy/qrels.tsv',
      ),
    )
    .action(async (opts: { taskbDir: string; out: string; system: string; tag?: string }, command: Command) => {
      if (!RANK_SYSTEMS.includes(opts.system)) throw new UsageError(`unknown --system "${opts.system}"; valid: ${RANK_SYSTEMS.join(', ')}`);
      const tag = opts.tag ?? opts.system;
      if (!/^[A-Za-z0-9._+-]+$/.test(tag)) throw new UsageError(`--tag "${tag}" must be letters, digits, . _ + - (a TREC field)`);
      const out = resolveUserPath(ctx.io, opts.out);
      const data = await loadTaskBDir(resolveUserPath(ctx.io, opts.taskbDir));
      checkOutputPath(out, { inputs: [data.dir] });
      const corpus = corpusFromTaskB(data.corpus, `${basename(dirname(data.dir))}/${data.name}`);
      // Graph, LTR and `encoder+jobads` need the data directory; `default` uses it for job-ad evidence when there is one.
      let dataDir: string | undefined;
      if (NEEDS_ESCO.has(opts.system) || opts.system === 'encoder+jobads') dataDir = ctx.dataDir(command);
      else if (opts.system === 'default') {
        try {
          dataDir = ctx.dataDir(command);
        } catch {
          ctx.io.stderr.write('note: no data directory: `default` runs without job-ad evidence\n');
        }
      }
      const encoder = await timedStep(ctx.io, 'loading the encoder', () => createEncoderByName('embedded'));
      let reranker: Reranker | null = null;
      try {
        const vacancies = dataDir !== undefined && USES_JOB_ADS.has(opts.system) ? vacancyMemoryFor(dataDir, encoder) : null;
        if (vacancies === null && dataDir !== undefined && USES_JOB_ADS.has(opts.system)) {
          if (opts.system === 'encoder+jobads') throw new UsageError(`--system encoder+jobads needs techwolf_vacancies/job_skill.parquet and esco_v1.1.1 in ${dataDir}`);
          ctx.io.stderr.write(`note: no TechWolf vacancies in ${dataDir}: \`default\` runs without job-ad evidence\n`);
        }
        if (dataDir !== undefined && NEEDS_ESCO.has(opts.system)) {
          const graph = await loadEscoGraph(dataDir);
          reranker = opts.system === 'encoder+graph' ? await GraphEvidenceReranker.create({ encoder, graph }) : await createReranker('embedded', { encoder, graph });
        }
        const systems = defaultTaskBSystems({
          encoder,
          ...(opts.system === 'encoder+graph' ? { graphReranker: reranker } : {}),
          ...(opts.system === 'encoder+ltr' ? { embeddedReranker: reranker } : {}),
          vacancies,
        });
        const run = await timedStep(ctx.io, `ranking ${data.queries.length} queries × ${corpus.skills.length} skills`, () =>
          systems[opts.system]!({ data, corpus, shared: new Map() }),
        );
        await writeTrecRun(out, run, tag);
        const report = { dir: data.dir, system: opts.system, tag, queries: data.queries.length, corpusSize: corpus.skills.length, out };
        if (ctx.json(command)) printJson(ctx.io, report);
        else println(ctx.io, `ranked ${report.corpusSize} skills for ${report.queries} queries (${opts.system}) → ${out}`);
      } finally {
        await reranker?.dispose?.();
        await encoder.dispose();
      }
    });
}
