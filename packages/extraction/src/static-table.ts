import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JobskillError } from '@jobskill/data';
import { readStaticEmbeddingTable } from '@jobskill/models';
import { hashModelFiles, type Encoder } from '@jobskill/retrieval';
import type { TokenTable } from './dense.ts';

/**
 * The token table of a static embedding model folder (the embedded encoder), or null when the folder is not a
 * static embedding model or is not the model `encoder` runs (content hashes differ): then phrases are encoded by
 * the encoder itself.
 */
export async function openStaticTokenTable(dir: string, encoder: Encoder): Promise<TokenTable | null> {
  let config: { jobskill?: { kind?: string } };
  try {
    config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as typeof config;
  } catch {
    return null;
  }
  if (config.jobskill?.kind !== 'static-embedding') return null;
  const hash = (encoder as Partial<{ contentHash: string }>).contentHash;
  if (hash === undefined || hash !== (await hashModelFiles(dir, 'fp32'))) return null;
  const { table, dim } = await readStaticEmbeddingTable(dir);
  if (dim !== encoder.dimensions) {
    throw new JobskillError('INDEX_MISMATCH', `static table in ${dir} has ${dim} dimensions, the encoder ${encoder.dimensions}`);
  }
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  return {
    table,
    dim,
    pieceIds: (text: string) => tokenizer.encode(text, { add_special_tokens: false }),
  };
}
