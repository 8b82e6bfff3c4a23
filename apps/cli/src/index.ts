export { createProgram, run } from './program.ts';
export { processIo, resolveUserPath } from './io.ts';
export type { CliIo } from './io.ts';
export { UsageError, EXIT, describeError } from './errors.ts';
export { progressEnabled, progressReporter } from './progress.ts';
export type { ProgressEvent, ProgressReporter } from './progress.ts';
