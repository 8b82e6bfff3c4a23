/**
 * Model-selection runs: trains one recipe with ~10 % of ESCO occupations held out and prints dev MAP
 * (and, with --validation, the TalentCLEF validation MAP as a final check only — never select on it).
 * Usage: node --conditions=@jobskill/source --import tsx scripts/experiment.ts '<json options>' [--validation]
 */
import { resolve } from 'node:path';
import { loadEsco, loadJobIdToTerms, loadTaskBDir } from '@jobskill/data';
import { buildEscoPairs } from '../src/static-encoder/esco-pairs.ts';
import { evaluateSkillRanking } from '../src/static-encoder/evaluate.ts';
import { WordPieceTokenizer } from '../src/static-encoder/tokenizer.ts';
import { trainStaticEncoder } from '../src/static-encoder/trainer.ts';
import { buildWordPieceVocab } from '../src/static-encoder/vocab.ts';

const dataDir = process.env.JOBSKILL_DATA_DIR ?? resolve(import.meta.dirname, '../../../../shared/data');
const args = process.argv.slice(2);
const spec = JSON.parse(args.find((a) => a.startsWith('{')) ?? '{}') as {
  pairs?: Record<string, unknown>;
  vocab?: Record<string, unknown>;
  train?: Record<string, unknown>;
  devFraction?: number;
};
const t0 = Date.now();
const esco = await loadEsco(resolve(dataDir, 'esco_v1.1.1'));
const titles = await loadJobIdToTerms(resolve(dataDir, 'talentclef2025_taskB/training/jobid2terms.json'));
const pairs = buildEscoPairs(esco, titles, { devFraction: spec.devFraction ?? 0.1, kinds: spec.pairs ?? {} });
const vocab = buildWordPieceVocab(pairs.texts, spec.vocab ?? {});
const tokenizer = new WordPieceTokenizer(vocab, { addSpecialTokens: true, maxLength: 512 });
console.log(`load+pairs+vocab ${((Date.now() - t0) / 1000).toFixed(1)} s; vocab ${vocab.length}; texts ${pairs.texts.length}; pairs ${JSON.stringify(pairs.counts)}`);
const t1 = Date.now();
const trained = trainStaticEncoder(pairs, tokenizer, spec.train ?? {}, (l) => console.log(l));
console.log(`train ${((Date.now() - t1) / 1000).toFixed(1)} s, untrained rows ${trained.untrainedRows}`);
const result: Record<string, unknown> = { spec };
if (pairs.dev) {
  const dev = pairs.dev;
  const r = evaluateSkillRanking(
    trained.table,
    trained.dim,
    tokenizer,
    dev.queries.map((q) => ({ text: q.text, relevant: dev.relevant.get(q.occupationUri)! })),
    { ids: dev.corpus.map((c) => c.uri), aliases: dev.corpus.map((c) => c.aliases) },
  );
  result.dev = { ...r, corpus: dev.corpus.length };
}
if (args.includes('--validation')) {
  const v = await loadTaskBDir(resolve(dataDir, 'talentclef2025_taskB/validation'));
  const rel = new Map<string, Set<string>>();
  for (const q of v.qrels ?? []) if (q.grade > 0) (rel.get(q.qId) ?? rel.set(q.qId, new Set()).get(q.qId)!).add(q.docId);
  result.validation = evaluateSkillRanking(
    trained.table,
    trained.dim,
    tokenizer,
    v.queries.filter((q) => rel.has(q.qId)).map((q) => ({ text: q.jobTitle, relevant: rel.get(q.qId)! })),
    { ids: v.corpus.map((c) => c.cId), aliases: v.corpus.map((c) => c.aliases) },
  );
}
console.log(`RESULT ${JSON.stringify(result)}`);
