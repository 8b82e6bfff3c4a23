import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { z } from 'zod';
import { JobskillError, writeDirAtomic } from '@jobskill/data';

const jsonObject = z.record(z.string(), z.unknown());
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array');

export const HfModelFolderSchema = z.object({
  /** config.json; needs model_type (transformers.js picks the model class from it). */
  config: jsonObject.refine((c) => typeof c.model_type === 'string' && c.model_type !== '', 'config.model_type is required'),
  /** tokenizer.json (HF `tokenizers` format). */
  tokenizer: jsonObject,
  /** tokenizer_config.json. */
  tokenizerConfig: jsonObject,
  /** Files under onnx/, e.g. { 'model.onnx': bytes, 'model_quantized.onnx': bytes }. */
  onnxFiles: z.record(z.string(), bytes).refine((f) => Object.keys(f).length > 0, 'at least one ONNX file is required'),
  /** generation_config.json for seq2seq/causal models. */
  generationConfig: jsonObject.optional(),
  /** More files by relative path: objects are written as JSON, strings as UTF-8 text. */
  extraFiles: z.record(z.string(), z.union([z.string(), bytes, jsonObject])).optional(),
});
export type HfModelFolder = z.input<typeof HfModelFolderSchema>;

function safeRelative(path: string): string {
  const n = normalize(path);
  if (path === '' || isAbsolute(n) || n === '..' || n.startsWith(`..${sep}`)) {
    throw new JobskillError('INVALID_MODEL_FILE', `model file path ${JSON.stringify(path)} must stay inside the folder`);
  }
  return n;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The manifest that carries the folder's file hashes (`integrity`), checked by @jobskill/encoders on open. */
export const MODEL_MANIFEST_FILE = 'jobskill-manifest.json';

/**
 * Writes a model folder in Hugging Face layout (config.json, tokenizer.json, tokenizer_config.json, onnx/*.onnx, …)
 * atomically: readers see the old folder or the complete new one, never a half-written model. An object
 * `jobskill-manifest.json` among extraFiles gets the size and sha256 of every other file (`integrity`).
 */
export async function writeHfModelFolder(dir: string, folder: HfModelFolder): Promise<void> {
  const parsed = HfModelFolderSchema.safeParse(folder);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new JobskillError('INVALID_MODEL_FOLDER', `${dir}: ${issue.path.join('.') || 'folder'}: ${issue.message}`);
  }
  const f = parsed.data;
  const files = new Map<string, string | Uint8Array>();
  const add = (path: string, content: string | Uint8Array) => {
    const rel = safeRelative(path);
    if (files.has(rel)) throw new JobskillError('INVALID_MODEL_FILE', `${dir}: file ${rel} given twice`);
    files.set(rel, content);
  };
  add('config.json', json(f.config));
  add('tokenizer.json', json(f.tokenizer));
  add('tokenizer_config.json', json(f.tokenizerConfig));
  if (f.generationConfig) add('generation_config.json', json(f.generationConfig));
  for (const [name, content] of Object.entries(f.onnxFiles)) add(join('onnx', name), content);
  let manifest: Record<string, unknown> | null = null;
  for (const [name, content] of Object.entries(f.extraFiles ?? {})) {
    if (safeRelative(name) === MODEL_MANIFEST_FILE && typeof content !== 'string' && !(content instanceof Uint8Array)) {
      manifest = content;
      continue;
    }
    add(name, typeof content === 'string' || content instanceof Uint8Array ? content : json(content));
  }
  if (manifest !== null) {
    const hashed = [...files.keys()].sort().map((rel) => {
      const content = files.get(rel)!;
      const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      return [rel.split(sep).join('/'), { bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') }] as const;
    });
    add(MODEL_MANIFEST_FILE, json({ ...manifest, integrity: { algorithm: 'sha256', files: Object.fromEntries(hashed) } }));
  }
  await writeDirAtomic(dir, async (tmp) => {
    for (const [rel, content] of files) {
      const target = join(tmp, rel);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  });
}
