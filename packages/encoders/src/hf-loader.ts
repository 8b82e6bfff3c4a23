import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { JobskillError } from '@jobskill/data';

export type Dtype = 'fp32' | 'q8';

/**
 * The one default dtype of every transformers.js load: fp32. A local folder that ships only the quantized file(s)
 * falls back to q8 (the only thing it can run).
 */
export const DEFAULT_DTYPE: Dtype = 'fp32';

/** File of an ONNX graph for a dtype: `onnx/<name>.onnx` (fp32) or `onnx/<name>_quantized.onnx` (q8). */
export function onnxFileOf(name: string, dtype: Dtype): string {
  return `onnx/${dtype === 'fp32' ? name : `${name}_quantized`}.onnx`;
}

/** A model string names a local folder when it is a path (absolute, ./, ../, ~) or an existing directory. */
export function isLocalModel(model: string): boolean {
  if (isAbsolute(model) || model.startsWith('./') || model.startsWith('../') || model.startsWith('~')) return true;
  return existsSync(model) && statSync(model).isDirectory();
}

export interface ResolvedModel {
  /** Absolute folder (local) or the hub id as given. */
  path: string;
  local: boolean;
  dtype: Dtype;
}

/**
 * Where and how to load a model. Local folders are checked (config.json, tokenizer.json, the ONNX files of the
 * dtype); the dtype is the requested one, else fp32 when its files exist, else q8.
 */
export function resolveModel(model: string, dtype: Dtype | undefined, onnxFiles: readonly string[] = ['model']): ResolvedModel {
  if (!isLocalModel(model)) return { path: model, local: false, dtype: dtype ?? DEFAULT_DTYPE };
  const dir = resolve(model);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new JobskillError('MODEL_NOT_FOUND', `model folder not found: ${dir}`);
  for (const f of ['config.json', 'tokenizer.json']) {
    if (!existsSync(join(dir, f))) throw new JobskillError('MODEL_NOT_FOUND', `${dir} is not a Hugging Face model folder: ${f} is missing`);
  }
  const has = (d: Dtype): boolean => onnxFiles.every((f) => existsSync(join(dir, onnxFileOf(f, d))));
  if (dtype !== undefined) {
    if (!has(dtype)) {
      const names = onnxFiles.map((f) => onnxFileOf(f, dtype)).join(', ');
      throw new JobskillError('MODEL_NOT_FOUND', `${dir}: dtype ${dtype} needs ${names}, which is missing`);
    }
    return { path: dir, local: true, dtype };
  }
  if (has('fp32')) return { path: dir, local: true, dtype: 'fp32' };
  if (has('q8')) return { path: dir, local: true, dtype: 'q8' };
  const either = onnxFiles.map((f) => `${onnxFileOf(f, 'fp32')} nor ${onnxFileOf(f, 'q8')}`).join(', ');
  throw new JobskillError('MODEL_NOT_FOUND', `${dir}: neither ${either} exists`);
}

/**
 * The transformers.js `from_pretrained`/`pipeline` options of one load. The remote/local policy is per call
 * (`local_files_only`), never the process-wide `env.allowRemoteModels`, so loading a local folder does not disable
 * hub ids for the rest of the process.
 */
export function pretrainedOptions(
  resolved: ResolvedModel,
  cacheDir?: string,
): { dtype: Dtype; device: 'cpu'; local_files_only: boolean; cache_dir?: string } {
  return {
    dtype: resolved.dtype,
    device: 'cpu',
    local_files_only: resolved.local,
    ...(cacheDir !== undefined ? { cache_dir: cacheDir } : {}),
  };
}

export function modelLoadError(model: string, local: boolean, cause: unknown, dtype?: Dtype): JobskillError {
  const where = local ? `model folder ${model}` : `hub model ${model}`;
  return new JobskillError(
    'MODEL_LOAD_FAILED',
    `cannot load ${where}${dtype !== undefined ? ` (dtype ${dtype})` : ''}: ${(cause as Error).message}` +
      (local ? '' : ' (hub models need network access or a filled cache_dir)'),
    { cause },
  );
}
