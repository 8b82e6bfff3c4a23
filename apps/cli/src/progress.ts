import cliProgress from 'cli-progress';
import type { CliIo } from './io.ts';

/** A progress event, as long-running library functions report them. */
export interface ProgressEvent {
  stage: string;
  done: number;
  total: number;
}

export interface ProgressReporter {
  (event: ProgressEvent): void;
  stop(): void;
}

/**
 * Progress goes to stderr, so it is shown whenever stderr is a terminal (also with stdout piped into jq); never off a
 * terminal, in CI, or with JOBSKILL_NO_PROGRESS set.
 */
export function progressEnabled(io: CliIo): boolean {
  return io.stderr.isTTY === true && !io.env.CI && !io.env.JOBSKILL_NO_PROGRESS;
}

/** One bar per stage on stderr when `progressEnabled`. */
export function progressReporter(io: CliIo, options: { enabled?: boolean } = {}): ProgressReporter {
  const enabled = options.enabled ?? progressEnabled(io);
  let bar: cliProgress.SingleBar | undefined;
  let stage: string | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
    stage = undefined;
  };
  const report = ((event: ProgressEvent) => {
    if (!enabled) return;
    if (event.stage !== stage) {
      stop();
      stage = event.stage;
      bar = new cliProgress.SingleBar(
        {
          format: `${event.stage.padEnd(18)} {bar} {percentage}% | {value}/{total} | eta {eta_formatted}`,
          stream: io.stderr as NodeJS.WritableStream,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(event.total, 1), 0);
    }
    bar?.setTotal(Math.max(event.total, 1));
    bar?.update(event.done);
    if (event.done >= event.total) stop();
  }) as ProgressReporter;
  report.stop = stop;
  return report;
}

/** A step without a count (loading models, building an index) shows an elapsed-time line only past this. */
export const STEP_NOTICE_AFTER_MS = 2_000;

/** STEP_NOTICE_AFTER_MS, or $JOBSKILL_PROGRESS_AFTER_MS (tests set it to 0 to see the notice at once). */
function stepNoticeAfterMs(io: CliIo): number {
  const fromEnv = Number(io.env.JOBSKILL_PROGRESS_AFTER_MS);
  return io.env.JOBSKILL_PROGRESS_AFTER_MS !== undefined && Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : STEP_NOTICE_AFTER_MS;
}

export interface StepNotice {
  /** Ends the step: if its line was shown, it becomes `<label>: done in Ns`. Idempotent. */
  end(): void;
}

/**
 * Starts a step without a count (loading models, building an index): when progress is enabled and the step is still
 * running after STEP_NOTICE_AFTER_MS, stderr shows `<label>… Ns`, rewritten in place each second. Off a terminal
 * nothing is written.
 */
export function startStep(io: CliIo, label: string, options: { enabled?: boolean; afterMs?: number } = {}): StepNotice {
  const enabled = options.enabled ?? progressEnabled(io);
  if (!enabled) return { end() {} };
  const started = Date.now();
  let shown = false;
  let ended = false;
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const tick = () => {
    shown = true;
    io.stderr.write(`\r${label}… ${seconds()} s`);
  };
  let timer: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    tick();
    timer = setInterval(tick, 1_000);
    timer.unref();
  }, options.afterMs ?? stepNoticeAfterMs(io));
  first.unref();
  return {
    end() {
      if (ended) return;
      ended = true;
      clearTimeout(first);
      if (timer) clearInterval(timer);
      if (shown) io.stderr.write(`\r${label}: done in ${seconds()} s\n`);
    },
  };
}

/** Runs `work` inside `startStep`. */
export async function timedStep<T>(io: CliIo, label: string, work: () => Promise<T>, options: { enabled?: boolean; afterMs?: number } = {}): Promise<T> {
  const step = startStep(io, label, options);
  try {
    return await work();
  } finally {
    step.end();
  }
}
