import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { evalSkillExtraction, formatExtractionTable, openDefaultExtractionEngine, engineExtractor } from '@jobskill/extraction';
import { loadLabeledTexts, writeFileAtomic } from '@jobskill/data';
import { examples, floatOption, intOption, type CommandContext } from '../context.ts';
import { printJson, println, resolveUserPath } from '../io.ts';
import { UsageError } from '../errors.ts';

interface ExtractOpts { k: number; threshold?: number; in?: string; textCol: string; out?: string; method: 'lexical' | 'dense' | 'combined' }

export function extractCommand(ctx: CommandContext): Command {
  const command = new Command('extract')
    .description('extract ESCO skills from free text, with the span of every mention')
    .argument('[text]', 'text to read (or --in FILE)')
    .option('-k, --k <n>', 'at most this many skills per text', intOption('-k', 1, 1000), 50)
    .option('--threshold <t>', 'minimum score in [0, 1] (default: the method\'s calibrated threshold)', floatOption('--threshold', 0, 1))
    .option('--method <m>', 'lexical | dense | combined', 'combined')
    .option('--in <file>', 'CSV / TSV / JSONL / parquet (one text per row, --text-col) or a plain-text file (one document)')
    .option('--text-col <col>', 'text column of a table', 'text')
    .option('--out <file>', 'write one JSON line per text here (atomic) instead of stdout')
    .addHelpText('after', examples('pnpm jobskill extract "Java, Spring Boot (3 yrs), MySQL"', 'pnpm jobskill extract --in ads.csv --text-col description --out skills.jsonl'))
    .action(async (text: string | undefined, opts: ExtractOpts, cmd: Command) => {
      const engine = await openDefaultExtractionEngine({ dataDir: ctx.dataDir(cmd), method: opts.method });
      const extractor = engineExtractor(engine, opts.method);
      const options = { k: opts.k, ...(opts.threshold !== undefined ? { threshold: opts.threshold } : {}) };
      let texts: string[];
      if (opts.in !== undefined) {
        const file = resolveUserPath(ctx.io, opts.in);
        texts = /\.(csv|tsv|jsonl|ndjson|parquet)$/i.test(file)
          ? (await loadLabeledTexts(file, { textCol: opts.textCol, labelCol: opts.textCol })).records.map((r) => r.text)
          : [await readFile(file, 'utf8')];
      } else if (text !== undefined) texts = [text];
      else throw new UsageError('extract needs a text argument or --in FILE');
      const lines: string[] = [];
      const progress = texts.length > 1 && process.stderr.isTTY;
      for (const [i, t] of texts.entries()) {
        const result = await extractor.extract(t, options);
        if (opts.out !== undefined || (ctx.json(cmd) && texts.length > 1)) lines.push(JSON.stringify({ row: i, ...result }));
        else if (ctx.json(cmd)) printJson(ctx.io, result);
        else if (result.abstained) println(ctx.io, '(no skill above the threshold)');
        else for (const s of result.skills) println(ctx.io, `${s.score.toFixed(4)}  ${s.label}  <${s.uri}>  ${s.mentions.map((m) => `"${m.surface}"@${m.start}-${m.end} ${m.method}`).join(', ')}`);
        if (progress && (i % 50 === 0 || i === texts.length - 1)) ctx.io.stderr.write(`\rextract: ${i + 1}/${texts.length}`);
      }
      if (progress) ctx.io.stderr.write('\n');
      if (opts.out !== undefined) await writeFileAtomic(resolveUserPath(ctx.io, opts.out), `${lines.join('\n')}\n`);
      else if (lines.length > 0) println(ctx.io, lines.join('\n'));
    });
  command
    .command('eval')
    .description('skill-extraction benchmark: RP@5, RP@10, MRR of every method over all ESCO skills')
    .requiredOption('--data <file>', 'CSV sentence,span,sub_span,label (TECH/HOUSE/TECHWOLF format)')
    .addHelpText('after', examples('pnpm jobskill extract eval --data ../shared/data/skill_extraction/tech_validation_annotations.csv', 'pnpm jobskill extract eval --data house_test_annotations.csv --json'))
    .action(async (opts: { data: string }, cmd: Command) => {
      const engine = await openDefaultExtractionEngine({ dataDir: ctx.dataDir(cmd) });
      const report = await evalSkillExtraction({ engine, files: { [opts.data]: resolveUserPath(ctx.io, opts.data) } });
      if (ctx.json(cmd)) printJson(ctx.io, report);
      else println(ctx.io, formatExtractionTable(report));
    });
  return command;
}
