import { Command } from 'commander';
import { openDefaultSkillSearch, validateTitle } from '@jobskill/retrieval';
import { examples, floatOption, intOption, type CommandContext } from '../context.ts';
import { printJson, println, resolveUserPath } from '../io.ts';

export function skillsCommand(ctx: CommandContext): Command {
  return new Command('skills')
    .description('rank the ESCO skills a job title needs (ESCO URI, label, score, evidence)')
    .argument('<title>', 'job title, e.g. "data scientist"')
    .option('-k, --k <n>', 'number of skills to print (up to the corpus size)', intOption('-k', 1, 1_000_000), 20)
    .option('--alpha <a>', 'final = α·bi-encoder + (1 − α)·re-ranker', floatOption('--alpha', 0, 1), 0.7)
    .option('--rerank', 'add the embedded LTR re-ranker (off by default: it gained < +0.01 MAP on job-ad titles)', false)
    .option('--no-rerank', 'first stage only: encoder + PRF + ANN index (the default)')
    .option('--index-dir <dir>', 'saved skill index (default: the one `index build` writes; built on first use)')
    .option('--encoder <dir>', 'encoder model folder (HF layout; default $JOBSKILL_ENCODER, else the embedded encoder)')
    .option('--reranker <dir>', 're-ranker folder, implies --rerank (default $JOBSKILL_RERANKER, else the embedded re-ranker)')
    .addHelpText(
      'after',
      examples('pnpm jobskill skills "data scientist"', 'pnpm jobskill skills "registered nurse" -k 50 --json', 'pnpm jobskill skills "welder" --no-rerank', 'pnpm jobskill skills "welder" --encoder ./my-encoder --reranker ./my-reranker'),
    )
    .action(async (title: string, opts: { k: number; alpha: number; rerank: boolean; indexDir?: string; encoder?: string; reranker?: string; json?: boolean }, command: Command) => {
      validateTitle(title); // fail fast, before loading models
      const served = await openDefaultSkillSearch({
        dataDir: ctx.dataDir(command),
        ...(opts.indexDir !== undefined ? { indexDir: resolveUserPath(ctx.io, opts.indexDir) } : {}),
        ...(opts.encoder !== undefined ? { encoder: resolveUserPath(ctx.io, opts.encoder) } : {}),
        ...(opts.reranker !== undefined ? { reranker: resolveUserPath(ctx.io, opts.reranker) } : {}),
        rerank: opts.rerank,
        log: (line) => ctx.io.stderr.write(`${line}\n`),
      });
      try {
        if (served.reranker !== null) opts.rerank = true;
        const hits = await served.retriever.search(title, { k: opts.k, rerank: opts.rerank, alpha: opts.alpha });
        if (ctx.json(command)) {
          // Same field names as the API (`uri`, not the library's `escoUri`).
          const skills = hits.map(({ rank, escoUri, ...rest }) => ({ rank, uri: escoUri, ...rest }));
          printJson(ctx.io, { title, k: opts.k, rerank: opts.rerank, alpha: opts.alpha, skills });
          return;
        }
        for (const hit of hits) {
          const why = [
            hit.evidence.bestAlias && hit.evidence.bestAlias !== hit.label ? `alias "${hit.evidence.bestAlias}"` : '',
            `bi ${hit.evidence.firstStageScore.toFixed(3)} (#${hit.evidence.firstStageRank})`,
            hit.evidence.rerankNormalized !== undefined ? `rerank ${hit.evidence.rerankNormalized.toFixed(3)}` : '',
          ].filter(Boolean);
          println(ctx.io, `${String(hit.rank).padStart(4)}  ${hit.score.toFixed(4)}  ${hit.importance === 'core' ? 'core' : 'ctx '}  ${hit.label}  <${hit.escoUri}>  [${why.join(', ')}]`);
        }
      } finally {
        await served.close();
      }
    });
}
