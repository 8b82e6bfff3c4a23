/**
 * The closed list of error codes the toolkit throws, each with what the API answers (HTTP status) and the CLI exits
 * with, in the style of fastify's `lib/errors.js`. Three kinds:
 * - `user`: the caller's input or options are wrong → 4xx, exit 1;
 * - `setup`: something the operator must build, install or fetch is missing or stale (model not built, index of
 *   another encoder, download failed) → 503 (the API client cannot fix it), exit 1 (the CLI user can);
 * - `internal`: a bug or a broken invariant → 500 (details logged, not leaked), exit 70 (EX_SOFTWARE).
 * A new code is added here, nowhere else; `JobskillError` only accepts codes of this catalogue.
 */
export type ErrorKind = 'user' | 'setup' | 'internal';

export interface ErrorSpec {
  readonly kind: ErrorKind;
  /** HTTP status of the API's problem answer. */
  readonly status: number;
  /** CLI exit code: 1 for user and setup errors, 70 for internal ones. */
  readonly exitCode: 1 | 70;
  /** What the code means (documentation; the thrown message says what exactly went wrong). */
  readonly message: string;
}

const user = (message: string, status = 400): ErrorSpec => Object.freeze({ kind: 'user', status, exitCode: 1, message });
const setup = (message: string): ErrorSpec => Object.freeze({ kind: 'setup', status: 503, exitCode: 1, message });
const internal = (message: string): ErrorSpec => Object.freeze({ kind: 'internal', status: 500, exitCode: 70, message });

export const ERROR_CATALOGUE = Object.freeze({
  // Input files (DataError: file, line/row, field)
  FILE_NOT_FOUND: user('an input file or folder does not exist'),
  EMPTY_FILE: user('an input file is empty'),
  TRUNCATED_FILE: user('an input file ends early (cut download?)'),
  MISSING_COLUMN: user('a table lacks a required column'),
  WRONG_TYPE: user('a field has the wrong type'),
  MALFORMED_ROW: user('a row or line cannot be parsed'),
  BAD_LIST_LITERAL: user('a list-literal field cannot be parsed'),
  BAD_JSON: user('a JSON field or file is not valid JSON'),
  UNSUPPORTED_FORMAT: user('the file format cannot be read or written', 415),
  CORRUPT_FILE: user('an input file is corrupt'),
  ENCRYPTED_FILE: user('a document is password-protected', 422),
  NO_TEXT_LAYER: user('a document has pages but no text layer (scanned or image-only)', 422),
  INVALID_VALUE: user('a field holds a value out of its domain'),
  DATA_DIR_NOT_FOUND: user('no usable data directory (none given, or it does not exist)'),
  // Options and queries
  INVALID_OPTION: user('an option is missing or out of range'),
  INVALID_INPUT: user('the input is not of the expected shape'),
  INVALID_QUERY: user('the job title is empty or not a string'),
  QUERY_TOO_LONG: user('the job title is longer than the limit', 413),
  INVALID_SEED: user('a random seed is not a finite number'),
  INVALID_LABEL: user('a label cannot be used (e.g. tokenizes to nothing)'),
  INVALID_LABEL_SET: user('a label-set definition is invalid'),
  INVALID_RUN: user('a ranked run is invalid (duplicate doc, non-finite score, bad TREC field)'),
  INVALID_MODEL_NAME: user('a model name is not a plain folder name'),
  UNKNOWN_ENCODER: user('no encoder of that name', 404),
  UNKNOWN_LABELER: user('no labeler of that name', 404),
  UNKNOWN_LABEL_SET: user('no label set of that name', 404),
  UNKNOWN_LABEL: user('a label is not in the label list'),
  UNKNOWN_METRIC: user('no metric of that name, or a bad cut-off'),
  UNKNOWN_RERANKER: user('no re-ranker of that name', 404),
  UNKNOWN_VECTOR_INDEX: user('no vector index of that name', 404),
  UNKNOWN_VECTORS: user('no pretrained vectors of that name', 404),
  // Data sets that cannot be used as given
  EMPTY_INPUT: user('there are no samples to score'),
  EMPTY_QRELS: user('the qrels hold no query'),
  EMPTY_CORPUS: user('the skill corpus has no skill'),
  EMPTY_GRAPH: user('the ESCO data has no occupation'),
  EMPTY_SKILL: user('a corpus skill has no label or alias'),
  DUPLICATE_DOC_ID: user('a document id occurs twice'),
  DUPLICATE_QREL: user('the qrels list a document twice for one query'),
  LENGTH_MISMATCH: user('two lists that must align differ in length'),
  NO_QRELS: user('the data set has no qrels, so it cannot be evaluated'),
  NO_QUERIES: user('the data set has no query'),
  NO_TRAINING_DATA: user('nothing to learn from'),
  NO_EVIDENCE: user('training inputs have no skills or text'),
  TOO_FEW_CLASSES: user('fewer than 2 distinct labels'),
  TOO_FEW_EXAMPLES: user('too few examples for the requested training or folds'),
  TOO_FEW_OCCUPATIONS: user('too few occupations usable as training queries'),
  // Models, indexes and downloads the operator provides
  MODEL_NOT_BUILT: setup('an embedded model is not built (run `pnpm turbo run model`)'),
  MODEL_NOT_FOUND: setup('a model folder or one of its files is missing'),
  MODEL_LOAD_FAILED: setup('a model cannot be loaded or run'),
  INVALID_MODEL_FOLDER: setup('a model folder description is invalid'),
  INVALID_MODEL_FILE: setup('a model folder lists a file twice or outside itself'),
  MODEL_MISMATCH: setup('a model does not agree with its own manifest'),
  ENCODER_MISMATCH: setup('a model or index was built with another encoder'),
  INDEX_NOT_FOUND: setup('no index at that folder (build it first)'),
  INDEX_MISMATCH: setup('the index was built for another corpus or encoder (rebuild it)'),
  INDEX_UNREADABLE: setup('the index files are corrupt or truncated (rebuild it)'),
  ARTIFACT_CORRUPT: setup('a built artifact file does not match the size or sha256 in its manifest (rebuild it)'),
  ARTIFACT_UNSEALED: setup('a built artifact manifest lists no file hashes (run `pnpm -s seal-artifacts` or rebuild it)'),
  VECTORS_NOT_INSTALLED: setup('the npm package of the pretrained vectors is not installed'),
  DOWNLOAD_FAILED: setup('a download failed'),
  CHECKSUM_MISMATCH: setup('a downloaded file does not match its checksum'),
  FETCH_FAILED: setup('some data sources could not be fetched'),
  // Broken invariants
  BAD_SOURCE: internal('a data source definition is incomplete'),
  BAD_VECTORS: internal('a vector table does not match its shape'),
  DIMENSION_MISMATCH: internal('vectors of different dimensions met'),
  ENCODER_FAILED: internal('the encoder failed or returned no vector'),
  ENCODER_DISPOSED: internal('the encoder was used after dispose()'),
  ENCODER_UNAVAILABLE: internal('the encoder package does not provide an encoder'),
  ENSEMBLE_EMPTY: internal('no text to scale the ensemble members by'),
  INDEX_READ_ONLY: internal('a memory-mapped index cannot be added to'),
  INVALID_EMBEDDINGS: internal('an embedding table has the wrong size or non-finite values'),
  MODEL_OUTPUT: internal('a model returned output of the wrong shape'),
  NOT_PRIMARY: internal('a primary-only call ran in a worker'),
  ONNX_INVALID_GRAPH: internal('an ONNX graph being written is invalid'),
  ONNX_UNSUPPORTED: internal('ONNX writing is not supported on this host'),
  RERANK_FAILED: internal('the re-ranker failed or returned bad scores'),
  TOO_MANY_KEYS: internal('more keys than the packing allows'),
  TRAINING_DIVERGED: internal('training loss became non-finite'),
  WORKER_FAILED: internal('an API worker failed to start'),
  // Free text (skill extraction, matching)
  INVALID_TEXT: user('the text is not text (NUL bytes, mostly control characters, not a string)'),
  TEXT_TOO_LONG: user('the text is longer than the limit', 413),
  INVALID_TITLE: user('the job title is empty or not usable'),
  EXTRACTOR_UNAVAILABLE: setup('this service has no skill extractor loaded, so it cannot read skills from text'),
  // Outputs and reports
  OUT_IS_INPUT: user('the output path is the input file: writing it would replace the input'),
  INVALID_EVAL_REPORT: user('an evaluation report file is not JSON or not a report'),
  OUTPUT_NOT_WRITABLE: user('an output path cannot be written (folder missing permissions, a file in the way)'),
  UNKNOWN_QUERY_IDS: user('the qrels name queries the queries file or run does not have'),
  OPTION_NOT_USED: user('an option was given that the chosen component does not take'),
  // Serving and lookup
  PORT_IN_USE: user('the port to listen on is taken by another process'),
  PORT_UNAVAILABLE: user('the address or port cannot be listened on (permission, no such address)'),
  INDEX_NOT_BUILT: setup('the served skill index is not built (run `pnpm model`)'),
  SKILL_NOT_FOUND: user('no ESCO skill of that id', 404),
  // Batch jobs (BullMQ on Redis)
  INVALID_QUEUE_URL: user('the queue is not a redis:// URL'),
  UNKNOWN_TASK: user('no batch task of that name', 404),
  BATCH_NOT_FOUND: user('no batch of that id or output folder', 404),
  BATCH_INCOMPLETE: user('the batch still has chunks not done (waiting, active or failed)', 409),
  BATCH_INCONSISTENT: internal('a batch output would hold a row twice or miss one'),
} satisfies Record<string, ErrorSpec>);

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES: readonly ErrorCode[] = Object.freeze(Object.keys(ERROR_CATALOGUE) as ErrorCode[]);

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}

/** The catalogue entry of a code; a code outside the catalogue (only possible through casts) is internal. */
export function errorSpec(code: string): ErrorSpec {
  return isErrorCode(code) ? ERROR_CATALOGUE[code] : internal(`unknown error code ${code}`);
}
