import { z } from 'zod';
import { DataError } from '@jobskill/data';

/** BERT's special tokens, in the order we put them at the start of every vocab we build ([PAD] = 0). */
export const BERT_SPECIAL_TOKENS = Object.freeze(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const);
/** T5's special tokens with T5's ids (<pad> = 0 is also the decoder start token, </s> = 1, <unk> = 2). */
export const T5_SPECIAL_TOKENS = Object.freeze(['<pad>', '</s>', '<unk>'] as const);

interface TokenizerStyle {
  specials: readonly string[];
  unk: string;
  single: object[];
  pair: object[];
  templateTokens: readonly string[];
  config: Record<string, string>;
}

const special = (id: string, typeId = 0) => ({ SpecialToken: { id, type_id: typeId } });
const sequence = (id: 'A' | 'B', typeId = 0) => ({ Sequence: { id, type_id: typeId } });

/** How each style wraps sequences: BERT `[CLS] A [SEP] (B [SEP])`, T5 `A </s> (B </s>)` as in the HF tokenizers. */
const STYLES: Record<'bert' | 't5', TokenizerStyle> = {
  bert: {
    specials: BERT_SPECIAL_TOKENS,
    unk: '[UNK]',
    single: [special('[CLS]'), sequence('A'), special('[SEP]')],
    pair: [special('[CLS]'), sequence('A'), special('[SEP]'), sequence('B', 1), special('[SEP]', 1)],
    templateTokens: ['[CLS]', '[SEP]'],
    config: { pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]' },
  },
  t5: {
    specials: T5_SPECIAL_TOKENS,
    unk: '<unk>',
    single: [sequence('A'), special('</s>')],
    pair: [sequence('A'), special('</s>'), sequence('B'), special('</s>')],
    templateTokens: ['</s>'],
    config: { pad_token: '<pad>', eos_token: '</s>', unk_token: '<unk>' },
  },
};

export const WordPieceTokenizerOptionsSchema = z.object({
  /** Token strings by id. Word-internal pieces carry the `##` prefix. Must contain the five special tokens. */
  vocab: z.array(z.string()),
  /** BertNormalizer lowercasing (uncased model). */
  lowercase: z.boolean().default(true),
  /** NFD + drop combining marks ("Café" → "cafe"). */
  stripAccents: z.boolean().default(true),
  /** Truncation length transformers.js applies (`truncation: true` uses model_max_length). */
  modelMaxLength: z.number().int().positive().default(512),
  /** Words longer than this become [UNK] (HF default). */
  maxInputCharsPerWord: z.number().int().positive().default(100),
  /** Special tokens and templates: 'bert' ([CLS]/[SEP], segment ids) or 't5' (</s> terminated, for seq2seq). */
  style: z.enum(['bert', 't5']).default('bert'),
  /** tokenizer_config.json class; default BertTokenizer (returns token_type_ids) or T5Tokenizer by style. */
  tokenizerClass: z.string().optional(),
});
export type WordPieceTokenizerOptions = z.input<typeof WordPieceTokenizerOptionsSchema>;

export interface HfTokenizerFiles {
  /** Contents of tokenizer.json (HF `tokenizers` format). */
  tokenizer: Record<string, unknown>;
  /** Contents of tokenizer_config.json. */
  tokenizerConfig: Record<string, unknown>;
}

/** Checks a WordPiece vocab: unique non-empty tokens, no whitespace, all specials present. Returns token → id. */
export function checkWordPieceVocab(
  vocab: readonly string[],
  file = 'vocab',
  specials: readonly string[] = BERT_SPECIAL_TOKENS,
): Map<string, number> {
  const ids = new Map<string, number>();
  vocab.forEach((token, id) => {
    if (typeof token !== 'string' || token.length === 0 || token === '##') {
      throw new DataError('INVALID_VALUE', `empty token at id ${id}`, { file, row: id, field: 'token' });
    }
    if (/\s/u.test(token)) {
      throw new DataError('INVALID_VALUE', `token ${JSON.stringify(token)} contains whitespace`, { file, row: id, field: 'token' });
    }
    const previous = ids.get(token);
    if (previous !== undefined) {
      throw new DataError('INVALID_VALUE', `token ${JSON.stringify(token)} repeats id ${previous}`, { file, row: id, field: 'token' });
    }
    ids.set(token, id);
  });
  for (const token of specials) {
    if (!ids.has(token)) throw new DataError('INVALID_VALUE', `vocab lacks special token ${token}`, { file, field: 'token' });
  }
  return ids;
}

/**
 * Builds tokenizer.json + tokenizer_config.json for an uncased WordPiece tokenizer, in the exact JSON the HF
 * `tokenizers` library writes for bert-base-uncased, so transformers.js (and Python) load it unchanged.
 */
export function buildWordPieceTokenizer(options: WordPieceTokenizerOptions): HfTokenizerFiles {
  const o = WordPieceTokenizerOptionsSchema.parse(options);
  const style = STYLES[o.style];
  const ids = checkWordPieceVocab(o.vocab, 'vocab', style.specials);
  const id = (t: string) => ids.get(t)!;
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    // Special tokens are matched before normalization, so "[CLS]" in raw text stays one token (as in HF BERT).
    added_tokens: style.specials.map((t) => ({
      id: id(t),
      content: t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })).sort((a, b) => a.id - b.id),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: o.stripAccents,
      lowercase: o.lowercase,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: style.single,
      pair: style.pair,
      special_tokens: Object.fromEntries(style.templateTokens.map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: style.unk,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: o.maxInputCharsPerWord,
      vocab: Object.fromEntries(ids),
    },
  };
  const tokenizerConfig = {
    tokenizer_class: o.tokenizerClass ?? (o.style === 't5' ? 'T5Tokenizer' : 'BertTokenizer'),
    do_lower_case: o.lowercase,
    strip_accents: o.stripAccents,
    tokenize_chinese_chars: true,
    clean_up_tokenization_spaces: true,
    model_max_length: o.modelMaxLength,
    padding_side: 'right',
    ...style.config,
  };
  return { tokenizer, tokenizerConfig };
}
