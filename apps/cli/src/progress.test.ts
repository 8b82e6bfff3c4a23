import { describe, expect, it } from 'vitest';
import { progressEnabled, timedStep } from './progress.ts';

const io = (stdoutTty: boolean, stderrTty: boolean, env: NodeJS.ProcessEnv = {}) => ({
  stdout: { write: () => true, isTTY: stdoutTty },
  stderr: { write: () => true, isTTY: stderrTty },
  env,
  cwd: '.',
});

describe('progressEnabled', () => {
  it('shows progress when stderr is a terminal, even with stdout piped (`--json | jq` still sees bars on the terminal)', () => {
    expect(progressEnabled(io(false, true))).toBe(true);
    expect(progressEnabled(io(true, true))).toBe(true);
  });
  it('nothing off a terminal, or in CI / with NO_PROGRESS', () => {
    expect(progressEnabled(io(true, false))).toBe(false);
    expect(progressEnabled(io(false, true, { CI: 'true' }))).toBe(false);
    expect(progressEnabled(io(false, true, { JOBSKILL_NO_PROGRESS: '1' }))).toBe(false);
  });
});

describe('timedStep (steps without a count: model loading, index build)', () => {
  const capture = (tty: boolean, env: NodeJS.ProcessEnv = {}) => {
    let err = '';
    return { io: { stdout: { write: () => true, isTTY: false }, stderr: { write: (s: string) => (err += s), isTTY: tty }, env, cwd: '.' }, err: () => err };
  };
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('on a terminal, a step past the threshold shows an elapsed-time line, then "done"', async () => {
    const { io, err } = capture(true, { JOBSKILL_PROGRESS_AFTER_MS: '10' });
    expect(await timedStep(io, 'loading', async () => (await wait(1_300), 42))).toBe(42);
    expect(err()).toMatch(/^\rloading… 0 s(\rloading… 1 s)*\rloading: done in 1 s\n$/);
  });

  it('a quick step, or any step off a terminal, writes nothing', async () => {
    const quick = capture(true);
    await timedStep(quick.io, 'loading', async () => wait(10));
    expect(quick.err()).toBe('');
    const offTty = capture(false, { JOBSKILL_PROGRESS_AFTER_MS: '0' });
    await timedStep(offTty.io, 'loading', async () => wait(50));
    expect(offTty.err()).toBe('');
  });
});
