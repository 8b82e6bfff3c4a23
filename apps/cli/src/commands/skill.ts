import { join } from 'node:path';
import { Command } from 'commander';
import { JobskillError, createSkillCatalog, loadEsco } from '@jobskill/data';
import { examples, intOption, type CommandContext } from '../context.ts';
import { printJson, println } from '../io.ts';

async function openCatalog(ctx: CommandContext, command: Command) {
  return createSkillCatalog(await loadEsco(join(ctx.dataDir(command), 'esco_v1.1.1')));
}

/** ESCO skill lookup: the CLI face of GET /v1/skills/{id} and GET /v1/skills?q=. */
export function skillCommand(ctx: CommandContext): Command {
  const skill = new Command('skill')
    .description('look ESCO skills up: `show ID` (label, aliases, description, occupations, related skills), `find TEXT` (autocomplete)')
    .addHelpText('after', examples('pnpm jobskill skill find python', 'pnpm jobskill skill show ccd0a1d9-afda-43d9-b901-96344886e14d --json'));
  skill
    .command('show')
    .description('one ESCO skill by id (the URI tail) or full URI')
    .argument('<id>', 'ESCO skill id or URI')
    .addHelpText('after', examples('pnpm jobskill skill show ccd0a1d9-afda-43d9-b901-96344886e14d', 'pnpm -s jobskill skill show http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d --json | jq .label'))
    .action(async (id: string, _opts: unknown, command: Command) => {
      const record = (await openCatalog(ctx, command)).get(id);
      if (!record) throw new JobskillError('SKILL_NOT_FOUND', `no ESCO skill "${id}" (try \`jobskill skill find TEXT\`)`);
      if (ctx.json(command)) return printJson(ctx.io, record);
      println(ctx.io, `${record.label}  <${record.uri}>`);
      println(ctx.io, `  type: ${record.type || '-'}; reuse level: ${record.reuseLevel || '-'}`);
      if (record.aliases.length) println(ctx.io, `  aliases: ${record.aliases.join('; ')}`);
      if (record.description) println(ctx.io, `  ${record.description}`);
      println(ctx.io, `  occupations (${record.occupations.length}): ${record.occupations.slice(0, 10).map((o) => `${o.label} (${o.relation})`).join('; ')}`);
      println(ctx.io, `  related skills: ${record.relatedSkills.map((r) => r.label).join('; ')}`);
    });
  skill
    .command('find')
    .description('autocomplete ESCO skills by label or alias (prefix first, then word prefix, then substring)')
    .argument('<text>', 'text to complete')
    .option('--limit <n>', 'results', intOption('--limit', 1, 1000), 10)
    .addHelpText('after', examples('pnpm jobskill skill find "machine lear"', 'pnpm -s jobskill skill find weld --json | jq ".results[].label"'))
    .action(async (text: string, opts: { limit: number }, command: Command) => {
      const results = (await openCatalog(ctx, command)).find(text, opts.limit);
      if (ctx.json(command)) return printJson(ctx.io, { q: text, results });
      for (const r of results) println(ctx.io, `${r.id}  ${r.label}${r.matched !== r.label ? `  (matched "${r.matched}")` : ''}`);
    });
  return skill;
}
