import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Runs the shell blocks of the READMEs as pasted, from the repo root, through bash (`set -euo pipefail`: a failing
 * `… | jq` fails the block). Every command line must be either run or skipped below with a reason: a new README
 * command makes this test fail until it is classified.
 */

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const READMES = ['README.md', 'apps/cli/README.md', 'apps/api/README.md', 'apps/web/README.md', 'packages/batch/README.md', 'packages/labeling/README.md', 'packages/extraction/README.md'];

/** Commands not run here, each with why. First match wins. */
const SKIPPED: { pattern: RegExp; reason: string }[] = [
  { pattern: /^npm i -g pnpm/, reason: 'installs pnpm globally and builds every model (the set-up command, minutes)' },
  { pattern: /^pnpm (test|eval)$/, reason: 'the whole test suite / every evaluation (minutes; CI runs them)' },
  { pattern: /^pnpm (-s )?jobskill eval( --json \| jq \.)?$/, reason: 'every system on the full validation sets (minutes); the toy-directory eval runs below' },
  { pattern: /^pnpm (-s )?jobskill (serve|worker)\b/, reason: 'a long-running server/worker; serve is covered by program.test.ts and launcher-watch.test.ts, workers by the batch e2e tests' },
  { pattern: /^pnpm (-s )?jobskill batch\b/, reason: 'needs a Redis server; covered by batch.e2e.test.ts' },
  { pattern: /^curl\b/, reason: 'needs a running server; every route is covered by apps/api tests' },
  { pattern: /^open\b/, reason: 'opens a browser' },
  { pattern: /\bcv\.pdf\b|\bads\.csv\b|\bresumes\.parquet --out runs\//, reason: 'stands for the user’s own file' },
  { pattern: /\[--/, reason: 'a usage synopsis with [optional] parts, not a command' },
  { pattern: /^pnpm (-s )?jobskill index build/, reason: 'rebuilds the shared skill index (≈ 50 s) under other running tests' },
  { pattern: /^pnpm (-s )?jobskill occupations search/, reason: 'loads the occupation matcher (≈ 30 s on the busy 2-core machine); covered by the match tests' },
  { pattern: /^pnpm (-s )?jobskill (label eval --data \.\.\/shared\/data\/resumes_pdf_categories|extract eval)/, reason: 'reads a whole benchmark (minutes); covered by the labeling/extraction evals' },
  { pattern: /^pnpm (turbo run build|screenshots|--filter @jobskill\/\S+ (dev|exec vitest|eval|bench))/, reason: 'a build, dev server, test suite, eval or bench of its own (CI runs them)' },
];

interface Command {
  readme: string;
  line: string;
}

function shellBlocks(readme: string): string[][] {
  const text = readFileSync(join(repoRoot, readme), 'utf8');
  const blocks: string[][] = [];
  for (const match of text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) {
    // Join backslash continuations; drop comment-only and blank lines.
    const lines = match[1]!.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    blocks.push(lines);
  }
  return blocks;
}

/** The command without its trailing `# comment` (outside quotes), for classification. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && /\s/.test(line[i - 1] ?? ' ')) return line.slice(0, i).trim();
  }
  return line.trim();
}

const skipReason = (line: string) => SKIPPED.find((s) => s.pattern.test(stripComment(line)))?.reason;
const dataDirBeside = existsSync(join(repoRoot, '../shared/data'));
const hasJq = spawnSync('jq', ['--version']).status === 0;

describe('README command blocks run as pasted', () => {
  const blocks = READMES.flatMap((readme) => shellBlocks(readme).map((lines) => ({ readme, lines })));

  it('every command line is run or explicitly skipped with a reason', () => {
    expect(blocks.length).toBeGreaterThan(5);
    const commands: Command[] = blocks.flatMap((b) => b.lines.map((line) => ({ readme: b.readme, line })));
    const run = commands.filter((c) => skipReason(c.line) === undefined);
    // The cheap ones that must stay runnable (a README edit that drops them should be deliberate).
    expect(run.map((c) => stripComment(c.line))).toEqual(
      expect.arrayContaining([
        'pnpm jobskill data inspect',
        `pnpm -s jobskill skills "welder" -k 5 --json | jq '.skills[].label'`,
        'pnpm jobskill rank --taskb-dir ../shared/data/talentclef2026_taskB_toy --out /tmp/default.trec',
      ]),
    );
  });

  for (const { readme, lines } of blocks) {
    const runnable = lines.filter((l) => skipReason(l) === undefined);
    if (runnable.length === 0) continue;
    it.skipIf(!dataDirBeside || !hasJq)(
      `${readme}: ${runnable.length} command(s) from "${stripComment(runnable[0]!).slice(0, 50)}"${!dataDirBeside ? ' (skipped: no ../shared/data beside the repo)' : !hasJq ? ' (skipped: jq not installed)' : ''}`,
      { timeout: 900_000 },
      () => {
        // One bash session per block (a block may `export` or write a file the next line reads); markers say which line failed.
        const script = ['set -euo pipefail', ...runnable.flatMap((line, i) => [`echo "### ${i}" >&2`, line])].join('\n');
        const env: NodeJS.ProcessEnv = { ...process.env, JOBSKILL_NO_PROGRESS: '1' };
        const res = spawnSync('bash', ['-c', script], { cwd: repoRoot, env, encoding: 'utf8', timeout: 880_000, maxBuffer: 64 * 1024 * 1024 });
        const failedAt = [...(res.stderr ?? '').matchAll(/^### (\d+)$/gm)].pop()?.[1];
        const where = res.status === 0 ? '' : `failed at: ${runnable[Number(failedAt ?? 0)]}\n${(res.stderr ?? '').slice(-2000)}`;
        expect(where).toBe('');
        expect(res.status).toBe(0);
      },
    );
  }
});
