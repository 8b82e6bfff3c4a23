import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { JobskillError } from '@jobskill/data';

export type Dtype = 'fp32' | 'q8';

/** A model string names a local folder when it is a path (absolute, ./, ../, ~) or an existing directory. */
export function isLocalModel(model: string): boolean {
  if (isAbsolute(model) || model.startsWith('./') || model.startsWith('../') || model.startsWith('~')) return true;
  return existsSync(model) && statSync(model).isDirectory();
}

/**
 * Where and how to load a model: local folders are checked (config.json, tokenizer.json) and get
 * `local_files_only` + `env.allowRemoteModels = false`, so nothing is fetched for them; the dtype
 * defaults to fp32 when the folder has the fp32 file(s), else q8.
 */
export function resolveModel(model: string, dtype: Dtype | undefined, onnxFiles: readonly string[]): { path: string; local: boolean; dtype: Dtype } {
  if (!isLocalModel(model)) return { path: model, local: false, dtype: dtype ?? 'q8' };
  const dir = resolve(model);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new JobskillError('MODEL_NOT_FOUND', `model folder not found: ${dir}`);
  for (const f of ['config.json', 'tokenizer.json']) {
    if (!existsSync(join(dir, f))) throw new JobskillError('MODEL_NOT_FOUND', `${dir} is not a Hugging Face model folder: ${f} is missing`);
  }
  const has = (d: Dtype): boolean => onnxFiles.every((f) => existsSync(join(dir, 'onnx', d === 'fp32' ? `${f}.onnx` : `${f}_quantized.onnx`)));
  const chosen = dtype ?? (has('fp32') ? 'fp32' : 'q8');
  if (!has(chosen)) {
    const names = onnxFiles.map((f) => `onnx/${chosen === 'fp32' ? f : `${f}_quantized`}.onnx`).join(', ');
    throw new JobskillError('MODEL_NOT_FOUND', `${dir}: dtype ${chosen} needs ${names}, which is missing`);
  }
  return { path: dir, local: true, dtype: chosen };
}

export function modelLoadError(model: string, local: boolean, cause: unknown): JobskillError {
  const where = local ? `model folder ${model}` : `hub model ${model}`;
  return new JobskillError(
    'MODEL_LOAD_FAILED',
    `cannot load ${where}: ${(cause as Error).message}` + (local ? '' : ' (hub models need network access or a filled cache)'),
    { cause },
  );
}
