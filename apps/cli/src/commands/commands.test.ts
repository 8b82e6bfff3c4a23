import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../__fixtures__/run-cli.ts';
import { execCli } from '../__fixtures__/spawn-cli.ts';
import { dataDirPath } from '@jobskill/data';

const repoRoot = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const dataDir = dataDirPath();
const fixtures = fileURLToPath(new URL('../__fixtures__/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'jobskill-cli-cmd-'));

describe('data inspect', () => {
  it('--json summarizes the real data directory', async () => {
    const res = await runCli(['--data-dir', dataDir, 'data', 'inspect', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout);
    const parquet = summary.resumes.find((r: { path: string }) => r.path === 'resumes/resumes.parquet');
    expect(parquet).toMatchObject({ total: 220, withSkills: 183, withoutSkills: 37 });
    expect(JSON.stringify(summary)).toContain('talentclef2026_taskB_toy');
  });

  it('prints a table by default; a relative --data-dir (also after the subcommand) resolves against the shell cwd', async () => {
    const res = await runCli(['data', 'inspect', '--data-dir', relative(repoRoot, dataDir)], { cwd: repoRoot, env: {} });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Data directory: /);
    expect(res.stdout).toMatch(/talentclef2025_taskB\/validation\s+152/);
  });
});

describe('data fetch', () => {
  it('--list names the sources; an unknown source is a usage error', async () => {
    const list = await runCli(['data', 'fetch', '--list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^resumes\s+/m);
    const bad = await runCli(['--data-dir', tmp, 'data', 'fetch', '--source', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: unknown source "nope"; valid sources: resumes, /);
  });
});

describe('serve on a busy port', () => {
  it('says the port is in use and exits 1 at once, before loading models', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const started = Date.now();
      const res = await runCli(['--data-dir', dataDir, 'serve', '--port', String(port), '--log-level', 'silent']);
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(`error: port ${port} is in use on 127.0.0.1 (pick another with --port N, or --port 0 for any free port)\n`);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      blocker.close();
    }
  });
});

describe('skill show / find', () => {
  it('finds ESCO skills by label prefix and shows one by id (real ESCO)', { timeout: 120_000 }, async () => {
    const found = await runCli(['--data-dir', dataDir, 'skill', 'find', 'python', '--limit', '3', '--json']);
    expect(found.code).toBe(0);
    const { results } = JSON.parse(found.stdout);
    expect(results.length).toBeGreaterThan(0);
    expect(results[0].label.toLowerCase()).toContain('python');
    const shown = await runCli(['--data-dir', dataDir, 'skill', 'show', results[0].id, '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ uri: results[0].uri, label: results[0].label });
    const missing = await runCli(['--data-dir', dataDir, 'skill', 'show', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: no ESCO skill "nope"/);
  });
});

describe('label', () => {
  it('labels a CSV into JSONL with role, score, labeler and evidence', async () => {
    const out = join(tmp, 'labels.jsonl');
    const res = await runCli(['label', '--in', join(fixtures, 'resumes.csv'), '--out', out, '--labeler', 'rules', '--id-col', 'id', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ labeler: 'rules', written: 4, noEvidence: 1 });
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.id, r.role])).toEqual([
      ['r1', 'Software Engineer'],
      ['r2', 'SOC Analyst'],
      ['r3', 'Other'],
      ['r4', 'Cloud Engineer'],
    ]);
    expect(rows[2]).toMatchObject({ noEvidence: true, evidence: [] });
    expect(rows[1].evidence).toEqual(expect.arrayContaining(['SIEM']));
  });

  it("without --id-col a CSV's own id column is echoed", async () => {
    const out = join(tmp, 'labels-default-id.jsonl');
    const res = await runCli(['label', '--in', join(fixtures, 'resumes.csv'), '--out', out, '--labeler', 'rules']);
    expect(res.code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('bad input: unknown labeler lists the valid ones, a missing file is named, missing flags are usage errors', async () => {
    const unknown = await runCli(['label', '--in', join(fixtures, 'resumes.csv'), '--out', join(tmp, 'x.jsonl'), '--labeler', 'gpt']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: unknown labeler "gpt"; valid labelers: rules-reference, rules, zero-shot, zero-shot-nli, generative, trained\n');
    const missing = await runCli(['label', '--in', 'nope.csv', '--out', join(tmp, 'x.jsonl')], { cwd: tmp });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(new RegExp(`^error: .*${join(tmp, 'nope.csv').replace(/[.]/g, '\\.')}`));
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const noOut = await runCli(['label', '--in', 'a.csv']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toBe('error: label needs --in FILE and --out FILE\n');
  });
});

describe('label eval', () => {
  it('cross-validates trained and runs zero-shot on a labeled set, reporting removed duplicates', async () => {
    const res = await runCli(['label', 'eval', '--data', join(fixtures, 'labeled.csv'), '--text-col', 'text', '--label-col', 'label', '--folds', '3', '--json']);
    expect(res.code).toBe(0);
    const result = JSON.parse(res.stdout);
    expect(result.dedup).toMatchObject({ rows: 37, duplicatesRemoved: 1 });
    expect(result.examples).toBe(36);
    const byName = Object.fromEntries(result.labelers.map((l: { labeler: string }) => [l.labeler, l]));
    expect(byName.trained.accuracy).toBeGreaterThan(0.9);
    expect(byName['zero-shot']).toBeDefined();
  });

  it('a missing column is bad input naming it', async () => {
    const res = await runCli(['label', 'eval', '--data', join(fixtures, 'labeled.csv'), '--text-col', 'body', '--label-col', 'label']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: .*labeled\.csv.*body/);
  });
});

describe('model build', () => {
  it('--only names the builders; an unknown one is a usage error', async () => {
    const res = await runCli(['--data-dir', tmp, 'model', 'build', '--only', 'nope']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown model "nope"; valid models: encoder, reranker, classifier/);
  });

  it('classifier: buildDefaultClassifier (@jobskill/labeling) on a data dir without resumes is bad input, one line', async () => {
    const res = await runCli(['--data-dir', tmp, 'model', 'build', '--only', 'classifier']);
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(join(tmp, 'resumes', 'resumes.parquet'));
  });
});

describe('eval', () => {
  it('--json prints one object keyed by directory and system; --report writes the JSON report the API serves', async () => {
    const reportFile = join(tmp, 'reports', 'eval-report.json');
    const res = await runCli(['--data-dir', dataDir, 'eval', '--taskb-dir', join(dataDir, 'talentclef2026_taskB_toy'), '--no-runs', '--json', '--report', reportFile]);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`eval report: ${reportFile}`);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report).toMatchObject({ schemaVersion: 1, command: 'jobskill eval' });
    expect(report.tables.map((t: { title: string }) => t.title)).toEqual(['talentclef2026_taskB_toy (10 queries, 30 skills)']);
    expect(report.tables[0].columns).toEqual(['bm25', 'encoder-exact', 'encoder-ann', 'encoder+prf', 'encoder+graph', 'encoder+ltr', 'encoder+jobads', 'default']);
    expect(report.tables[0].rows[0].label).toBe('map');
    expect(report.tables[0].rows[0].values[0]).toBeCloseTo(0.3462, 4);
    const summary = JSON.parse(res.stdout);
    const toy = summary.talentclef2026_taskB_toy;
    // runTaskBEval (@jobskill/retrieval) assembles the systems; `default` is what the product serves.
    expect(Object.keys(toy)).toEqual(['bm25', 'encoder-exact', 'encoder-ann', 'encoder+prf', 'encoder+graph', 'encoder+ltr', 'encoder+jobads', 'default']);
    for (const [system, metrics] of Object.entries(toy) as [string, Record<string, number>][]) {
      // Beside its figures, every system but the baseline (`default`) carries its paired p-values against it.
      const pValues = system === 'default' ? [] : ['p_map', 'p_ndcg@10'];
      expect(Object.keys(metrics).sort()).toEqual(['map', 'mrr', 'ndcg', 'ndcg@10', 'precision@10', ...pValues].sort());
    }
    // 10 queries: the randomization test is exact (2^10 sign flips); BM25 is far below the served system.
    expect(toy.bm25.p_map).toBeLessThan(0.05);
    // BM25 needs no model: its figure is fixed by the data and the metric code.
    expect(toy.bm25.map).toBeCloseTo(0.3462, 4);
    expect(toy['encoder-exact'].map).toBeGreaterThan(toy.bm25.map);
  });

  it('writes a TREC run file per system', async () => {
    const runDir = join(tmp, 'runs');
    // Explicit directories rank without a data directory: the systems that need ESCO are skipped, loudly.
    const noData = join(tmp, 'no-data');
    const res = await runCli(['--data-dir', noData, 'eval', '--taskb-dir', join(dataDir, 'talentclef2026_taskB_toy'), '--run-dir', runDir, '--no-report']);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`note: data directory not found: ${noData}`);
    expect(res.stderr).toMatch(/note: system "encoder\+graph" skipped: /);
    // `default` is the first stage (encoder + PRF): it needs no ESCO data, so it still runs.
    expect(res.stderr).not.toMatch(/note: system "default" skipped/);
    expect(res.stdout).toMatch(/map\s+0\.3462/);
    const run = readFileSync(join(runDir, 'talentclef2026_taskB_toy', 'bm25.trec'), 'utf8').trim().split('\n');
    expect(run[0]).toMatch(/^\S+\s+Q0\s+\S+\s+1\s+\S+\s+bm25$/);
    expect(run).toHaveLength(10 * 30); // complete rankings: every corpus skill for every query
    expect(res.stderr).not.toContain('eval report:');
  });

  it('a directory that is not in the Task B layout is bad input (exit 1, real process)', async () => {
    const res = await execCli(['eval', '--taskb-dir', tmp, '--no-runs', '--no-report']);
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
    expect(res.stderr).toContain(tmp);
  });
});

describe('skills', () => {
  it('an empty title fails fast, before any model loads', async () => {
    const res = await runCli(['--data-dir', dataDir, 'skills', '   ']);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('error: job title is empty\n');
  });

  it('ranks ESCO skills for a title with the real encoder and index (first stage)', { timeout: 300_000 }, async () => {
    const res = await runCli(['--data-dir', dataDir, 'skills', 'data scientist', '-k', '5', '--no-rerank', '--json']);
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout);
    expect(body.skills).toHaveLength(5);
    // One name for one thing: the API says `uri`, so does the CLI.
    expect(body.skills[0]).toMatchObject({ rank: 1, uri: expect.stringMatching(/^http:\/\/data\.europa\.eu\/esco\/skill\//) });
    expect(body.skills[0]).not.toHaveProperty('escoUri');
    const scores = body.skills.map((s: { score: number }) => s.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(body.skills.map((s: { label: string }) => s.label).join(' ')).toMatch(/data/i);
  });
});
