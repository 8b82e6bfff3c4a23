import { loadEsco, type EscoData } from '@jobskill/data';
import { createEncoder, requireDefaultEncoderDir, type Encoder } from '@jobskill/encoders';
import { defaultMatcherCacheDir, escoPaths } from '@jobskill/retrieval';
import { OccupationSearch } from './occupation-search.ts';

/**
 * ESCO v1.1.1 occupations of the data directory, searched with the embedded encoder; the label vectors come from
 * `defaultMatcherCacheDir()` (saved by `pnpm turbo run model`, else built and saved at the first start).
 */
export async function openDefaultOccupationSearch(options: {
  dataDir: string;
  encoder?: Encoder;
  /** ESCO v1.1.1 already loaded by the caller (the API loads it once for every stage). */
  esco?: EscoData;
}): Promise<OccupationSearch> {
  const esco = options.esco ?? (await loadEsco(escoPaths(options.dataDir).escoDir));
  const encoder = options.encoder ?? (await createEncoder({ model: requireDefaultEncoderDir() }));
  return OccupationSearch.build(esco, encoder, undefined, { matcherCacheDir: defaultMatcherCacheDir() });
}
