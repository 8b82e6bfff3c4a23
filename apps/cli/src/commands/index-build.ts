import { Command } from 'commander';
import { buildDefaultIndex, defaultIndexDir, granularitySchema, quantizationSchema } from '@jobskill/retrieval';
import { examples, type CommandContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { printJson, println, resolveUserPath } from '../io.ts';
import { timedStep } from '../progress.ts';

export function indexCommand(ctx: CommandContext): Command {
  const index = new Command('index')
    .description('build the ESCO skill vector index (USearch HNSW) served by `skills` and `serve`')
    .addHelpText('after', examples('pnpm jobskill index build', 'pnpm jobskill index build --quantization i8 --json'));
  index
    .command('build')
    .description(`encode every ESCO skill with the embedded encoder and save the index (default ${defaultIndexDir()})`)
    .option('--out <dir>', 'index folder')
    .option('--quantization <q>', `vector type: ${quantizationSchema.options.join(', ')}`, 'f16')
    .option('--granularity <g>', `${granularitySchema.options.join(' | ')}: one vector per skill or per alias`, 'skill')
    .addHelpText('after', examples('pnpm jobskill index build', 'pnpm jobskill index build --out /tmp/esco-index --granularity alias'))
    .action(async (opts: { out?: string; quantization: string; granularity: string; json?: boolean }, command: Command) => {
      const quantization = quantizationSchema.safeParse(opts.quantization);
      if (!quantization.success) throw new UsageError(`unknown --quantization "${opts.quantization}"; valid: ${quantizationSchema.options.join(', ')}`);
      const granularity = granularitySchema.safeParse(opts.granularity);
      if (!granularity.success) throw new UsageError(`unknown --granularity "${opts.granularity}"; valid: ${granularitySchema.options.join(', ')}`);
      const dataDir = ctx.dataDir(command);
      const result = await timedStep(ctx.io, 'encoding the ESCO skills into the index', () =>
        buildDefaultIndex({
          dataDir,
          ...(opts.out !== undefined ? { indexDir: resolveUserPath(ctx.io, opts.out) } : {}),
          index: { quantization: quantization.data, granularity: granularity.data },
        }),
      );
      if (ctx.json(command)) printJson(ctx.io, result);
      else println(ctx.io, `indexed ${result.skills} skills → ${result.indexDir} (${result.seconds.toFixed(1)} s)`);
    });
  return index;
}
