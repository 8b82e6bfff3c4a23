import { Command } from 'commander';
import { readDocument } from '@jobskill/data';
import { openDefaultSkillExtractor } from '@jobskill/extraction';
import { openDefaultOccupationSearch, ResumeMatcher } from '@jobskill/matching';
import { examples, intOption, type CommandContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { printJson, println, resolveUserPath } from '../io.ts';

/** `jobskill occupations search "<title>"`: job title → ESCO v1.1.1 occupations. */
export function occupationsCommand(ctx: CommandContext): Command {
  const occupations = new Command('occupations')
    .description('ESCO occupations')
    .addHelpText('after', examples('pnpm jobskill occupations search "staff nurse"'));
  occupations
    .command('search')
    .description('ground a job title to ESCO occupations (embedded encoder, best cosine over each occupation’s labels)')
    .argument('<title>', 'a job title')
    .option('-k, --k <n>', 'number of occupations', intOption('-k', 1, 3007), 10)
    .addHelpText('after', examples('pnpm jobskill occupations search "sr. java dev (m/f/d)"', 'pnpm jobskill occupations search nurse -k 3 --json'))
    .action(async (title: string, opts: { k: number }, command: Command) => {
      const search = await openDefaultOccupationSearch({ dataDir: ctx.dataDir(command) });
      const results = await search.search(title, { k: opts.k });
      if (ctx.json(command)) return printJson(ctx.io, { title, results });
      for (const r of results) println(ctx.io, `${r.score.toFixed(4)}  ${r.label}${r.code ? ` (${r.code})` : ''}  <${r.uri}>`);
    });
  return occupations;
}

/** `jobskill match --title T (--skills LIST | --resume FILE)`: resume ↔ job match. */
export function matchCommand(ctx: CommandContext): Command {
  return new Command('match')
    .description('match a resume against a job title: score in [0,1] = importance-weighted share of the job’s ESCO skills the resume covers')
    .requiredOption('--title <title>', 'the job title')
    .option('--skills <list>', 'the resume’s skills, comma-separated ESCO labels')
    .option('--resume <file>', 'a resume (PDF, DOCX or text); its ESCO skills come from the served skill extractor')
    .addHelpText('after', examples('pnpm jobskill match --resume cv.pdf --title "staff accountant"', 'pnpm jobskill match --title nurse --skills "patient care, administer medication"', 'pnpm jobskill match --title "java developer" --skills "Java (computer programming),SQL" --json'))
    .action(async (opts: { title: string; skills?: string; resume?: string }, command: Command) => {
      if ((opts.skills === undefined) === (opts.resume === undefined)) throw new UsageError('give exactly one of --skills or --resume');
      const dataDir = ctx.dataDir(command);
      const search = await openDefaultOccupationSearch({ dataDir });
      // Resume text needs the served skill extractor (@jobskill/extraction, `combined`); a skill list does not.
      const matcher = new ResumeMatcher(search, opts.resume !== undefined ? await openDefaultSkillExtractor({ dataDir }) : undefined);
      const result =
        opts.skills !== undefined
          ? await matcher.match({ title: opts.title, skills: opts.skills.split(',').map((s) => s.trim()).filter((s) => s !== '') })
          : await matcher.match({ title: opts.title, resume: (await readDocument(resolveUserPath(ctx.io, opts.resume!))).text });
      if (ctx.json(command)) return printJson(ctx.io, result);
      println(ctx.io, `score ${result.score.toFixed(4)} for "${result.title}"`);
      println(ctx.io, `occupations: ${result.occupations.map((o) => `${o.label} (${o.score.toFixed(3)})`).join('; ')}`);
      println(ctx.io, `covered (${result.covered.length}): ${result.covered.map((c) => `${c.label} [${c.importance}]`).join(', ')}`);
      println(ctx.io, `missing (${result.missing.length}): ${result.missing.slice(0, 15).map((m) => `${m.label} [${m.importance}]`).join(', ')}`);
      if (result.unresolvedSkills) println(ctx.io, `not ESCO labels: ${result.unresolvedSkills.join(', ')}`);
    });
}
