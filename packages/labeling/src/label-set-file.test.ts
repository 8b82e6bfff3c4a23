import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '@jobskill/data';
import { readLabelSetFile } from './label-set-file.ts';
import { createLabeler } from './registry.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jobskill-labels-'));
const write = (name: string, text: string) => {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
};

describe('readLabelSetFile', () => {
  it('text: one role per line, comments and blank lines skipped; the name is the keyword', async () => {
    const set = await readLabelSetFile(write('roles.txt', '# my roles\nWelder\n\nNurse\r\nChef\n'));
    expect(set.roles.map((r) => r.label)).toEqual(['Welder', 'Nurse', 'Chef']);
    expect(set.roles[0]!.keywords).toEqual([{ term: 'welder', weight: 1 }]);
    expect(set).toMatchObject({ name: 'roles', fallback: null });
  });

  it('JSON: names, or roles with keywords (weighted or not) and descriptions, and a fallback', async () => {
    expect((await readLabelSetFile(write('names.json', '["A", "B"]'))).roles.map((r) => r.label)).toEqual(['A', 'B']);
    const set = await readLabelSetFile(
      write(
        'full.json',
        JSON.stringify({
          name: 'kitchen',
          roles: [
            { label: 'Chef', keywords: ['cooking', { term: 'menu', weight: 0.5 }], description: 'plans menus and cooks' },
            { label: 'Other' },
          ],
          fallback: 'Other',
        }),
      ),
    );
    expect(set).toMatchObject({ name: 'kitchen', fallback: 'Other' });
    expect(set.roles[0]).toMatchObject({ keywords: [{ term: 'cooking', weight: 1 }, { term: 'menu', weight: 0.5 }], definingSkills: ['plans menus and cooks'] });
  });

  it('typed errors naming file, line and field', async () => {
    const dup = write('dup.txt', 'Welder\nNurse\nwelder\n');
    await expect(readLabelSetFile(dup)).rejects.toThrow(`${dup}, line 3, field "label": role "welder" is listed twice (first on line 1)`);
    await expect(readLabelSetFile(write('one.txt', 'Welder\n'))).rejects.toThrow(/needs at least 2 roles, found 1/);
    const badKeyword = write('bad.json', '[\n  {"label": "Chef", "keywords": ["ok"]},\n  {"label": "Nurse", "keywords": [""]}\n]\n');
    const error = await readLabelSetFile(badKeyword).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect(error).toMatchObject({ code: 'INVALID_VALUE', file: badKeyword, line: 3, field: '[1].keywords[0]' });
    const syntax = write('syntax.json', '[\n  "A",\n  "B",,\n]');
    await expect(readLabelSetFile(syntax)).rejects.toMatchObject({ code: 'BAD_JSON', file: syntax, message: `${syntax}: not valid JSON: Unexpected token ','` });
    await expect(readLabelSetFile(write('fb.json', '{"roles": ["A", "B"], "fallback": "C"}'))).rejects.toThrow(/field "fallback": fallback "C" is not one of the roles \(A, B\)/);
    await expect(readLabelSetFile(write('unknown-key.json', '[{"label": "A", "kw": []}, "B"]'))).rejects.toMatchObject({ code: 'INVALID_VALUE', line: 1 });
    await expect(readLabelSetFile(join(tmp, 'missing.txt'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('the rules labeler labels with the file roles', async () => {
    const labeler = await createLabeler('rules', { labelSet: await readLabelSetFile(write('kitchen.txt', 'Chef\nWelder\n')) });
    const [result] = await labeler.label([{ id: 'r1', skills: ['welder', 'metal work'] }]);
    expect(result!.role).toBe('Welder');
  });
});
