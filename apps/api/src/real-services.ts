import { openDefaultSkillExtractor } from '@jobskill/extraction';
import { openDefaultOccupationSearch, ResumeMatcher } from '@jobskill/matching';
import { join } from 'node:path';
import { JobskillError, createSkillCatalog, loadEsco, occupationTitles, resolveDataDir } from '@jobskill/data';
import {
  EncoderVocabulary,
  openDefaultSkillSearch,
  withConfidence,
  type SkillHit as RetrievalHit,
  type SkillRetriever,
} from '@jobskill/retrieval';
import { createLabeler, type Labeler } from '@jobskill/labeling';
import type { ApiServices, RoleLabeler, SkillHit, SkillSearcher } from './services.ts';

/**
 * Adapters only: the served retriever is `openDefaultSkillSearch` (@jobskill/retrieval: embedded encoder,
 * memory-mapped ESCO index, embedded re-ranker) and the labelers come from the @jobskill/labeling registry;
 * this file maps them onto the API's ports (./services.ts).
 */

/** Maps retrieval hits to the API's shape (uri instead of escoUri; rank is added by the route). */
export function toApiHit(hit: RetrievalHit): SkillHit {
  return { uri: hit.escoUri, label: hit.label, score: hit.score, importance: hit.importance, evidence: { ...hit.evidence } };
}

/**
 * Batches run in chunks of this many items, the signal checked between chunks: work stops within one chunk of the
 * deadline or of the client leaving (a chunk of 8 titles re-ranked is ~50 ms on this machine), and yielding between
 * chunks lets the sweep timer and other requests run.
 */
export const BATCH_CHUNK = 8;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function skillSearcherFrom(
  retriever: Pick<SkillRetriever, 'corpus' | 'search' | 'searchMany'>,
  vocabulary?: EncoderVocabulary,
): SkillSearcher {
  return {
    corpusSize: retriever.corpus.skills.length,
    ...(vocabulary
      ? { assess: (title: string, hits: readonly SkillHit[]) => withConfidence(vocabulary, title, hits, (h) => h.evidence.firstStageScore) }
      : {}),
    async search(title, { k, rerank, alpha, signal }) {
      signal?.throwIfAborted();
      return (await retriever.search(title, { k, rerank, alpha })).map(toApiHit);
    },
    async searchBatch(titles, { k, rerank, alpha, signal }) {
      const out: SkillHit[][] = [];
      for (let i = 0; i < titles.length; i += BATCH_CHUNK) {
        if (i > 0) await yieldToLoop();
        // Throws the signal's reason (deadline 503, or client gone): never a short list.
        signal?.throwIfAborted();
        const lists = await retriever.searchMany(titles.slice(i, i + BATCH_CHUNK), { k, rerank, alpha });
        for (const hits of lists) out.push(hits.map(toApiHit));
      }
      return out;
    },
  };
}

/** Labelers the API serves: those that need no hub download (`trained` is the default role classifier artifact). */
export const SERVED_LABELERS = Object.freeze(['rules', 'rules-reference', 'zero-shot', 'trained'] as const);

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
    async label(inputs, name, signal) {
      const labeler = byName.get(name);
      if (!labeler) throw new JobskillError('UNKNOWN_LABELER', `unknown labeler "${name}"; valid labelers: ${[...byName.keys()].join(', ')}`);
      const results = [];
      for (let i = 0; i < inputs.length; i += BATCH_CHUNK) {
        if (i > 0) await yieldToLoop();
        signal?.throwIfAborted();
        const chunk = inputs.slice(i, i + BATCH_CHUNK);
        results.push(...(await labeler.label(chunk.map((c) => ({ skills: c.skills, ...(c.text !== undefined ? { text: c.text } : {}) })))));
      }
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
  /** false: a missing index is an error (INDEX_NOT_BUILT) instead of being built on first start. */
  buildIndexIfMissing?: boolean;
  log?: (line: string) => void;
}

/** Loads the served retriever and the served labelers (created once, reused across requests). */
export async function loadServices(options: LoadServicesOptions = {}): Promise<ApiServices> {
  const dataDir = resolveDataDir(options.dataDir);
  const log = options.log ?? (() => {});
  let last = performance.now();
  const step = (what: string): void => {
    const now = performance.now();
    log(`loaded ${what} in ${Math.round(now - last)} ms`);
    last = now;
  };
  const served = await openDefaultSkillSearch({
    dataDir,
    // The app keeps the serialized answers of single searches (responseCacheSize); this one serves batches.
    resultCache: 1024,
    ...(options.indexDir !== undefined ? { indexDir: options.indexDir } : {}),
    ...(options.buildIndexIfMissing !== undefined ? { buildIfMissing: options.buildIndexIfMissing } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  step('the skill search');
  try {
    // ESCO parsed once for every stage below (extractor, occupations, skill catalogue).
    const esco = await loadEsco(join(dataDir, 'esco_v1.1.1'));
    step('ESCO v1.1.1');
    // zero-shot shares the retriever's encoder: one model in memory.
    const labelers = await Promise.all(
      SERVED_LABELERS.map((name) => createLabeler(name, name === 'zero-shot' ? { encoder: served.encoder } : {})),
    );
    const roles = await roleLabelerFrom(labelers, 'rules');
    step('the role labelers');
    // The extractor shares the served encoder and skill index (one copy of each in memory).
    const extractor = await openDefaultSkillExtractor({
      dataDir,
      escoSkills: esco.skills,
      shared: { encoder: served.encoder, index: served.retriever.index },
    });
    step('the skill extractor');
    const occupationSearch = await openDefaultOccupationSearch({ dataDir, encoder: served.encoder, esco });
    step('the occupation search');
    return {
      matching: { occupations: occupationSearch, matcher: new ResumeMatcher(occupationSearch, extractor) },
      skills: skillSearcherFrom(served.retriever, EncoderVocabulary.ofServedEncoder()),
      roles,
      occupations: occupationTitles(esco.occupations),
      catalog: createSkillCatalog(esco),
      extractor,
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
