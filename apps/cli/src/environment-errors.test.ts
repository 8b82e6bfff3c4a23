import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execCli } from './__fixtures__/spawn-cli.ts';
import { environmentError, userPathOf } from './errors.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jobskill-cli-env-'));
const fixtures = new URL('./__fixtures__/', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;

describe('environment errors name the user path and exit 1 (the real CLI process)', () => {
  it('a file given as --data-dir', async () => {
    const file = join(tmp, 'not-a-dir');
    writeFileSync(file, 'x');
    const res = await execCli(['--data-dir', file, 'data', 'inspect']);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`error: data directory ${file} is a file, not a folder (pass --data-dir DIR or set JOBSKILL_DATA_DIR)\n`);
  });

  it('--out under a file', async () => {
    const blocker = join(tmp, 'blocker');
    writeFileSync(blocker, 'x');
    const out = join(blocker, 'labels.jsonl');
    const under = await execCli(['label', '--in', join(fixtures, 'resumes.csv'), '--out', out]);
    expect(under.code).toBe(1);
    expect(under.stderr).toBe(`error: cannot write --out ${out}: ${blocker} is a file, not a folder\n`);
  });

  it.skipIf(isRoot)('--out in a read-only folder (skipped as root: root writes into read-only folders)', async () => {
    const readOnly = join(tmp, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const denied = await execCli(['label', '--in', join(fixtures, 'resumes.csv'), '--out', join(readOnly, 'labels.jsonl')]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(`error: cannot write --out ${join(readOnly, 'labels.jsonl')}: the folder ${readOnly} is not writable\n`);
  });

  it('--model with a labeler that takes none is refused (exit 1), not ignored', async () => {
    const res = await execCli(['label', '--in', join(fixtures, 'resumes.csv'), '--out', join(tmp, 'l.jsonl'), '--labeler', 'rules', '--model', 'Xenova/foo']);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('error: labeler "rules" takes no --model (it would be ignored); --model goes with trained, zero-shot-nli, generative\n');
  });
});

describe('environmentError', () => {
  it('maps the temp file of an atomic write back to the target, and leaves other errors alone', () => {
    expect(userPathOf('/a/b/.labels.jsonl.1234.0a1b2c3d.tmp')).toBe('/a/b/labels.jsonl');
    expect(userPathOf('/a/b/labels.jsonl')).toBe('/a/b/labels.jsonl');
    const eacces = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', syscall: 'open', path: '/x/.out.csv.77.deadbeef.tmp' });
    expect(environmentError(eacces)).toBe('cannot write /x/out.csv: permission denied (EACCES)');
    const eexist = Object.assign(new Error('EEXIST'), { code: 'EEXIST', syscall: 'mkdir', path: '/x/file' });
    expect(environmentError(eexist)).toBe('cannot create the folder /x/file: a file of that name is in the way (EEXIST)');
    expect(environmentError(new TypeError('boom'))).toBeNull();
  });
});
