import { readFile, stat } from 'node:fs/promises';
import { DataError } from './errors.ts';

/** Fails with FILE_NOT_FOUND (or names the problem) instead of a raw ENOENT. */
export async function assertReadableFile(file: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new DataError('FILE_NOT_FOUND', 'not a regular file', { file });
    size = info.size;
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError('FILE_NOT_FOUND', 'file not found or not readable', { file }, { cause: error });
  }
  if (size === 0) throw new DataError('EMPTY_FILE', 'file is empty', { file });
  return size;
}

/** Reads a UTF-8 text file (BOM stripped); empty or whitespace-only files are an EMPTY_FILE error. */
export async function readTextFile(file: string): Promise<string> {
  await assertReadableFile(file);
  let text = await readFile(file, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new DataError('EMPTY_FILE', 'file has no content', { file });
  return text;
}

/** Splits text into lines (LF or CRLF); a final newline does not create an extra empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
