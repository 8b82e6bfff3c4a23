import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Temp path next to `target` (same filesystem, so rename is atomic). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes a file atomically: temp file in the same directory, then rename over the target. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Writes a whole directory atomically: `fill` writes into a temp sibling directory,
 * which then replaces `target` (the old one is moved aside and removed).
 */
export async function writeDirAtomic(target: string, fill: (tmpDir: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  await mkdir(tmp, { recursive: true });
  try {
    await fill(tmp);
    const old = `${tmp}.old`;
    let movedOld = false;
    try {
      await rename(target, old);
      movedOld = true;
    } catch {
      // no previous directory
    }
    await rename(tmp, target);
    if (movedOld) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
