import { Command } from 'commander';
import { hasText, iterateDocuments, parseResumeSections, readDocument } from '@jobskill/data';
import { stat } from 'node:fs/promises';
import { examples, type CommandContext } from '../context.ts';
import { printJson, println, resolveUserPath } from '../io.ts';

/** `jobskill resume parse FILE|FOLDER`: document text → headline, sections with offsets, experience entries. */
export function resumeCommand(ctx: CommandContext): Command {
  const resume = new Command('resume')
    .description('read resumes (PDF, DOCX, text)')
    .addHelpText('after', examples('pnpm jobskill resume parse cv.pdf --json'));
  resume
    .command('parse')
    .description('extract the text of a resume and split it into headline, sections and experience entries')
    .argument('<path>', 'a PDF, DOCX or text file, or a folder of them (one JSON line per file with --json)')
    .addHelpText('after', examples('pnpm jobskill resume parse cv.pdf', 'pnpm jobskill resume parse cv.pdf --json', 'pnpm jobskill resume parse resumes/ --json > parsed.jsonl'))
    .action(async (path: string, _opts: unknown, command: Command) => {
      const full = resolveUserPath(ctx.io, path);
      const json = ctx.json(command);
      if ((await stat(full).catch(() => null))?.isDirectory()) {
        // A folder: one record per file; files without text are reported, not dropped.
        for await (const doc of iterateDocuments(full)) {
          const record = hasText(doc) ? { file: doc.file, pages: doc.pages, ...parseResumeSections(doc.text) } : { file: doc.file, pages: doc.pages, noText: doc.noText };
          if (json) ctx.io.stdout.write(`${JSON.stringify(record)}\n`);
          else println(ctx.io, hasText(doc) ? `${doc.file}: ${'headline' in record ? (record.headline ?? '(no headline)') : ''}` : `${doc.file}: no text (${doc.noText.reason}: ${doc.noText.message})`);
        }
        return;
      }
      const doc = await readDocument(full);
      const parsed = parseResumeSections(doc.text);
      if (json) {
        printJson(ctx.io, { file: doc.file, text: doc.text, pages: doc.pages, ...parsed });
        return;
      }
      println(ctx.io, `${doc.file}: ${doc.pages} page(s), ${doc.text.length} characters`);
      println(ctx.io, `headline: ${parsed.headline ?? '(none)'}`);
      for (const s of parsed.sections) println(ctx.io, `  ${s.kind.padEnd(10)} [${s.start}, ${s.end})${s.heading ? ` "${s.heading}"` : ''}`);
      for (const e of parsed.experience) println(ctx.io, `  job: ${e.title}${e.employer ? ` @ ${e.employer}` : ''}${e.dates ? ` (${e.dates})` : ''}`);
    });
  return resume;
}
