import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { execCli } from '../__fixtures__/spawn-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jobskill-cli-labels-'));
const resumes = fileURLToPath(new URL('../__fixtures__/resumes.csv', import.meta.url));

describe('label --labels FILE (the real CLI process)', () => {
  it('labels with the roles of a JSON file (keywords) and refuses a bad file naming file, line and field', async () => {
    const roles = join(tmp, 'roles.json');
    writeFileSync(
      roles,
      JSON.stringify([
        { label: 'Backend', keywords: ['java', 'spring boot', 'sql'] },
        { label: 'Security', keywords: ['siem', 'malware analysis'] },
        { label: 'Platform', keywords: ['kubernetes', 'docker', 'aws'] },
      ]),
    );
    const out = join(tmp, 'labels.jsonl');
    const res = await execCli(['label', '--in', resumes, '--out', out, '--labeler', 'rules', '--labels', roles, '--id-col', 'id']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { id: string; role: string | null });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.role]))).toMatchObject({ r1: 'Backend', r2: 'Security', r4: 'Platform' });

    const bad = join(tmp, 'bad.txt');
    writeFileSync(bad, 'Backend\nSecurity\nbackend\n');
    const refused = await execCli(['label', '--in', resumes, '--out', join(tmp, 'x.jsonl'), '--labels', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`error: ${bad}, line 3, field "label": role "backend" is listed twice (first on line 1)\n`);
    const trained = await execCli(['label', '--in', resumes, '--out', join(tmp, 'x.jsonl'), '--labeler', 'trained', '--labels', roles]);
    expect(trained.code).toBe(1);
    expect(trained.stderr).toMatch(/^error: labeler "trained" predicts the roles it was trained on and takes no --labels/);
  });
});
