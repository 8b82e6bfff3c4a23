import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
import { DataError, type DataErrorCode } from '../errors.ts';

/** Formats `readDocument` understands, by file extension. */
export type DocumentFormat = 'pdf' | 'docx' | 'text';

export const DOCUMENT_EXTENSIONS: Readonly<Record<string, DocumentFormat>> = Object.freeze({
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'text',
});

/** Why a document gave no text. Each maps to one DataError code (see `NO_TEXT_ERROR_CODES`). */
export type NoTextReason = 'empty-file' | 'corrupt' | 'encrypted' | 'no-text-layer' | 'unsupported-format' | 'unreadable';

export const NO_TEXT_ERROR_CODES: Readonly<Record<NoTextReason, DataErrorCode>> = Object.freeze({
  'empty-file': 'EMPTY_FILE',
  corrupt: 'CORRUPT_FILE',
  encrypted: 'ENCRYPTED_FILE',
  'no-text-layer': 'NO_TEXT_LAYER',
  'unsupported-format': 'UNSUPPORTED_FORMAT',
  unreadable: 'FILE_NOT_FOUND',
});

/** The text of one document. `pages` is 1 for DOCX and plain text (they have no fixed pages). */
export interface DocumentText {
  file: string;
  format: DocumentFormat;
  text: string;
  pages: number;
  /** Set by folder loading with `labelFrom: 'folder'`. */
  label?: string;
}

/** A document that yielded no text, with the reason; folder loading reports these instead of dropping them. */
export interface NoTextDocument {
  file: string;
  format: DocumentFormat | null;
  text: '';
  pages: number;
  label?: string;
  noText: { reason: NoTextReason; code: DataErrorCode; message: string };
}

export type LoadedDocument = DocumentText | NoTextDocument;

export function hasText(doc: LoadedDocument): doc is DocumentText {
  return !('noText' in doc);
}

/** A typed failure of `readDocument`: a DataError whose code names the reason, with `reason` kept as data. */
export class DocumentError extends DataError {
  readonly noTextReason: NoTextReason;
  readonly pages: number;
  constructor(reason: NoTextReason, message: string, file: string, options: { pages?: number; cause?: unknown } = {}) {
    super(NO_TEXT_ERROR_CODES[reason], message, { file }, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DocumentError';
    this.noTextReason = reason;
    this.pages = options.pages ?? 0;
  }
}

export function documentFormatOf(file: string): DocumentFormat | null {
  return DOCUMENT_EXTENSIONS[extname(file).toLowerCase()] ?? null;
}

/** Sniffs the format from the first bytes (for uploads without a name): %PDF, a ZIP (DOCX), else UTF-8 text. */
export function sniffDocumentFormat(bytes: Uint8Array): DocumentFormat {
  if (bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-') return 'pdf';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'docx';
  return 'text';
}

/**
 * Collapses runs of spaces/tabs and blank lines while keeping the line structure, trims each line and the
 * whole text; sections and offsets are computed on this normalized text.
 */
export function normalizeExtractedText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\t\f\v ]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Text of a PDF in content order (pdf.js via unpdf), one line per text line, pages joined by a blank line. */
export async function extractPdfText(bytes: Uint8Array, file: string): Promise<DocumentText> {
  if (bytes.length === 0) throw new DocumentError('empty-file', 'file is empty', file);
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (and may detach) the buffer: give it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new DocumentError('encrypted', 'PDF is password-protected; cannot read its text', file, { cause: error });
    }
    throw new DocumentError('corrupt', `not a readable PDF (${(error as Error).message ?? String(error)})`, file, { cause: error });
  }
  try {
    let pages: string[];
    try {
      pages = (await extractText(pdf, { mergePages: false })).text;
    } catch (error) {
      throw new DocumentError('corrupt', `PDF content could not be read (${(error as Error).message ?? String(error)})`, file, {
        pages: pdf.numPages,
        cause: error,
      });
    }
    const text = normalizeExtractedText(pages.map((p) => normalizeExtractedText(p)).filter((p) => p !== '').join('\n\n'));
    if (text === '') {
      throw new DocumentError('no-text-layer', `PDF has ${pdf.numPages} page(s) but no text layer (scanned or image-only?)`, file, {
        pages: pdf.numPages,
      });
    }
    return { file, format: 'pdf', text, pages: pdf.numPages };
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

/** Raw text of a DOCX (mammoth), paragraphs as lines. */
export async function extractDocxText(bytes: Uint8Array, file: string): Promise<DocumentText> {
  if (bytes.length === 0) throw new DocumentError('empty-file', 'file is empty', file);
  const mammoth = await import('mammoth');
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value;
  } catch (error) {
    throw new DocumentError('corrupt', `not a readable DOCX (${(error as Error).message ?? String(error)})`, file, { cause: error });
  }
  const text = normalizeExtractedText(raw);
  if (text === '') throw new DocumentError('no-text-layer', 'DOCX has no text', file, { pages: 1 });
  return { file, format: 'docx', text, pages: 1 };
}

/** UTF-8 plain text (BOM stripped); invalid UTF-8 is corrupt, whitespace-only is empty. */
export function extractPlainText(bytes: Uint8Array, file: string): DocumentText {
  if (bytes.length === 0) throw new DocumentError('empty-file', 'file is empty', file);
  let raw: string;
  try {
    raw = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new DocumentError('corrupt', 'not valid UTF-8 text', file, { cause: error });
  }
  if (raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
  const text = normalizeExtractedText(raw);
  if (text === '') throw new DocumentError('empty-file', 'file has only whitespace', file, { pages: 1 });
  return { file, format: 'text', text, pages: 1 };
}

/** Text of document bytes of a known format; `file` names the source in errors. */
export async function extractDocumentText(bytes: Uint8Array, format: DocumentFormat, file: string): Promise<DocumentText> {
  switch (format) {
    case 'pdf':
      return extractPdfText(bytes, file);
    case 'docx':
      return extractDocxText(bytes, file);
    case 'text':
      return extractPlainText(bytes, file);
  }
}

/**
 * Reads one document (PDF, DOCX or plain text, by extension). Throws a `DocumentError` (a DataError:
 * EMPTY_FILE, CORRUPT_FILE, ENCRYPTED_FILE, NO_TEXT_LAYER, UNSUPPORTED_FORMAT, FILE_NOT_FOUND) naming the file.
 */
export async function readDocument(file: string): Promise<DocumentText> {
  const format = documentFormatOf(file);
  if (format === null) {
    throw new DocumentError('unsupported-format', `unsupported document type "${extname(file) || '(none)'}"; supported: ${Object.keys(DOCUMENT_EXTENSIONS).join(', ')}`, file);
  }
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new DocumentError('unreadable', `file not found or not readable (${(error as Error).message})`, file, { cause: error });
  }
  return extractDocumentText(bytes, format, file);
}

/** Like `readDocument`, but a document without text becomes a `NoTextDocument` record instead of an error. */
export async function readDocumentOrReason(file: string): Promise<LoadedDocument> {
  try {
    return await readDocument(file);
  } catch (error) {
    if (error instanceof DocumentError) {
      return {
        file,
        format: documentFormatOf(file),
        text: '',
        pages: error.pages,
        noText: { reason: error.noTextReason, code: error.code, message: error.reason },
      };
    }
    throw error;
  }
}
