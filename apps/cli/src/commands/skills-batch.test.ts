import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { execCli, MAIN } from '../__fixtures__/spawn-cli.ts';

const dataDir = process.env.JOBSKILL_DATA_DIR;
const tmp = mkdtempSync(join(tmpdir(), 'jobskill-cli-skills-'));

describe('skills --in/--out (the real CLI process)', () => {
  it('usage errors come before any model load: --in without --out, title and --in, unknown format', async () => {
    const titles = join(tmp, 'usage.txt');
    writeFileSync(titles, 'welder\n');
    const noOut = await execCli(['skills', '--in', titles]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/^error: skills --in FILE needs --out FILE/);
    const both = await execCli(['skills', 'welder', '--in', titles, '--out', join(tmp, 'x.json')]);
    expect(both.code).toBe(2);
    const badExt = await execCli(['skills', '--in', titles, '--out', join(tmp, 'x.xlsx')]);
    expect(badExt.code).toBe(2);
    expect(badExt.stderr).toMatch(/cannot tell the output format of --out .*x\.xlsx/);
    const same = await execCli(['skills', '--in', titles, '--out', titles, '--format', 'jsonl']);
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/is the input file/);
    expect(readFileSync(titles, 'utf8')).toBe('welder\n');
  });

  it.skipIf(!dataDir)('ranks every title of a .txt file in one load into JSONL, and a CSV column into CSV; nothing on stderr off a TTY', { timeout: 240_000 }, async () => {
    const titles = join(tmp, 'titles.txt');
    writeFileSync(titles, 'welder\n\ndata scientist\nregistered nurse\n');
    const out = join(tmp, 'skills.jsonl');
    const res = await execCli(['--data-dir', dataDir!, 'skills', '--in', titles, '--out', out, '-k', '5', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ titles: 3, format: 'jsonl', k: 5, out });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.title, l.skills.length])).toEqual([
      ['0', 'welder', 5],
      ['1', 'data scientist', 5],
      ['2', 'registered nurse', 5],
    ]);
    expect(lines[0].skills[0]).toMatchObject({ rank: 1, uri: expect.stringMatching(/^http:\/\/data\.europa\.eu\/esco\/skill\//) });
    expect(lines[0].skills.map((s: { label: string }) => s.label).join(' ')).toMatch(/weld/);
    expect(lines[0].confidence).toMatchObject({ lowConfidence: false, outOfVocabulary: false });
    expect(lines[0].skills[0].calibratedScore).toBeGreaterThan(0);

    const jobs = join(tmp, 'jobs.csv');
    writeFileSync(jobs, 'ref,job_title\nA7,welder\nB2,"cook, line"\n');
    const csvOut = join(tmp, 'skills.csv');
    const csv = await execCli(['--data-dir', dataDir!, 'skills', '--in', jobs, '--title-col', 'job_title', '--id-col', 'ref', '--out', csvOut, '-k', '2']);
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(/^ranked skills for 2 titles → .*skills\.csv \(csv, k = 2\)\n$/);
    const rows = readFileSync(csvOut, 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('id,title,rank,uri,label,score,importance,calibrated_score,low_confidence');
    expect(rows).toHaveLength(5);
    expect(rows[3]).toMatch(/^B2,"cook, line",1,http:\/\/data\.europa\.eu\/esco\/skill\//);
  });

  it.skipIf(!dataDir)('single-title JSON carries the confidence block: gibberish is low-confidence and out of vocabulary, with a note on stderr', { timeout: 240_000 }, async () => {
    const gibberish = await execCli(['--data-dir', dataDir!, 'skills', 'xqzzv qwpkj', '-k', '3', '--json']);
    expect(gibberish.code).toBe(0);
    const answer = JSON.parse(gibberish.stdout);
    expect(answer.confidence).toMatchObject({ lowConfidence: true, outOfVocabulary: true, unknownWords: ['xqzzv', 'qwpkj'] });
    expect(answer.skills[0].calibratedScore).toBeLessThan(0.2);
    const text = await execCli(['--data-dir', dataDir!, 'skills', 'xqzzv qwpkj', '-k', '1']);
    expect(text.stderr).toMatch(/note: the encoder knows none of the title's words/);
  });

  it('a missing title column is a typed error naming the file and the columns found (exit 1)', async () => {
    const jobs = join(tmp, 'no-title.csv');
    writeFileSync(jobs, 'ref,name\n1,welder\n');
    const res = await execCli(['skills', '--in', jobs, '--out', join(tmp, 'o.json')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/no-title\.csv.*missing column "title" \(found: ref, name\)|missing column "title" \(found: ref, name\).*no-title\.csv/);
  });
});

describe('progress on a terminal (the real CLI under script(1), which gives it a pseudo-terminal)', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!dataDir || !hasScript)('skills shows its loading step and a bar over the titles on a TTY', { timeout: 240_000 }, () => {
    const titles = join(tmp, 'tty-titles.txt');
    writeFileSync(titles, 'welder\ncook\n');
    const command = [process.execPath, '--conditions=@jobskill/source', '--import', 'tsx', MAIN, '--data-dir', dataDir!, 'skills', '--in', titles, '--out', join(tmp, 'tty.jsonl')]
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    const env: NodeJS.ProcessEnv = { ...process.env, JOBSKILL_PROGRESS_AFTER_MS: '0' };
    delete env.CI;
    delete env.JOBSKILL_NO_PROGRESS;
    const res = spawnSync('script', ['-qec', command, '/dev/null'], { env, encoding: 'utf8', timeout: 200_000 });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/loading the encoder and the skill index: done in \d+ s/);
    expect(res.stdout).toMatch(/skills\s+.*100% \| 2\/2/);
  });
});
