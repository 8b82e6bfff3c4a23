import { Command } from 'commander';
import { buildDefaultClassifier } from '@jobskill/labeling';
import { buildDefaultReranker } from '@jobskill/retrieval';
import { examples, type CommandContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { printJson, println, type CliIo } from '../io.ts';

interface BuildOutcome {
  model: string;
  dir: string;
  seconds: number;
  /** Headline quality figures the builder reports (dev MAP, CV accuracy…). */
  figures: Record<string, number>;
}

interface ModelBuilder {
  description: string;
  build(dataDir: string, log: (line: string) => void): Promise<BuildOutcome>;
}

/** The model builders, in dependency order (the re-ranker uses the encoder; the classifier needs neither). */
const BUILDERS: Readonly<Record<string, ModelBuilder>> = Object.freeze({
  encoder: {
    description: 'the embedded static encoder (ESCO-trained merged ensemble, HF folder layout) and its held-out build',
    async build(dataDir, log) {
      // @jobskill/models is build-time only: loaded when a build runs, not with every command.
      const { buildEmbeddedEncoders } = await import('@jobskill/models');
      const { served, heldOut } = await buildEmbeddedEncoders({ dataDir }, log);
      const figures: Record<string, number> = {};
      if (heldOut.dev) {
        figures['held-out build: dev MAP (mean of aliases)'] = heldOut.dev.merged.mapMeanOfAliases;
        figures['held-out build: dev MAP (best alias)'] = heldOut.dev.merged.mapBestAlias;
      }
      return { model: 'encoder', dir: served.dir, seconds: served.seconds.total + heldOut.seconds.total, figures };
    },
  },
  reranker: {
    description: 'the embedded learning-to-rank re-ranker (ESCO-derived queries; needs the encoder)',
    async build(dataDir, log) {
      const { dir, seconds, report } = await buildDefaultReranker({ dataDir, log, createdBy: 'jobskill model build' });
      return { model: 'reranker', dir, seconds, figures: { 'ESCO dev MAP encoder': report.devMap.encoder, 'ESCO dev MAP ltr': report.devMap.ltr } };
    },
  },
  classifier: {
    description: 'the default `trained` role classifier (rules-reference labels of resumes/resumes.parquet)',
    async build(dataDir, log) {
      const result = await buildDefaultClassifier({ dataDir, log });
      return { model: 'classifier', dir: result.dir, seconds: result.seconds, figures: { 'training accuracy': result.trainingAccuracy } };
    },
  },
});

/** Build log lines go to stderr on a terminal only, like progress bars. */
function logger(io: CliIo, verbose: boolean): (line: string) => void {
  const enabled = verbose || (io.stdout.isTTY === true && io.stderr.isTTY === true);
  return enabled ? (line) => io.stderr.write(`  ${line}\n`) : () => {};
}

export function modelCommand(ctx: CommandContext): Command {
  const model = new Command('model')
    .description('build the embedded models (encoder, re-ranker, classifier)')
    .addHelpText('after', examples('pnpm jobskill model build', 'pnpm jobskill model build --only encoder --json'));
  model
    .command('build')
    .description('build the embedded models into packages/*/artifacts (what `pnpm turbo run model` builds)')
    .option('--only <models...>', `build only these (${Object.keys(BUILDERS).join(', ')})`)
    .option('--verbose', 'print the build log even when not on a terminal')
    .addHelpText(
      'after',
      examples('pnpm jobskill model build', 'pnpm jobskill --data-dir ~/data model build --only encoder --json'),
    )
    .action(async (opts: { only?: string[]; verbose?: boolean; json?: boolean }, command: Command) => {
      const names = opts.only ?? Object.keys(BUILDERS);
      for (const name of names) {
        if (!Object.hasOwn(BUILDERS, name)) {
          throw new UsageError(`unknown model "${name}"; valid models: ${Object.keys(BUILDERS).join(', ')}`);
        }
      }
      const dataDir = ctx.dataDir(command);
      const log = logger(ctx.io, opts.verbose === true);
      const outcomes: BuildOutcome[] = [];
      for (const name of names) {
        log(`building ${name}: ${BUILDERS[name]!.description}`);
        const outcome = await BUILDERS[name]!.build(dataDir, log);
        outcomes.push(outcome);
        if (!ctx.json(command)) {
          const figures = Object.entries(outcome.figures)
            .map(([k, v]) => `${k} ${v.toFixed(4)}`)
            .join(', ');
          println(ctx.io, `${name}: ${outcome.dir} (${outcome.seconds.toFixed(1)} s${figures ? `; ${figures}` : ''})`);
        }
      }
      if (ctx.json(command)) printJson(ctx.io, { dataDir, models: outcomes });
    });
  return model;
}
