import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { JobskillError } from '@jobskill/data';

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Checks, before any model is loaded, that `out` can be written: not an input file, not a folder, and its nearest
 * existing ancestor is a writable folder. The error names the user's path, not the temp file of the atomic write.
 */
export function checkOutputPath(out: string, options: { inputs?: string[]; flag?: string } = {}): void {
  const flag = options.flag ?? '--out';
  for (const input of options.inputs ?? []) {
    if (canonical(input) === canonical(out)) {
      throw new JobskillError('OUT_IS_INPUT', `${flag} ${out} is the input file: writing it would replace the input; choose another ${flag}`);
    }
  }
  if (existsSync(out) && statSync(out).isDirectory()) {
    throw new JobskillError('OUTPUT_NOT_WRITABLE', `${flag} ${out} is a folder; give a file path`);
  }
  let dir = dirname(resolve(out));
  while (!existsSync(dir)) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) {
    throw new JobskillError('OUTPUT_NOT_WRITABLE', `cannot write ${flag} ${out}: ${dir} is a file, not a folder`);
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new JobskillError('OUTPUT_NOT_WRITABLE', `cannot write ${flag} ${out}: the folder ${dir} is not writable`);
  }
}
