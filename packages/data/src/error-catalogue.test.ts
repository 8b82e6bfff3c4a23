import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_CATALOGUE, ERROR_CODES, errorSpec, isErrorCode } from './error-catalogue.ts';
import { DataError, JobskillError } from './errors.ts';
import { parseOptions } from './parse-options.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

describe('the error catalogue', () => {
  it('maps every user error to a 4xx and exit 1, setup errors to 503 and exit 1, internal ones to 500 and exit 70', () => {
    expect(ERROR_CODES.length).toBeGreaterThan(50);
    for (const code of ERROR_CODES) {
      const spec = ERROR_CATALOGUE[code];
      const where = `${code} (${spec.kind})`;
      expect(spec.message.length, where).toBeGreaterThan(0);
      if (spec.kind === 'user') {
        expect(spec.status, where).toBeGreaterThanOrEqual(400);
        expect(spec.status, where).toBeLessThan(500);
        expect(spec.exitCode, where).toBe(1);
      } else if (spec.kind === 'setup') {
        expect(spec.status, where).toBe(503);
        expect(spec.exitCode, where).toBe(1);
      } else {
        expect(spec.status, where).toBe(500);
        expect(spec.exitCode, where).toBe(70);
      }
      expect(new JobskillError(code, 'x').spec).toBe(spec);
    }
  });

  it('is frozen and treats a code outside it as internal', () => {
    expect(Object.isFrozen(ERROR_CATALOGUE)).toBe(true);
    expect(isErrorCode('NOT_A_CODE')).toBe(false);
    expect(errorSpec('NOT_A_CODE')).toMatchObject({ kind: 'internal', status: 500, exitCode: 70 });
    expect(new DataError('MISSING_COLUMN', 'no "text" column', { file: 'a.csv' }).spec.status).toBe(400);
  });

  it('holds every code thrown in the sources of packages/ and apps/', () => {
    const thrown = new Map<string, string>();
    const call = /\b(?:JobskillError|DataError)\(\s*'([A-Z0-9_]+)'/g;
    const files = [...sourceFiles(join(repoRoot, 'packages')), ...sourceFiles(join(repoRoot, 'apps'))];
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(call)) thrown.set(match[1]!, relative(repoRoot, file));
    }
    expect(thrown.size).toBeGreaterThan(40);
    const missing = [...thrown].filter(([code]) => !isErrorCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });
});

describe('parseOptions', () => {
  const Schema = z.object({ k: z.number().int().min(1), name: z.string() }).strict();

  it('returns the parsed value', () => {
    expect(parseOptions(Schema, { k: 3, name: 'a' }, { what: 'search' })).toEqual({ k: 3, name: 'a' });
  });

  it('throws INVALID_OPTION naming what and each bad field', () => {
    let caught: unknown;
    try {
      parseOptions(Schema, { k: 0, name: 5 }, { what: 'search' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JobskillError);
    const error = caught as JobskillError;
    expect(error.code).toBe('INVALID_OPTION');
    expect(error.spec.status).toBe(400);
    expect(error.message).toMatch(/^search options: /);
    expect(error.message).toMatch(/field "k"/);
    expect(error.message).toMatch(/field "name"/);
  });
});
