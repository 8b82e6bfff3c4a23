import { loadEsco } from '@jobskill/data';
import { createEncoder, requireDefaultEncoderDir, type Encoder } from '@jobskill/encoders';
import { defaultMatcherCacheDir, escoPaths } from '@jobskill/retrieval';
import { OccupationSearch } from './occupation-search.ts';

/**
 * ESCO v1.1.1 occupations of the data directory, searched with the embedded encoder; the label vectors come from
 * `defaultMatcherCacheDir()` (saved by `pnpm turbo run model`, else built and saved at the first start).
 */
export async function openDefaultOccupationSearch(options: { dataDir: string; encoder?: Encoder }): Promise<OccupationSearch> {
  const esco = await loadEsco(escoPaths(options.dataDir).escoDir);
  const encoder = options.encoder ?? (await createEncoder({ model: requireDefaultEncoderDir() }));
  return OccupationSearch.build(esco, encoder, undefined, { matcherCacheDir: defaultMatcherCacheDir() });
}
