import { describe, expect, it } from 'vitest';
import { progressEnabled } from './progress.ts';

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
