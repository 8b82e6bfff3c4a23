import { z } from 'zod';
import type { LabelSetInput } from '../label-sets.ts';

/** A label-set name (see LABEL_SETS) or a LabelSet object; validated by resolveLabelSet. */
export const LabelSetOptionSchema = z.custom<string | LabelSetInput>((v) => typeof v === 'string' || (typeof v === 'object' && v !== null)).optional();

/** Any object with the Encoder shape (docs/ARCHITECTURE.md). */
export const EncoderOptionSchema = z.custom<import('../types.ts').Encoder>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { encode?: unknown }).encode === 'function',
  { message: 'expected an Encoder (an object with encode(texts))' },
);
