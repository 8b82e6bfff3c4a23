import { loadEsco } from '@jobskill/data';
import { createEncoderByName } from '@jobskill/encoders';
import { EscoGraph, escoPaths, loadEscoGraph } from '../graph/esco-graph.ts';
import { defaultMatcherCacheDir, EncoderOccupationMatcher } from '../graph/evidence.ts';
import { ESCO_CORPUS_NAME } from './default-skill-search.ts';
import { saveEscoCorpusSnapshot } from './esco-corpus-snapshot.ts';
import { vacancyMemoryCacheDir, vacancyMemoryFor } from '../neighbours/vacancy-neighbours.ts';

export interface PrecomputeServedArtifactsOptions {
  dataDir: string;
  /** The served skill index folder (the ESCO corpus snapshot is written beside it). */
  indexDir: string;
  /** Default `defaultMatcherCacheDir()`. */
  matcherCacheDir?: string;
  log?: (line: string) => void;
}

/**
 * What the served processes would otherwise compute at every start from artifacts and data alone, saved once:
 * the ESCO corpus snapshot beside the skill index, and the occupation-variant matchers (vectors + single-threaded
 * HNSW graph) of the re-ranker's graph (ESCO + jobid2terms) and of occupation search (ESCO labels), and the memory of
 * job ads behind vacancy-neighbour evidence (TechWolf training vacancies, when the file is there). Deterministic:
 * the same encoder and data give the same files. Returns one summary line per artifact.
 */
export async function precomputeServedArtifacts(options: PrecomputeServedArtifactsOptions): Promise<string[]> {
  const lines: string[] = [];
  const cacheDir = options.matcherCacheDir ?? defaultMatcherCacheDir();
  let started = performance.now();
  const { corpus } = await saveEscoCorpusSnapshot(options.indexDir, options.dataDir, ESCO_CORPUS_NAME);
  lines.push(`ESCO corpus snapshot → ${options.indexDir}: ${corpus.skills.length} skills (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const encoder = await createEncoderByName('embedded');
  try {
    const graphs: [string, EscoGraph][] = [
      ['re-ranker graph (ESCO + jobid2terms)', await loadEscoGraph(options.dataDir)],
      ['occupation search (ESCO labels)', EscoGraph.fromEsco(await loadEsco(escoPaths(options.dataDir).escoDir))],
    ];
    for (const [what, graph] of graphs) {
      started = performance.now();
      options.log?.(`occupation variants of the ${what}: encoding or opening`);
      const matcher = await EncoderOccupationMatcher.openOrBuild(cacheDir, graph, encoder);
      lines.push(
        `occupation matcher for the ${what} → ${cacheDir}/${EncoderOccupationMatcher.cacheKey(graph, encoder).slice(0, 16)}: ` +
          `${matcher.variantOccupation.length} variants (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
    started = performance.now();
    const memory = await vacancyMemoryFor(options.dataDir, encoder, options.log)?.(corpus);
    lines.push(
      memory == null
        ? 'memory of job ads: no TechWolf vacancies (or ESCO skills) in the data directory (served search runs without it)'
        : `memory of job ads → ${vacancyMemoryCacheDir()}: ${memory.size} training vacancies, ${memory.skillsOutsideCorpus} listed skills outside the corpus (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  } finally {
    await encoder.dispose();
  }
  return lines;
}
