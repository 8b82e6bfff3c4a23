/**
 * BERT-style uncased WordPiece tokenization, written to give exactly the token ids that transformers.js
 * (@huggingface/tokenizers: BertNormalizer → BertPreTokenizer → WordPiece → [CLS] … [SEP]) gives for the
 * tokenizer.json we export. The trainer must see the same ids as inference, so each step mirrors that code,
 * quirks included (e.g. the control-character test and `charCodeAt(0)` on astral characters).
 */

export const SPECIAL_TOKENS = Object.freeze({
  pad: '[PAD]',
  unk: '[UNK]',
  cls: '[CLS]',
  sep: '[SEP]',
  mask: '[MASK]',
});
export const SPECIAL_TOKEN_LIST: readonly string[] = Object.freeze([
  SPECIAL_TOKENS.pad,
  SPECIAL_TOKENS.unk,
  SPECIAL_TOKENS.cls,
  SPECIAL_TOKENS.sep,
  SPECIAL_TOKENS.mask,
]);
export const CONTINUING_SUBWORD_PREFIX = '##';
export const MAX_INPUT_CHARS_PER_WORD = 100;

const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const PRE_TOKEN_PATTERN = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, 'gu');
const CONTROL = /^\p{Cc}|\p{Cf}|\p{Co}|\p{Cs}$/u;
const SINGLE_WHITESPACE = /^\s$/;
const MARKS = /\p{Mn}/gu;
const SPECIAL_SPLIT = /(\[PAD\]|\[UNK\]|\[CLS\]|\[SEP\]|\[MASK\])/;

function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

function isControl(char: string): boolean {
  if (char === '\t' || char === '\n' || char === '\r') return false;
  return CONTROL.test(char);
}

/** BertNormalizer with clean_text, handle_chinese_chars, lowercase and accent stripping all on. */
export function normalizeBert(text: string): string {
  let cleaned = '';
  for (const char of text) {
    const cp = char.charCodeAt(0);
    if (cp === 0 || cp === 0xfffd || isControl(char)) continue;
    cleaned += SINGLE_WHITESPACE.test(char) ? ' ' : char;
  }
  let spaced = '';
  for (let i = 0; i < cleaned.length; i++) {
    // Per UTF-16 unit, like the reference implementation.
    const char = cleaned[i]!;
    spaced += isChineseChar(char.charCodeAt(0)) ? ` ${char} ` : char;
  }
  return spaced.toLowerCase().normalize('NFD').replace(MARKS, '');
}

/** BertPreTokenizer: runs of non-space non-punctuation, and each punctuation character alone. */
export function preTokenizeBert(normalized: string): string[] {
  return normalized.trim().match(PRE_TOKEN_PATTERN) ?? [];
}

/** Normalized words of a text, as the WordPiece model sees them. */
export function bertWords(text: string): string[] {
  return preTokenizeBert(normalizeBert(text));
}

export interface WordPieceOptions {
  /** Wrap every sequence in [CLS] … [SEP] (the TemplateProcessing post-processor of the exported tokenizer). */
  addSpecialTokens: boolean;
  /** Truncation length including the special tokens (the tokenizer's model_max_length). */
  maxLength: number;
}

export class WordPieceTokenizer {
  readonly vocab: readonly string[];
  readonly options: WordPieceOptions;
  private readonly ids: Map<string, number>;
  private readonly unkId: number;
  private readonly clsId: number;
  private readonly sepId: number;
  private readonly wordCache = new Map<string, readonly number[]>();

  constructor(vocab: readonly string[], options: WordPieceOptions) {
    this.vocab = vocab;
    this.options = options;
    this.ids = new Map(vocab.map((token, id) => [token, id]));
    if (this.ids.size !== vocab.length) throw new Error('WordPiece vocabulary has duplicate tokens');
    const need = (token: string): number => {
      const id = this.ids.get(token);
      if (id === undefined) throw new Error(`WordPiece vocabulary lacks ${token}`);
      return id;
    };
    this.unkId = need(SPECIAL_TOKENS.unk);
    this.clsId = need(SPECIAL_TOKENS.cls);
    this.sepId = need(SPECIAL_TOKENS.sep);
  }

  get size(): number {
    return this.vocab.length;
  }

  idOf(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** Greedy longest-match-first pieces of one pre-token; [UNK] for the whole word if any part is unknown. */
  encodeWord(word: string, exclude?: ReadonlySet<number>): readonly number[] {
    if (exclude === undefined) {
      const cached = this.wordCache.get(word);
      if (cached !== undefined) return cached;
    }
    const chars = [...word];
    let out: number[];
    if (chars.length > MAX_INPUT_CHARS_PER_WORD) {
      out = [this.unkId];
    } else {
      out = [];
      let start = 0;
      while (start < chars.length) {
        let end = chars.length;
        let found = -1;
        while (start < end) {
          let piece = chars.slice(start, end).join('');
          if (start > 0) piece = CONTINUING_SUBWORD_PREFIX + piece;
          const id = this.ids.get(piece);
          if (id !== undefined && (exclude === undefined || !exclude.has(id))) {
            found = id;
            break;
          }
          end--;
        }
        if (found < 0) {
          out = [this.unkId];
          break;
        }
        out.push(found);
        start = end;
      }
    }
    if (exclude === undefined) this.wordCache.set(word, out);
    return out;
  }

  /** Token ids of a text exactly as transformers.js produces them (with truncation). */
  encode(text: string): number[] {
    return this.finish(this.contentIds(text));
  }

  /**
   * The text's own token ids, after truncation but without [CLS]/[SEP]. The exported model zeroes the special
   * rows, so the pooled direction depends on these alone; the trainer pools exactly these.
   */
  contentIds(text: string): number[] {
    const ids: number[] = [];
    for (const word of this.words(text)) {
      const special = this.ids.get(word);
      if (SPECIAL_TOKEN_LIST.includes(word) && special !== undefined) ids.push(special);
      else for (const id of this.encodeWord(word)) ids.push(id);
    }
    return this.truncate(ids);
  }

  /**
   * The content tokens that survive truncation. transformers.js truncates the sequence *after* adding the special
   * tokens, so an over-long text keeps [CLS] + its first maxLength − 1 tokens and loses [SEP].
   */
  truncate(ids: number[]): number[] {
    const { addSpecialTokens, maxLength } = this.options;
    if (!addSpecialTokens) return ids.length > maxLength ? ids.slice(0, maxLength) : ids;
    return ids.length + 2 > maxLength ? ids.slice(0, maxLength - 1) : ids;
  }

  /**
   * Pre-tokens of a text. Special tokens written literally in the text ("[SEP]") are split off before
   * normalization and kept whole, as the tokenizer.json added_tokens make transformers.js do.
   */
  words(text: string): string[] {
    const out: string[] = [];
    for (const part of text.split(SPECIAL_SPLIT)) {
      if (part === '') continue;
      if (SPECIAL_TOKEN_LIST.includes(part)) out.push(part);
      else out.push(...bertWords(part));
    }
    return out;
  }

  /** Adds the special tokens and truncates, in transformers.js order. */
  finish(ids: number[]): number[] {
    const { addSpecialTokens, maxLength } = this.options;
    const full = addSpecialTokens ? [this.clsId, ...ids, this.sepId] : ids;
    return full.length > maxLength ? full.slice(0, maxLength) : full;
  }
}
