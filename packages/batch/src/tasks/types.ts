/** One input row of a batch: its position in the input file, the caller's id and what the task reads. */
export interface BatchRow {
  /** 0-based row of the input file: the output is written in this order. */
  index: number;
  id: string;
  /** Task-specific, JSON-serializable (it travels through Redis). */
  input: unknown;
}

export interface RowError {
  code: string;
  message: string;
}

/** A row the batch could not process: kept with its error, reported, never lost. */
export interface DeadLetter {
  index: number;
  id: string;
  /** `input`: rejected when the file was read at submit; `worker`: the task failed on this row. */
  stage: 'input' | 'worker';
  error: RowError;
}

export type RowOutcome = { index: number; id: string; output: unknown } | DeadLetter;

export interface BatchInput {
  rows: BatchRow[];
  /** Rows the reader rejected (bad type, empty, over-long): dead letters from the start. */
  rejected: DeadLetter[];
}

export interface BatchTaskRunner {
  /** Processes rows in order; a row that fails becomes a dead letter, the others still get their output. */
  run(rows: readonly BatchRow[]): Promise<RowOutcome[]>;
  close(): Promise<void>;
}

/** One kind of batch work (`label`, `skills`, …): how its input file is read and how a worker runs it. */
export interface BatchTask<Options = unknown> {
  readonly name: string;
  /** Validates the task options (zod); the parsed value is what travels with every chunk. */
  parseOptions(value: unknown): Options;
  readInput(file: string, options: Options): Promise<BatchInput>;
  open(options: Options, context: { dataDir: string | undefined }): Promise<BatchTaskRunner>;
}
