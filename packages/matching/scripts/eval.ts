// Title → ESCO occupation on a seeded JobBERT hold-out (encoder vs BM25 vs encoder + training titles),
// and title similarity (job_title_similarity_en) as TREC MAP / nDCG.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadEsco, loadJobbertTitles, loadTitleSimilaritySet, resolveDataDir } from '@jobskill/data';
import { evaluateRun, qrelsFromRecords, trainTestSplit, type Run } from '@jobskill/eval';
import { escoPaths, normalizeJobTitle } from '@jobskill/retrieval';
import { createEncoder, requireDefaultEncoderDir } from '@jobskill/encoders';
import { OccupationSearch, type OccupationHit } from '../src/index.ts';

const SPLIT = { testSize: 0.2, seed: 14 } as const;
const dataDir = resolveDataDir();
const titlesFile = join(dataDir, 'jobbert_titles/titles.csv');
if (!existsSync(titlesFile)) {
  console.log(`matching eval: skipped, ${titlesFile} not found`);
  process.exit(0);
}
const esco = await loadEsco(escoPaths(dataDir).escoDir);
const known = new Set(esco.occupations.map((o) => o.uri));
const { pairs, unknownOccupations } = await loadJobbertTitles(titlesFile, { knownOccupations: known });
for (const p of unknownOccupations) console.log(`not in ESCO v1.1.1 (excluded): row ${p.row} "${p.title}" → ${p.occupationUri}`);
const split = trainTestSplit(pairs.length, SPLIT);
const test = split.test.map((i) => pairs[i]!);
const extra = new Map<string, string[]>();
for (const i of split.train) {
  const p = pairs[i]!;
  const list = extra.get(p.occupationUri) ?? [];
  list.push(normalizeJobTitle(p.title));
  extra.set(p.occupationUri, list);
}
const encoder = await createEncoder({ model: requireDefaultEncoderDir() });
const search = await OccupationSearch.build(esco, encoder);
const searchWithTrain = await OccupationSearch.build(esco, encoder, extra);

function score(hits: (title: string) => Promise<OccupationHit[]> | OccupationHit[]) {
  return async () => {
    let a1 = 0, a5 = 0, rr = 0;
    for (const p of test) {
      const ranked = await hits(p.title);
      const r = ranked.findIndex((h) => h.uri === p.occupationUri);
      if (r === 0) a1++;
      if (r >= 0 && r < 5) a5++;
      if (r >= 0) rr += 1 / (r + 1);
    }
    const n = test.length;
    return { 'Acc@1': a1 / n, 'Acc@5': a5 / n, MRR: rr / n };
  };
}
const all = search.size;
const rows: Record<string, Record<string, number>> = {
  'bm25 (ESCO labels)': await score((t) => search.searchBm25(t, { k: all }))(),
  'encoder (ESCO labels, max)': await score((t) => search.search(t, { k: all }))(),
  'encoder (ESCO labels + train titles)': await score((t) => searchWithTrain.search(t, { k: all }))(),
};
console.log(`\nJobBERT titles → ESCO v1.1.1 occupations (${all}); hold-out ${test.length} of ${pairs.length} (trainTestSplit ${JSON.stringify(SPLIT)})`);
console.table(Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([m, x]) => [m, x.toFixed(4)]))])));

const simDir = join(dataDir, 'job_title_similarity_en');
if (existsSync(simDir)) {
  const set = await loadTitleSimilaritySet(simDir);
  const enc = async (titles: string[]) => encoder.encode(titles.map((t) => normalizeJobTitle(t).toLowerCase()));
  const qv = await enc(set.queries.map((q) => q.title));
  const dv = await enc(set.corpus.map((d) => d.title));
  const run: Run = new Map();
  set.queries.forEach((q, qi) => {
    const scored = set.corpus
      .map((d, di) => {
        let dot = 0;
        const a = qv[qi]!, b = dv[di]!;
        for (let j = 0; j < a.length; j++) dot += a[j]! * b[j]!;
        return { docId: d.id, score: dot };
      })
      .filter((x) => x.docId !== q.id)
      .sort((x, y) => y.score - x.score || x.docId.localeCompare(y.docId))
      .slice(0, 1000);
    run.set(q.id, scored);
  });
  const m = evaluateRun(qrelsFromRecords(set.qrels), run, { metrics: ['map', 'ndcg', 'ndcg@10', 'mrr'] });
  console.log(`\njob_title_similarity_en: ${set.queries.length} queries, ${set.corpus.length} titles (encoder cosine)`);
  console.table(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, (v as number).toFixed(4)])));
}
await encoder.dispose();
