import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { z } from 'zod';
import { DataError } from '../errors.ts';
import { documentFormatOf, hasText, readDocumentOrReason, type LoadedDocument, type NoTextReason } from './read-document.ts';

export const LoadDocumentsOptionsSchema = z.object({
  /** 'folder': the name of the folder holding each file is its label (a folder of folders, one per class). */
  labelFrom: z.enum(['none', 'folder']).default('none'),
  /** Documents read at once; pdf.js parsing is async, so a few in flight hide file I/O. */
  concurrency: z.number().int().min(1).max(64).default(4),
  /** Called after each document with the count done and the total found. */
  onProgress: z.custom<(progress: DocumentProgress) => void>((v) => typeof v === 'function').optional(),
});
export type LoadDocumentsOptions = z.input<typeof LoadDocumentsOptionsSchema>;

export interface DocumentProgress {
  done: number;
  total: number;
  file: string;
  ok: boolean;
}

/**
 * The documents under `path`: the file itself, or every file of a supported type (.pdf, .docx, .txt, .md)
 * in the folder and its sub-folders, sorted by path. Files of other types are returned in `unsupported`
 * (so nothing is dropped silently). With labelFrom 'folder' every file must sit in a sub-folder of `path`.
 */
export async function listDocumentFiles(path: string, labelFrom: 'none' | 'folder' = 'none'): Promise<{ files: string[]; unsupported: string[] }> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new DataError('FILE_NOT_FOUND', 'file or folder not found', { file: path }, { cause: error });
  }
  if (info.isFile()) {
    if (labelFrom === 'folder') throw new DataError('INVALID_VALUE', '--label-from folder needs a folder of folders (one per label), not a file', { file: path });
    return { files: [path], unsupported: [] };
  }
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const unsupported: string[] = [];
  for (const e of entries) {
    if (!e.isFile() || e.name.startsWith('.')) continue;
    const full = join(e.parentPath, e.name);
    (documentFormatOf(full) === null ? unsupported : files).push(full);
  }
  files.sort();
  unsupported.sort();
  if (labelFrom === 'folder') {
    const top = files.filter((f) => dirname(f) === path || relative(path, f) === basename(f));
    if (top.length > 0) throw new DataError('INVALID_VALUE', `--label-from folder: ${top.length} file(s) are not in a label folder (e.g. ${top[0]})`, { file: path });
  }
  return { files, unsupported };
}

function labelOf(root: string, file: string): string {
  return relative(root, file).split(/[\\/]/)[0]!;
}

/**
 * Streams the documents of a file or folder in path order, `concurrency` at a time. A document without
 * text (empty, corrupt, encrypted, image-only, unsupported type) is yielded as a `NoTextDocument` naming
 * the file and reason; a missing path is a DataError.
 */
export async function* iterateDocuments(path: string, options: LoadDocumentsOptions = {}): AsyncGenerator<LoadedDocument> {
  const opts = LoadDocumentsOptionsSchema.parse(options);
  const { files, unsupported } = await listDocumentFiles(path, opts.labelFrom);
  const all = [...files, ...unsupported].sort();
  const total = all.length;
  const withLabel = (doc: LoadedDocument): LoadedDocument => (opts.labelFrom === 'folder' ? { ...doc, label: labelOf(path, doc.file) } : doc);
  const inFlight: Promise<LoadedDocument>[] = [];
  let next = 0;
  let done = 0;
  const start = () => {
    const file = all[next++]!;
    inFlight.push(readDocumentOrReason(file).then(withLabel));
  };
  while (next < all.length && inFlight.length < opts.concurrency) start();
  while (inFlight.length > 0) {
    const doc = await inFlight.shift()!;
    if (next < all.length) start();
    done++;
    opts.onProgress?.({ done, total, file: doc.file, ok: hasText(doc) });
    yield doc;
  }
}

export interface DocumentLoadSummary {
  total: number;
  withText: number;
  noText: number;
  byReason: Partial<Record<NoTextReason, number>>;
  pages: number;
}

export function summarizeDocuments(docs: readonly LoadedDocument[]): DocumentLoadSummary {
  const byReason: Partial<Record<NoTextReason, number>> = {};
  let withText = 0;
  let pages = 0;
  for (const d of docs) {
    pages += d.pages;
    if (hasText(d)) withText++;
    else byReason[d.noText.reason] = (byReason[d.noText.reason] ?? 0) + 1;
  }
  return { total: docs.length, withText, noText: docs.length - withText, byReason, pages };
}

/** All documents of a file or folder (see `iterateDocuments`), with a summary. */
export async function loadDocuments(path: string, options: LoadDocumentsOptions = {}): Promise<{ documents: LoadedDocument[]; summary: DocumentLoadSummary }> {
  const documents: LoadedDocument[] = [];
  for await (const d of iterateDocuments(path, options)) documents.push(d);
  return { documents, summary: summarizeDocuments(documents) };
}
