import { JobskillError } from '@jobskill/data';
import { ExtractOptionsSchema, MAX_TEXT_LENGTH, type ExtractOptions } from './types.ts';

/** Options checked strictly: an unknown or out-of-range option is INVALID_OPTION, never ignored. */
export function parseExtractOptions(options: unknown): { k: number | undefined; threshold: number | undefined } {
  const parsed = ExtractOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? `option "${issue.path.join('.')}"` : 'options';
    throw new JobskillError('INVALID_OPTION', `${where}: ${issue.message}`);
  }
  return parsed.data as Required<ExtractOptions>;
}

/**
 * Text that cannot be read as text is refused rather than matched: NUL characters or a high share of control /
 * replacement characters mean binary content (an image, a zip) was passed as text.
 */
export function validateText(text: unknown): string {
  if (typeof text !== 'string') throw new JobskillError('INVALID_TEXT', `text must be a string, got ${typeof text}`);
  if (text.length > MAX_TEXT_LENGTH) {
    throw new JobskillError(
      'TEXT_TOO_LONG',
      `text is ${text.length} characters; at most ${MAX_TEXT_LENGTH} are accepted (split the document)`,
    );
  }
  let suspicious = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) throw new JobskillError('INVALID_TEXT', `text contains a NUL character at offset ${i}: binary data, not text`);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd || (c >= 0x7f && c < 0xa0)) suspicious++;
  }
  if (text.length >= 16 && suspicious / text.length > 0.1) {
    throw new JobskillError(
      'INVALID_TEXT',
      `text has ${suspicious} control or replacement characters out of ${text.length}: binary data, not text`,
    );
  }
  return text;
}
