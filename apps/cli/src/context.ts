import { resolveDataDir } from '@jobskill/data';
import type { Command } from 'commander';
import { resolveUserPath, type CliIo } from './io.ts';
import { UsageError } from './errors.ts';

/** What every command gets: the io and the global options. */
export interface CommandContext {
  io: CliIo;
  /** Global --data-dir, else $JOBSKILL_DATA_DIR, else ../shared/data (from the repo root); must exist. */
  dataDir(command: Command): string;
  /** Global --json. */
  json(command: Command): boolean;
}

export function createContext(io: CliIo): CommandContext {
  return {
    io,
    dataDir(command) {
      const flag = command.optsWithGlobals<{ dataDir?: string }>().dataDir ?? io.env.JOBSKILL_DATA_DIR;
      return resolveDataDir(flag === undefined ? undefined : resolveUserPath(io, flag));
    },
    json(command) {
      return command.optsWithGlobals<{ json?: boolean }>().json === true;
    },
  };
}

/** Commander parser for positive integers within bounds; a bad value is a usage error (exit 2). */
export function intOption(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(`${name} must be an integer in ${min}..${max}; got "${value}"`);
    }
    return n;
  };
}

export function floatOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new UsageError(`${name} must be a number in [${min}, ${max}]; got "${value}"`);
    }
    return n;
  };
}

export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}
