#!/usr/bin/env node
// `pnpm bench [--no-model] [package…]`: the embedded models and dist/ first (turbo, cached), then every workspace package's `bench` script one after
// another (they share the machine's cores: parallel runs would measure each other), each bench's output live, and a
// summary table at the end: package, exit status, seconds, and the lines that state a goal or a verdict.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
// --no-model: the models are known to be built (turbo's model cache may not know it, e.g. in a copied worktree).
const skipModel = args.includes('--no-model');
const only = args.filter((a) => a !== '--no-model');

/** Workspace packages (apps/*, packages/*) with a `bench` script, in a stable order. */
function benchPackages() {
  const found = [];
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.scripts?.bench) found.push(pkg.name);
    }
  }
  return only.length > 0 ? found.filter((name) => only.includes(name)) : found;
}

/** Lines worth repeating in the summary: figures against a goal, or a verdict. */
const HEADLINE = /\bgoal\b|\b(PASS|MISS|MISSED|met)\b|req\/s|rows\/s|resumes\/s|sentences\/s|PDFs\/s/;

function runBench(name) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('pnpm', ['--filter', name, '-s', 'bench'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const headlines = [];
    let partial = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (HEADLINE.test(line)) headlines.push(line.trim());
    });
    child.on('close', (code, signal) => {
      if (HEADLINE.test(partial)) headlines.push(partial.trim());
      resolve({ name, code: code ?? 1, signal, seconds: (performance.now() - started) / 1000, headlines });
    });
  });
}

function summaryTable(results) {
  const rows = [['bench', 'status', 'seconds', 'figures (goal / verdict lines)']];
  for (const r of results) {
    const status = r.code === 0 ? 'ok' : `FAILED (${r.signal ?? `exit ${r.code}`})`;
    const lines = r.headlines.length > 0 ? r.headlines.slice(0, 8) : ['–'];
    lines.forEach((line, i) => rows.push(i === 0 ? [r.name, status, r.seconds.toFixed(1), line] : ['', '', '', line]));
  }
  const widths = rows[0].slice(0, 3).map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const format = (row) => [row[0].padEnd(widths[0]), row[1].padEnd(widths[1]), row[2].padStart(widths[2]), row[3]].join('  ');
  return [format(rows[0]), format(['-'.repeat(widths[0]), '-'.repeat(widths[1]), '-'.repeat(widths[2]), '-'.repeat(30)]), ...rows.slice(1).map(format)].join('\n');
}

const model = skipModel ? { status: 0 } : spawnSync('pnpm', ['exec', 'turbo', 'run', 'model', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
if (model.status !== 0) {
  console.error('bench: building the embedded models failed; no bench run');
  process.exit(model.status ?? 1);
}
// The built JavaScript too (turbo-cached): the API bench serves from dist/, as `jobskill serve` does.
const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('bench: building dist/ failed; no bench run');
  process.exit(build.status ?? 1);
}
const results = [];
for (const name of benchPackages()) {
  console.log(`\n=== ${name} bench ===`);
  results.push(await runBench(name));
}
console.log(`\n=== bench summary (one after another on ${(await import('node:os')).availableParallelism()} cores) ===`);
console.log(summaryTable(results));
process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
