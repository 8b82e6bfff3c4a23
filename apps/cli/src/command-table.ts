import type { Command } from 'commander';
import type { CommandContext } from './context.ts';

/**
 * Every top-level command: the module that defines it (imported only when that command runs, so `--help` and a
 * command's start do not load the whole workspace: fastify, onnxruntime, BullMQ …) and its name, usage and
 * description for the top-level help. `command-table.test.ts` checks the stubs against the real commands.
 */
export interface CommandEntry {
  names: readonly string[];
  stubs: readonly { name: string; usage: string; description: string }[];
  load(ctx: CommandContext): Promise<Command[]>;
}

const stub = (name: string, usage: string, description: string) => ({ name, usage, description });

export const COMMAND_TABLE: readonly CommandEntry[] = Object.freeze([
  {
    names: ['data'],
    stubs: [
      stub('data', '[options] [command]', 'inspect or download the data directory'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/data.ts');
      return [m.dataCommand(ctx)];
    },
  },
  {
    names: ['model'],
    stubs: [
      stub('model', '[options] [command]', 'build the embedded models (encoder, re-ranker, classifier)'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/model.ts');
      return [m.modelCommand(ctx)];
    },
  },
  {
    names: ['index'],
    stubs: [
      stub('index', '[options] [command]', 'build the ESCO skill vector index (USearch HNSW) served by `skills` and `serve`'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/index-build.ts');
      return [m.indexCommand(ctx)];
    },
  },
  {
    names: ['skills'],
    stubs: [
      stub('skills', '[options] [title]', 'rank the ESCO skills a job title needs (ESCO URI, label, score, evidence); many titles with --in/--out'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/skills.ts');
      return [m.skillsCommand(ctx)];
    },
  },
  {
    names: ['skill'],
    stubs: [
      stub('skill', '[options] [command]', 'look ESCO skills up: `show ID` (label, aliases, description, occupations, related skills), `find TEXT` (autocomplete)'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/skill.ts');
      return [m.skillCommand(ctx)];
    },
  },
  {
    names: ['label'],
    stubs: [
      stub('label', '[options] [command]', 'label resumes with a role (score, evidence) from a parquet/CSV/JSONL file into JSONL/CSV'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/label.ts');
      return [m.labelCommand(ctx)];
    },
  },
  {
    names: ['eval'],
    stubs: [
      stub('eval', '[options]', 'evaluate the retrieval systems on TalentCLEF Task B directories (MAP, MRR, nDCG, P@k, paired significance), or score TREC runs against qrels'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/eval.ts');
      return [m.evalCommand(ctx)];
    },
  },
  {
    names: ['rank'],
    stubs: [
      stub('rank', '[options]', 'rank every corpus skill for every query of a Task B directory (qrels not needed) into a TREC run file'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/rank.ts');
      return [m.rankCommand(ctx)];
    },
  },
  {
    names: ['extract'],
    stubs: [
      stub('extract', '[options] [command] [text]', 'extract ESCO skills from free text, with the span of every mention'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/extract.ts');
      return [m.extractCommand(ctx)];
    },
  },
  {
    names: ['resume'],
    stubs: [
      stub('resume', '[options] [command]', 'read resumes (PDF, DOCX, text)'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/resume.ts');
      return [m.resumeCommand(ctx)];
    },
  },
  {
    names: ['occupations', 'match'],
    stubs: [
      stub('occupations', '[options] [command]', 'ESCO occupations'),
      stub('match', '[options]', 'match a resume against a job title: score in [0,1] = importance-weighted share of the job’s ESCO skills the resume covers'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/match.ts');
      return [m.occupationsCommand(ctx), m.matchCommand(ctx)];
    },
  },
  {
    names: ['serve'],
    stubs: [
      stub('serve', '[options]', 'serve the HTTP API and the web page at / (skills search, role labeling, OpenAPI docs at /docs)'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/serve.ts');
      return [m.serveCommand(ctx)];
    },
  },
  {
    names: ['batch', 'worker'],
    stubs: [
      stub('batch', '[options] [command]', 'batch jobs on a Redis queue (BullMQ): submit, then run `jobskill worker` on any machines, then collect'),
      stub('worker', '[options]', 'run batch chunks from a Redis queue; start one per core, on as many machines as you like'),
    ],
    load: async (ctx: CommandContext) => {
      const m = await import('./commands/batch.ts');
      return [m.batchCommand(ctx), m.workerCommand(ctx)];
    },
  },
]);

const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--data-dir']);

/**
 * The top-level command the arguments run (`help X` runs X's help), or null (no command: top-level help, --version,
 * or an unknown name, which commander reports from the stubs).
 */
export function commandOf(args: readonly string[]): string | null {
  const known = new Set(COMMAND_TABLE.flatMap((e) => e.names));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return null;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (arg === 'help') return args[i + 1] !== undefined && known.has(args[i + 1]!) ? args[i + 1]! : null;
    return known.has(arg) ? arg : null;
  }
  return null;
}
