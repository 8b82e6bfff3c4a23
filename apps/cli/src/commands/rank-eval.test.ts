import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execCli } from '../__fixtures__/spawn-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'jobskill-cli-rank-'));
const noData = join(tmp, 'no-data-dir');

/** A Task B directory of our own: 3 queries, 6 skills; qrels optional. */
function taskBDir(name: string, qrels: string | null): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'queries'), 'q_id\tjobtitle\nq1\twelder\nq2\tpython developer\nq3\tchef\n');
  writeFileSync(
    join(dir, 'corpus_elements'),
    [
      'c_id\tesco_uri\tskill_aliases',
      "s1\thttp://example.org/s1\t['weld metal', 'arc welding']",
      "s2\thttp://example.org/s2\t['Python programming', 'Python']",
      "s3\thttp://example.org/s3\t['cook meals', 'prepare food']",
      "s4\thttp://example.org/s4\t['operate a forklift']",
      "s5\thttp://example.org/s5\t['write software tests']",
      "s6\thttp://example.org/s6\t['plan menus']",
      '',
    ].join('\n'),
  );
  if (qrels !== null) writeFileSync(join(dir, 'qrels.tsv'), qrels);
  return dir;
}

const QRELS = 'q1\t0\ts1\t1\nq2\t0\ts2\t1\nq2\t0\ts5\t1\nq3\t0\ts3\t1\nq3\t0\ts6\t1\n';

describe('rank: a submission run for a Task B directory without qrels', () => {
  it('writes a complete TREC run (every skill for every query), then eval --run scores it against qrels', { timeout: 180_000 }, async () => {
    const dir = taskBDir('no-qrels', null);
    const out = join(tmp, 'bm25.trec');
    const res = await execCli(['rank', '--taskb-dir', dir, '--out', out, '--system', 'bm25', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ system: 'bm25', tag: 'bm25', queries: 3, corpusSize: 6, out });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
    expect(lines).toHaveLength(18);
    expect(lines.every((l) => l.length === 6 && l[1] === 'Q0' && l[5] === 'bm25')).toBe(true);
    const q1 = lines.filter((l) => l[0] === 'q1');
    expect(q1.map((l) => l[3])).toEqual(['1', '2', '3', '4', '5', '6']);
    // "python developer" shares "python" with s2 only: BM25 ranks it first.
    expect(lines.find((l) => l[0] === 'q2' && l[3] === '1')![2]).toBe('s2');

    // The served system (embedded encoder), same directory, then both runs scored and compared.
    const served = join(tmp, 'default.trec');
    const rankDefault = await execCli(['rank', '--taskb-dir', dir, '--out', served]);
    expect(rankDefault.code).toBe(0);
    expect(rankDefault.stdout).toMatch(/^ranked 6 skills for 3 queries \(default\) → /);
    const qrels = join(tmp, 'qrels.tsv');
    writeFileSync(qrels, QRELS);
    const scored = await execCli(['eval', '--run', out, served, '--qrels', qrels, '--json']);
    expect(scored.stderr).toBe('');
    expect(scored.code).toBe(0);
    const report = JSON.parse(scored.stdout);
    expect(Object.keys(report.runs)).toEqual(['bm25', 'default']);
    expect(report.runs.default.map).toBeGreaterThan(0.5);
    expect(report.significance).toMatchObject({ baseline: 'bm25', test: 'randomization' });
    expect(report.significance.pValues.default.map).toBeGreaterThan(0);
    expect(report.significance.pValues.default.map).toBeLessThanOrEqual(1);
  });

  it('refuses an unknown system (exit 2) and an unwritable --out (exit 1 naming the path)', async () => {
    const dir = taskBDir('no-qrels-2', null);
    const bad = await execCli(['rank', '--taskb-dir', dir, '--out', join(tmp, 'x.trec'), '--system', 'magic']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown --system "magic"; valid: default, bm25/);
    const blocker = join(tmp, 'a-file');
    writeFileSync(blocker, 'x');
    const unwritable = await execCli(['rank', '--taskb-dir', dir, '--out', join(blocker, 'run.trec'), '--system', 'bm25']);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toBe(`error: cannot write --out ${join(blocker, 'run.trec')}: ${blocker} is a file, not a folder\n`);
  });
});

const dataDir = process.env.JOBSKILL_DATA_DIR ?? join(import.meta.dirname, '../../../../../shared/data');
const validation = join(dataDir, 'talentclef2025_taskB', 'validation');
const jobAds = existsSync(join(dataDir, 'techwolf_vacancies', 'job_skill.parquet')) && existsSync(join(validation, 'corpus_elements'));

describe.runIf(jobAds)('rank: the served system carries job-ad evidence, as `eval` does', () => {
  it('`default` ranks differently from `encoder+prf` on ESCO skills (the TechWolf training vacancies vote)', { timeout: 300_000 }, async () => {
    // Three everyday titles of our own over the validation corpus (real ESCO URIs; no validation query).
    const dir = join(tmp, 'job-ads');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'queries'), 'q_id\tjobtitle\nq1\tsous chef\nq2\twarehouse worker\nq3\tfrontend developer\n');
    writeFileSync(join(dir, 'corpus_elements'), readFileSync(join(validation, 'corpus_elements')));
    const top = (file: string): string[] => {
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => l.split('\t'));
      return ['q1', 'q2', 'q3'].map((q) => lines.filter((l) => l[0] === q && Number(l[3]) <= 10).map((l) => l[2]).join());
    };
    const served = join(tmp, 'job-ads-default.trec');
    const prf = join(tmp, 'job-ads-prf.trec');
    const jobads = join(tmp, 'job-ads-jobads.trec');
    for (const [system, out] of [['default', served], ['encoder+prf', prf], ['encoder+jobads', jobads]] as const) {
      const res = await execCli(['--data-dir', dataDir, 'rank', '--taskb-dir', dir, '--out', out, '--system', system]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).not.toMatch(/without job-ad evidence/);
    }
    const changed = top(served).filter((t, i) => t !== top(prf)[i]).length;
    expect(changed).toBeGreaterThanOrEqual(2);
    expect(top(jobads)).not.toEqual(top(prf));
  });
});

describe('eval --run --qrels (any TREC run, like ranx)', () => {
  it('hand-computed figures; a paired randomization test against the first run; p-values in text and JSON', async () => {
    const qrels = join(tmp, 'hand-qrels.tsv');
    writeFileSync(qrels, 'a 0 d1 1\nb 0 d2 1\n');
    const perfect = join(tmp, 'perfect.trec');
    writeFileSync(perfect, 'a Q0 d1 1 2 x\na Q0 d2 2 1 x\nb Q0 d2 1 2 x\nb Q0 d1 2 1 x\n');
    const half = join(tmp, 'half.trec');
    writeFileSync(half, 'a Q0 d2 1 2 x\na Q0 d1 2 1 x\nb Q0 d2 1 2 x\nb Q0 d1 2 1 x\n');
    const res = await execCli(['eval', '--run', half, perfect, '--qrels', qrels, '--metrics', 'map', 'mrr', 'precision@1']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    // half: AP(a) = 1/2, AP(b) = 1 → MAP 0.75; perfect: 1. Differences (0.5, 0): every sign flip reaches |Σ| = 0.5 → p = 1.
    expect(res.stdout).toMatch(/map\s+0\.7500\s+1\.0000/);
    expect(res.stdout).toMatch(/precision@1\s+0\.5000\s+1\.0000/);
    expect(res.stdout).toMatch(/vs baseline half: paired randomization test/);
    expect(res.stdout).toMatch(/map\s+1\.0000 /);
    const json = JSON.parse((await execCli(['eval', '--run', half, perfect, '--qrels', qrels, '--metrics', 'map', '--test', 't-test', '--json'])).stdout);
    expect(json.runs).toEqual({ half: { map: 0.75 }, perfect: { map: 1 } });
    // t-test on d = (0.5, 0): t = 0.25 / (0.35355/√2) = 1, df 1 → p = 0.5.
    expect(json.significance.pValues.perfect.map).toBeCloseTo(0.5, 7); // jstat's t CDF is accurate to ~1e-8
  });

  it('qrels queries a run lacks are named in a warning (they score 0); a run sharing no query id is an error', async () => {
    const qrels = join(tmp, 'q3-qrels.tsv');
    writeFileSync(qrels, 'a 0 d1 1\nb 0 d2 1\nzz 0 d1 1\n');
    const run = join(tmp, 'ab.trec');
    writeFileSync(run, 'a Q0 d1 1 2 x\nb Q0 d2 1 2 x\nextra Q0 d2 1 1 x\n');
    const res = await execCli(['eval', '--run', run, '--qrels', qrels, '--metrics', 'map']);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/^warning: .*ab\.trec ranks no documents for 1 of the 3 qrels queries \("zz"\); they score 0 in every metric$/m);
    expect(res.stderr).toMatch(/^warning: .*ab\.trec ranks 1 query id\(s\) the qrels do not judge \("extra"\); they are ignored$/m);
    const other = join(tmp, 'other-qrels.tsv');
    writeFileSync(other, 'x 0 d1 1\n');
    const none = await execCli(['eval', '--run', run, '--qrels', other]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/shares no query id with the qrels/);
  });

  it('usage: --run without --qrels, --qrels without --run, unknown --test, unknown metric', async () => {
    expect((await execCli(['eval', '--run', 'r.trec'])).stderr).toMatch(/^error: eval --run RUN needs --qrels QRELS/);
    expect((await execCli(['eval', '--qrels', 'q.tsv'])).code).toBe(2);
    expect((await execCli(['eval', '--run', 'r', '--qrels', 'q', '--test', 'wilcoxon'])).stderr).toMatch(/unknown --test "wilcoxon"; valid: randomization, t-test/);
    const bad = await execCli(['eval', '--run', join(tmp, 'ab.trec'), '--qrels', join(tmp, 'q3-qrels.tsv'), '--metrics', 'mapp']);
    expect(bad.code).toBe(1);
  });
});

describe('eval --taskb-dir', () => {
  it('a directory without qrels fails at once, before any model is loaded, pointing to `rank`', async () => {
    const dir = taskBDir('eval-no-qrels', null);
    const runDir = join(tmp, 'runs-no-qrels');
    const res = await execCli(['eval', '--taskb-dir', dir, '--run-dir', runDir, '--no-report', '--data-dir', noData]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: .*eval-no-qrels has no qrels file \(qrels\.tsv\), so it cannot be evaluated; write a submission run with `pnpm jobskill rank --taskb-dir .*eval-no-qrels --out run\.trec`$/m);
    expect(res.stderr).not.toMatch(/skipped/); // failed before the systems were assembled
    expect(existsSync(runDir)).toBe(false);
  });

  it('qrels judging query ids the queries file lacks are an error naming them (not silently lower metrics)', async () => {
    const dir = taskBDir('eval-unknown-ids', `${QRELS}q9\t0\ts1\t1\nq8\t0\ts2\t1\n`);
    const res = await execCli(['eval', '--taskb-dir', dir, '--no-runs', '--no-report', '--data-dir', noData]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/the qrels judge 2 query id\(s\) the queries file does not have \("q9", "q8"\); every system would score 0 on them/);
  });

  it('the table carries paired p-values against the baseline system (text and --json)', { timeout: 240_000 }, async () => {
    const dir = taskBDir('eval-ok', QRELS);
    const res = await execCli(['eval', '--taskb-dir', dir, '--no-runs', '--no-report', '--data-dir', noData, '--baseline', 'bm25', '--json']);
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout)['eval-ok'];
    expect(summary.bm25.p_map).toBeUndefined();
    expect(Object.keys(summary)).toContain('default');
    for (const system of Object.keys(summary).filter((s) => s !== 'bm25')) {
      expect(summary[system].p_map).toBeGreaterThan(0);
      expect(summary[system]['p_ndcg@10']).toBeLessThanOrEqual(1);
    }
    const text = await execCli(['eval', '--taskb-dir', dir, '--no-runs', '--no-report', '--data-dir', noData, '--baseline', 'bm25', '--test', 't-test']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/vs baseline bm25: paired t-test; \* p < 0\.05\np-value\s+encoder-exact/);
  });
});
