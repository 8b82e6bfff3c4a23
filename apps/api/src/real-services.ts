import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JobskillError, findEscoFile, loadEscoSkills, resolveDataDir } from '@jobskill/data';
import {
  SkillIndex,
  SkillRetriever,
  corpusFromEsco,
  createEncoderByName,
  createReranker,
  loadEscoGraph,
  type HashedEncoder,
  type Reranker,
  type SkillCorpus,
  type SkillHit as RetrievalHit,
  type SkillIndexOptions,
} from '@jobskill/retrieval';
import { createLabeler, type Labeler } from '@jobskill/labeling';
import type { ApiServices, RoleLabeler, SkillHit, SkillSearcher } from './services.ts';

/**
 * Wiring only: which registered components the product serves and where its index lives. Every piece of logic
 * (encoding, ANN search, re-ranking, labeling) is in @jobskill/retrieval and @jobskill/labeling.
 */

/** Where `index build` saves the ESCO skill index by default (git-ignored). */
export function defaultIndexDir(): string {
  return fileURLToPath(new URL('../../../.jobskill-cache/esco-skill-index', import.meta.url));
}

export interface ServedRetrieverOptions {
  dataDir?: string | undefined;
  /** Saved index folder (default `defaultIndexDir()`); built and saved there when missing. */
  indexDir?: string | undefined;
  /** Re-ranker: the embedded learning-to-rank model (default) or none. */
  rerank?: boolean;
  log?: (line: string) => void;
}

export interface ServedRetriever {
  retriever: SkillRetriever;
  encoder: HashedEncoder;
  corpus: SkillCorpus;
  indexDir: string;
  /** True when this call built (and saved) the index. */
  built: boolean;
  close(): Promise<void>;
}

async function escoCorpus(dataDir: string): Promise<SkillCorpus> {
  const escoDir = join(dataDir, 'esco_v1.1.1');
  const file = findEscoFile(escoDir, 'skills');
  if (file === undefined) {
    throw new JobskillError('FILE_NOT_FOUND', `no ESCO skills file (skills_en.csv) in ${escoDir}`);
  }
  return corpusFromEsco(await loadEscoSkills(file), 'esco-v1.1.1');
}

/** Builds the ESCO skill index with the embedded encoder and saves it atomically. */
export async function buildServedIndex(options: {
  dataDir?: string | undefined;
  indexDir?: string | undefined;
  index?: SkillIndexOptions;
}): Promise<{ indexDir: string; skills: number; seconds: number; manifest: SkillIndex['manifest'] }> {
  const dataDir = resolveDataDir(options.dataDir);
  const indexDir = resolve(options.indexDir ?? defaultIndexDir());
  const started = performance.now();
  const encoder = await createEncoderByName('embedded', { batchSize: 512 });
  try {
    const corpus = await escoCorpus(dataDir);
    const index = await SkillIndex.build(corpus, encoder, options.index ?? {});
    await index.save(indexDir);
    return { indexDir, skills: corpus.skills.length, seconds: (performance.now() - started) / 1000, manifest: index.manifest };
  } finally {
    await encoder.dispose();
  }
}

/**
 * The retriever the product serves: embedded encoder + the saved ESCO index (memory-mapped) + the embedded
 * re-ranker. A missing index is built and saved once; a mismatched one is refused by SkillIndex.open.
 */
export async function openServedRetriever(options: ServedRetrieverOptions = {}): Promise<ServedRetriever> {
  const dataDir = resolveDataDir(options.dataDir);
  const indexDir = resolve(options.indexDir ?? defaultIndexDir());
  const log = options.log ?? (() => {});
  const encoder = await createEncoderByName('embedded');
  let reranker: Reranker | null = null;
  try {
    const corpus = await escoCorpus(dataDir);
    let built = false;
    if (!existsSync(join(indexDir, 'manifest.json'))) {
      log(`no skill index at ${indexDir}; building it (once)`);
      const index = await SkillIndex.build(corpus, encoder, {});
      try {
        await index.save(indexDir);
      } catch (error) {
        // Another process (a parallel test run, a second server) may have saved the same index first.
        if (!existsSync(join(indexDir, 'manifest.json'))) throw error;
      }
      built = true;
    }
    if (options.rerank !== false) {
      reranker = await createReranker('embedded', { encoder, graph: await loadEscoGraph(dataDir) });
    }
    const retriever = await SkillRetriever.open(indexDir, { encoder, corpus, reranker, mode: 'view' });
    return {
      retriever,
      encoder,
      corpus,
      indexDir,
      built,
      async close() {
        await reranker?.dispose?.();
        await encoder.dispose();
      },
    };
  } catch (error) {
    await reranker?.dispose?.();
    await encoder.dispose();
    throw error;
  }
}

/** Maps retrieval hits to the API's shape (uri instead of escoUri; rank is added by the route). */
export function toApiHit(hit: RetrievalHit): SkillHit {
  return { uri: hit.escoUri, label: hit.label, score: hit.score, evidence: { ...hit.evidence } };
}

export function skillSearcherFrom(retriever: SkillRetriever): SkillSearcher {
  return {
    corpusSize: retriever.corpus.skills.length,
    async search(title, { k, rerank, alpha }) {
      return (await retriever.search(title, { k, rerank, alpha })).map(toApiHit);
    },
    async searchBatch(titles, { k, rerank, alpha }) {
      return (await retriever.searchMany(titles, { k, rerank, alpha })).map((hits) => hits.map(toApiHit));
    },
  };
}

/** Labelers the API serves: those that need no model file or hub download. */
export const SERVED_LABELERS = Object.freeze(['rules', 'rules-reference', 'zero-shot'] as const);

/** The labeler registry behind /v1/roles: each served labeler created once, reused across requests. */
export async function roleLabelerFrom(labelers: Labeler[], defaultLabeler: string): Promise<RoleLabeler> {
  const byName = new Map(labelers.map((l) => [l.name, l]));
  if (!byName.has(defaultLabeler)) {
    throw new JobskillError('UNKNOWN_LABELER', `default labeler "${defaultLabeler}" is not among ${[...byName.keys()].join(', ')}`);
  }
  return {
    labelers: [...byName.keys()],
    defaultLabeler,
    roles: byName.get(defaultLabeler)!.labels,
    async label(inputs, name) {
      const labeler = byName.get(name);
      if (!labeler) throw new JobskillError('UNKNOWN_LABELER', `unknown labeler "${name}"; valid labelers: ${[...byName.keys()].join(', ')}`);
      const results = await labeler.label(inputs.map((i) => ({ skills: i.skills, ...(i.text !== undefined ? { text: i.text } : {}) })));
      return results.map((r) => ({
        role: r.role,
        score: r.score,
        labeler: r.labeler,
        evidence: r.evidence,
        scores: r.scores,
        noEvidence: r.noEvidence,
        ...(r.abstained !== undefined ? { abstained: r.abstained } : {}),
        ...(r.ties !== undefined ? { ties: r.ties } : {}),
      }));
    },
  };
}

export interface LoadServicesOptions {
  dataDir?: string | undefined;
  indexDir?: string | undefined;
  log?: (line: string) => void;
}

/** Loads the real retriever (embedded encoder + memory-mapped index + re-ranker) and the served labelers. */
export async function loadServices(options: LoadServicesOptions = {}): Promise<ApiServices> {
  const served = await openServedRetriever(options);
  try {
    // zero-shot shares the retriever's encoder: one model in memory.
    const labelers = await Promise.all(
      SERVED_LABELERS.map((name) => createLabeler(name, name === 'zero-shot' ? { encoder: served.encoder } : {})),
    );
    const roles = await roleLabelerFrom(labelers, 'rules');
    return {
      skills: skillSearcherFrom(served.retriever),
      roles,
      async close() {
        for (const l of labelers) if (l.name !== 'zero-shot') await l.dispose?.();
        await served.close();
      },
    };
  } catch (error) {
    await served.close();
    throw error;
  }
}

