import { describe, expect, it } from 'vitest';
import { COMMAND_TABLE, commandOf } from './command-table.ts';
import { createProgram } from './program.ts';

const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '.' };

describe('the lazily loaded command table', () => {
  it('stubs say what the real commands say (name, usage, description), in the same order', async () => {
    const real = (await createProgram(io, 'all')).commands.map((c) => ({ name: c.name(), usage: c.usage(), description: c.description() }));
    const stubs = (await createProgram(io, 'none')).commands.map((c) => ({ name: c.name(), usage: c.usage(), description: c.description() }));
    expect(stubs).toEqual(real);
    expect(COMMAND_TABLE.flatMap((e) => e.stubs.map((s) => s.name))).toEqual(real.map((c) => c.name));
  });

  it('loading one command loads that module only: the others stay stubs without options', async () => {
    const program = await createProgram(io, 'skills');
    const skills = program.commands.find((c) => c.name() === 'skills')!;
    const serve = program.commands.find((c) => c.name() === 'serve')!;
    expect(skills.options.map((o) => o.long)).toContain('--in');
    expect(serve.options).toEqual([]);
  });

  it('finds the command past global options and their values; help X is X', () => {
    expect(commandOf(['skills', 'welder'])).toBe('skills');
    expect(commandOf(['--data-dir', 'skills', 'label', '--in', 'x'])).toBe('label');
    expect(commandOf(['--json', '--data-dir=/d', 'eval'])).toBe('eval');
    expect(commandOf(['help', 'serve'])).toBe('serve');
    expect(commandOf(['worker', '--queue', 'redis://h'])).toBe('worker');
    expect(commandOf(['--help'])).toBeNull();
    expect(commandOf(['frobnicate'])).toBeNull();
    expect(commandOf([])).toBeNull();
  });
});
