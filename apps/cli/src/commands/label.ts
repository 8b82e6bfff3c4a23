import { Command } from 'commander';
import { LABELER_NAMES, createLabeler, formatLabelEval, labelEval, labelFile, readLabelSetFile } from '@jobskill/labeling';
import { JobskillError } from '@jobskill/data';
import { examples, intOption, type CommandContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { printJson, println, resolveUserPath } from '../io.ts';
import { checkOutputPath } from '../output-path.ts';

/** Labelers whose factory reads a `model` option; any other ignores it, so `--model` with them is refused. */
const LABELERS_WITH_MODEL: readonly string[] = Object.freeze(['trained', 'zero-shot-nli', 'generative']);

const IN_FORMATS = ['parquet', 'csv', 'tsv', 'jsonl'] as const;

function inFormat(value: string | undefined): (typeof IN_FORMATS)[number] | undefined {
  if (value === undefined) return undefined;
  const format = IN_FORMATS.find((f) => f === value);
  if (!format) throw new UsageError(`unknown --format "${value}"; valid: ${IN_FORMATS.join(', ')}`);
  return format;
}

interface LabelOptions {
  in?: string;
  out?: string;
  labeler: string;
  model?: string;
  encoder?: string;
  skillsCol?: string;
  idCol?: string;
  format?: string;
  labels?: string;
  json?: boolean;
}

export function labelCommand(ctx: CommandContext): Command {
  const label = new Command('label')
    .description('label resumes with a role (score, evidence) from a parquet/CSV/JSONL file into JSONL/CSV')
    .option('--in <file>', 'resumes: parquet (reference schema), CSV, TSV or JSONL with a skills column')
    .option('--out <file>', 'output: .jsonl or .csv (role, score, labeler, evidence per resume)')
    .option('--labeler <name>', `one of: ${LABELER_NAMES.join(', ')}`, 'rules')
    .option('--model <id|path>', 'model for trained (model file; default: the built role classifier), zero-shot-nli / generative (hub id or local HF folder)')
    .option('--encoder <dir>', 'encoder folder for zero-shot (HF layout; default $JOBSKILL_ENCODER, else the embedded encoder)')
    .option('--skills-col <col>', 'skills column of CSV/JSONL input (default "skills")')
    .option('--id-col <col>', 'id column echoed into the output')
    .option('--format <fmt>', `input format (default: from the extension; ${IN_FORMATS.join(', ')})`)
    .option('--labels <file>', 'your own roles: one per line, or JSON with keywords/descriptions (see the CLI README); not for trained')
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill label --in ../shared/data/resumes/resumes.parquet --out labels.jsonl',
        'pnpm jobskill label --in resumes.csv --out labels.jsonl --labeler zero-shot --labels roles.txt',
        'pnpm jobskill label --in resumes.csv --skills-col Skills --out labels.csv --labeler rules-reference',
        'pnpm jobskill label --in resumes.parquet --out labels.jsonl --labeler zero-shot-nli --model Xenova/nli-deberta-v3-xsmall',
        'pnpm jobskill label --in resumes.parquet --out labels.jsonl --labeler zero-shot --encoder ./my-encoder',
        'pnpm jobskill label eval --data reviews.csv --text-col text --label-col label --folds 5',
      ),
    )
    .action(async (opts: LabelOptions, command: Command) => {
      // Checked here, not with requiredOption: commander would demand them of `label eval` too.
      if (opts.in === undefined || opts.out === undefined) throw new UsageError('label needs --in FILE and --out FILE');
      const format = inFormat(opts.format);
      if (opts.model !== undefined && !LABELERS_WITH_MODEL.includes(opts.labeler) && LABELER_NAMES.some((n) => n === opts.labeler)) {
        throw new JobskillError('OPTION_NOT_USED', `labeler "${opts.labeler}" takes no --model (it would be ignored); --model goes with ${LABELERS_WITH_MODEL.join(', ')}`);
      }
      // createLabeler names the valid labelers on an unknown name (exit 1, one line).
      if (opts.labels !== undefined && opts.labeler === 'trained') {
        throw new JobskillError('OPTION_NOT_USED', 'labeler "trained" predicts the roles it was trained on and takes no --labels; use rules, rules-reference, zero-shot, zero-shot-nli or generative');
      }
      if (opts.encoder !== undefined && opts.labeler !== 'zero-shot') throw new UsageError('--encoder applies to --labeler zero-shot only');
      checkOutputPath(resolveUserPath(ctx.io, opts.out), { inputs: [resolveUserPath(ctx.io, opts.in)] });
      const labelSet = opts.labels === undefined ? undefined : await readLabelSetFile(resolveUserPath(ctx.io, opts.labels));
      const labelerOptions = {
        ...(opts.model !== undefined ? { model: opts.model } : {}),
        ...(opts.encoder !== undefined ? { encoderDir: resolveUserPath(ctx.io, opts.encoder) } : {}),
        ...(labelSet !== undefined ? { labelSet } : {}),
      };
      const labeler = await createLabeler(opts.labeler, Object.keys(labelerOptions).length > 0 ? labelerOptions : undefined);
      try {
        const report = await labelFile({
          in: resolveUserPath(ctx.io, opts.in),
          out: resolveUserPath(ctx.io, opts.out),
          labeler,
          ...(format ? { inFormat: format } : {}),
          ...(opts.skillsCol ? { skillsCol: opts.skillsCol } : {}),
          ...(opts.idCol ? { idCol: opts.idCol } : {}),
        });
        if (ctx.json(command)) printJson(ctx.io, report);
        else {
          println(ctx.io, `labeled ${report.written} resumes with ${report.labeler} → ${report.out}`);
          println(ctx.io, `  no evidence: ${report.noEvidence}, abstained: ${report.abstained}, skipped rows: ${report.skipped}`);
          const roles = Object.entries(report.roles).sort((a, b) => b[1] - a[1]);
          for (const [role, n] of roles) println(ctx.io, `  ${String(n).padStart(6)}  ${role}`);
        }
      } finally {
        await labeler.dispose?.();
      }
    });

  label
    .command('eval')
    .description('cross-validate `trained` and run `zero-shot` (dataset label names) on any labeled text set')
    .requiredOption('--data <path>', 'labeled set: CSV, TSV, JSONL or parquet; or a folder of label folders of PDF/DOCX/text with --label-from folder')
    .option('--text-col <col>', 'column holding the text (tables)')
    .option('--label-col <col>', 'column holding the label (tables)')
    .option('--label-from <source>', "'column' (a table) or 'folder' (folder name = label)", 'column')
    .option('--folds <n>', 'stratified folds', intOption('--folds', 2, 100), 5)
    .option('--seed <n>', 'random seed', intOption('--seed', 0), 42)
    .option('--format <fmt>', `input format (default: from the extension; ${IN_FORMATS.join(', ')})`)
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill label eval --data labeled.csv --text-col text --label-col label',
        'pnpm jobskill label eval --data labeled.jsonl --text-col skills --label-col role --folds 10 --json',
        'pnpm jobskill label eval --data ../shared/data/resumes_pdf_categories --label-from folder --folds 5',
      ),
    )
    .action(async (opts: { data: string; textCol?: string; labelCol?: string; labelFrom: string; folds: number; seed: number; format?: string }, command: Command) => {
      const format = inFormat(opts.format);
      if (opts.labelFrom !== 'column' && opts.labelFrom !== 'folder') throw new UsageError(`unknown --label-from "${opts.labelFrom}"; valid: column, folder`);
      if (opts.labelFrom === 'column' && (opts.textCol === undefined || opts.labelCol === undefined)) {
        throw new UsageError('label eval on a table needs --text-col and --label-col (or --label-from folder for a folder of label folders)');
      }
      const result = await labelEval({
        file: resolveUserPath(ctx.io, opts.data),
        labelFrom: opts.labelFrom,
        ...(opts.textCol !== undefined ? { textCol: opts.textCol } : {}),
        ...(opts.labelCol !== undefined ? { labelCol: opts.labelCol } : {}),
        folds: opts.folds,
        seed: opts.seed,
        ...(format ? { format } : {}),
      });
      if (ctx.json(command)) printJson(ctx.io, result);
      else ctx.io.stdout.write(`${formatLabelEval(result).trimEnd()}\n`);
    });
  return label;
}
