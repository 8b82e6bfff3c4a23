import { extname } from 'node:path';
import { Command } from 'commander';
import { csvCell, loadTextRows, writeFileAtomic } from '@jobskill/data';
import { EncoderVocabulary, openDefaultSkillSearch, validateTitle, withConfidence, type SearchConfidence, type SkillHit } from '@jobskill/retrieval';
import { examples, floatOption, intOption, type CommandContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { printJson, println, resolveUserPath } from '../io.ts';
import { checkOutputPath } from '../output-path.ts';
import { progressReporter, timedStep } from '../progress.ts';

const OUT_FORMATS = ['json', 'jsonl', 'csv'] as const;
type OutFormat = (typeof OUT_FORMATS)[number];
/** Titles encoded per call: large enough for batching, small enough for a moving progress bar. */
const TITLES_PER_BATCH = 32;

interface SkillsOptions {
  k: number;
  alpha: number;
  rerank: boolean;
  indexDir?: string;
  encoder?: string;
  reranker?: string;
  in?: string;
  out?: string;
  format?: string;
  titleCol: string;
  idCol?: string;
}

function outFormat(out: string, flag: string | undefined): OutFormat {
  const value = flag ?? extname(out).slice(1).toLowerCase();
  const format = OUT_FORMATS.find((f) => f === (value === 'ndjson' ? 'jsonl' : value));
  if (!format) {
    throw new UsageError(
      flag !== undefined
        ? `unknown --format "${flag}"; valid: ${OUT_FORMATS.join(', ')}`
        : `cannot tell the output format of --out ${out} from its extension; use .json, .jsonl or .csv, or --format ${OUT_FORMATS.join('|')}`,
    );
  }
  return format;
}

/** Same field names as the API (`uri`, not the library's `escoUri`; `calibratedScore` beside the list's `score`). */
function apiHits(hits: SkillHit[], calibratedScores?: number[]) {
  return hits.map(({ rank, escoUri, ...rest }, i) => ({ rank, uri: escoUri, ...rest, ...(calibratedScores ? { calibratedScore: calibratedScores[i]! } : {}) }));
}

interface TitleResult {
  id: string;
  title: string;
  hits: SkillHit[];
  confidence?: SearchConfidence;
  calibratedScores?: number[];
}

function assessed(vocabulary: EncoderVocabulary | undefined, id: string, title: string, hits: SkillHit[]): TitleResult {
  if (vocabulary === undefined) return { id, title, hits };
  const { confidence, calibratedScores } = withConfidence(vocabulary, title, hits, (h) => h.evidence.firstStageScore);
  return { id, title, hits, confidence, calibratedScores };
}

function jsonResult(r: TitleResult) {
  return { id: r.id, title: r.title, ...(r.confidence ? { confidence: r.confidence } : {}), skills: apiHits(r.hits, r.calibratedScores) };
}

function formatResults(results: TitleResult[], format: OutFormat, header: { k: number; rerank: boolean; alpha: number }): string {
  if (format === 'json') {
    return `${JSON.stringify({ ...header, results: results.map(jsonResult) }, null, 2)}\n`;
  }
  if (format === 'jsonl') {
    return results.map((r) => `${JSON.stringify(jsonResult(r))}\n`).join('');
  }
  const lines = ['id,title,rank,uri,label,score,importance,calibrated_score,low_confidence'];
  for (const r of results) {
    for (const [i, hit] of r.hits.entries()) {
      const calibrated = r.calibratedScores?.[i];
      const low = r.confidence === undefined ? '' : String(r.confidence.lowConfidence);
      lines.push([r.id, r.title, String(hit.rank), hit.escoUri, hit.label, String(hit.score), hit.importance, calibrated === undefined ? '' : String(calibrated), low].map((c) => csvCell(c)).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function skillsCommand(ctx: CommandContext): Command {
  return new Command('skills')
    .description('rank the ESCO skills a job title needs (ESCO URI, label, score, evidence); many titles with --in/--out')
    .argument('[title]', 'job title, e.g. "data scientist" (or --in FILE for many)')
    .option('-k, --k <n>', 'number of skills per title (up to the corpus size)', intOption('-k', 1, 1_000_000), 20)
    .option('--alpha <a>', 'final = α·bi-encoder + (1 − α)·re-ranker', floatOption('--alpha', 0, 1), 0.7)
    .option('--rerank', 'add the embedded LTR re-ranker (off by default: it gained < +0.01 MAP on job-ad titles)', false)
    .option('--no-rerank', 'first stage only: encoder + PRF + ANN index (the default)')
    .option('--index-dir <dir>', 'saved skill index (default: the one `index build` writes; built on first use)')
    .option('--in <file>', 'many titles: .txt (one per line), or CSV/TSV/JSONL/parquet with a title column')
    .option('--out <file>', 'with --in: where the results go, written atomically (.json, .jsonl or .csv)')
    .option('--format <fmt>', `output format with --out (default: from the extension; ${OUT_FORMATS.join(', ')})`)
    .option('--title-col <col>', 'title column of a table given with --in', 'title')
    .option('--id-col <col>', 'id column of a table given with --in (default: the row number)')
    .option('--encoder <dir>', 'encoder model folder (HF layout; default $JOBSKILL_ENCODER, else the embedded encoder)')
    .option('--reranker <dir>', 're-ranker folder, implies --rerank (default $JOBSKILL_RERANKER, else the embedded re-ranker)')
    .addHelpText(
      'after',
      examples(
        'pnpm jobskill skills "data scientist"',
        'pnpm jobskill skills "registered nurse" -k 50 --json',
        'pnpm jobskill skills "welder" --no-rerank',
        'pnpm jobskill skills --in titles.txt --out skills.jsonl -k 10',
        'pnpm jobskill skills --in jobs.csv --title-col job_title --out skills.csv',
        'pnpm jobskill skills "welder" --encoder ./my-encoder --reranker ./my-reranker',
      ),
    )
    .action(async (title: string | undefined, opts: SkillsOptions, command: Command) => {
      // Every check that needs no model runs first, so a typo costs no load.
      if (title !== undefined && opts.in !== undefined) throw new UsageError('give a title or --in FILE, not both');
      if (title === undefined && opts.in === undefined) throw new UsageError('skills needs a title (skills "data scientist") or --in FILE --out FILE');
      if (opts.in !== undefined && opts.out === undefined) throw new UsageError('skills --in FILE needs --out FILE (.json, .jsonl or .csv)');
      if (opts.in === undefined && (opts.out !== undefined || opts.format !== undefined)) throw new UsageError('--out and --format go with --in FILE');
      let batch: { in: string; out: string; format: OutFormat; titles: { id: string; text: string }[] } | undefined;
      if (opts.in !== undefined) {
        const inFile = resolveUserPath(ctx.io, opts.in);
        const out = resolveUserPath(ctx.io, opts.out!);
        const format = outFormat(out, opts.format);
        checkOutputPath(out, { inputs: [inFile] });
        const { records } = await loadTextRows(inFile, { textCol: opts.titleCol, ...(opts.idCol ? { idCol: opts.idCol } : {}), maxTextLength: 1000 });
        records.forEach((r) => validateTitle(r.text));
        batch = { in: inFile, out, format, titles: records };
      } else {
        validateTitle(title!);
      }
      const served = await timedStep(ctx.io, 'loading the encoder and the skill index', () =>
        openDefaultSkillSearch({
          dataDir: ctx.dataDir(command),
          ...(opts.indexDir !== undefined ? { indexDir: resolveUserPath(ctx.io, opts.indexDir) } : {}),
          ...(opts.encoder !== undefined ? { encoder: resolveUserPath(ctx.io, opts.encoder) } : {}),
          ...(opts.reranker !== undefined ? { reranker: resolveUserPath(ctx.io, opts.reranker) } : {}),
          rerank: opts.rerank,
          log: (line) => ctx.io.stderr.write(`${line}\n`),
        }),
      );
      // A re-ranker named by --reranker or $JOBSKILL_RERANKER turns re-ranking on.
      if (served.reranker !== null) opts.rerank = true;
      const search = { k: opts.k, rerank: opts.rerank, alpha: opts.alpha };
      const vocabulary = EncoderVocabulary.ofServedEncoder();
      try {
        if (batch) {
          const progress = progressReporter(ctx.io);
          const results: TitleResult[] = [];
          progress({ stage: 'skills', done: 0, total: batch.titles.length });
          for (let i = 0; i < batch.titles.length; i += TITLES_PER_BATCH) {
            const chunk = batch.titles.slice(i, i + TITLES_PER_BATCH);
            const hits = await served.retriever.searchMany(chunk.map((t) => t.text), search);
            chunk.forEach((t, j) => results.push(assessed(vocabulary, t.id, t.text, hits[j]!)));
            progress({ stage: 'skills', done: results.length, total: batch.titles.length });
          }
          progress.stop();
          await writeFileAtomic(batch.out, formatResults(results, batch.format, search));
          const report = { in: batch.in, out: batch.out, format: batch.format, titles: results.length, k: opts.k };
          if (ctx.json(command)) printJson(ctx.io, report);
          else println(ctx.io, `ranked skills for ${results.length} titles → ${batch.out} (${batch.format}, k = ${opts.k})`);
          return;
        }
        const hits = await served.retriever.search(title!, search);
        const result = assessed(vocabulary, '', title!, hits);
        if (ctx.json(command)) {
          printJson(ctx.io, { title, ...search, ...(result.confidence ? { confidence: result.confidence } : {}), skills: apiHits(hits, result.calibratedScores) });
          return;
        }
        if (result.confidence?.note !== undefined) ctx.io.stderr.write(`note: ${result.confidence.note}\n`);
        for (const hit of hits) {
          const why = [
            hit.evidence.bestAlias && hit.evidence.bestAlias !== hit.label ? `alias "${hit.evidence.bestAlias}"` : '',
            `bi ${hit.evidence.firstStageScore.toFixed(3)} (#${hit.evidence.firstStageRank})`,
            hit.evidence.neighbourScore !== undefined ? `job ads ${hit.evidence.neighbourScore.toFixed(3)}` : '',
            hit.evidence.priorScore !== undefined ? `prior ${hit.evidence.priorScore.toFixed(3)}` : '',
            hit.evidence.rerankNormalized !== undefined ? `rerank ${hit.evidence.rerankNormalized.toFixed(3)}` : '',
          ].filter(Boolean);
          println(ctx.io, `${String(hit.rank).padStart(4)}  ${hit.score.toFixed(4)}  ${hit.importance === 'core' ? 'core' : 'ctx '}  ${hit.label}  <${hit.escoUri}>  [${why.join(', ')}]`);
        }
      } finally {
        await served.close();
      }
    });
}
