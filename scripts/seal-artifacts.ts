// Adds the sha256 `integrity` block to the manifests of artifacts built before builders wrote it (no retraining):
// the encoder folders, the re-ranker, the role classifier and the served skill index. Artifacts that already carry
// hashes are left alone (sealing a tampered file would bless it); pass --force to re-seal after a deliberate edit.
// Usage: pnpm -s seal-artifacts [--force] [DIR ...]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveCacheDir, sealArtifact } from '../packages/data/src/index.ts';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const force = args.includes('--force');
const explicit = args.filter((a) => a !== '--force').map((a) => resolve(process.env.INIT_CWD ?? process.cwd(), a));

function filesUnder(dir: string, skip: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!(d === dir && name === skip) && !name.startsWith('.')) out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The manifest and the files it seals: a skill index lists its files; a model folder seals all but its manifest. */
function plan(dir: string): { manifest: string; files: string[] } | null {
  if (existsSync(join(dir, 'jobskill-manifest.json'))) return { manifest: 'jobskill-manifest.json', files: filesUnder(dir, 'jobskill-manifest.json') };
  const index = join(dir, 'manifest.json');
  if (existsSync(index)) {
    const m = JSON.parse(readFileSync(index, 'utf8')) as { format?: string; files?: Record<string, number> };
    if (m.format === 'jobskill-skill-index' && m.files) return { manifest: 'manifest.json', files: Object.keys(m.files) };
  }
  return null;
}

const modelsDir = join(repoRoot, 'packages/models/artifacts');
const defaults = [
  ...(existsSync(modelsDir) ? readdirSync(modelsDir).map((n) => join(modelsDir, n)).filter((d) => statSync(d).isDirectory()) : []),
  join(repoRoot, 'packages/retrieval/artifacts/embedded-reranker'),
  join(repoRoot, 'packages/labeling/artifacts/role-classifier'),
  join(resolveCacheDir(), 'esco-skill-index'),
];
let failed = false;
for (const dir of explicit.length > 0 ? explicit : defaults) {
  if (!existsSync(dir)) {
    if (explicit.length > 0) {
      console.error(`seal-artifacts: ${dir} does not exist`);
      failed = true;
    }
    continue;
  }
  const p = plan(dir);
  if (p === null) {
    if (explicit.length > 0) {
      console.error(`seal-artifacts: ${dir} has no jobskill manifest`);
      failed = true;
    }
    continue;
  }
  const current = JSON.parse(readFileSync(join(dir, p.manifest), 'utf8')) as { integrity?: unknown };
  if (current.integrity !== undefined && !force) {
    console.log(`already sealed  ${relative(repoRoot, dir) || dir}`);
    continue;
  }
  await sealArtifact(dir, p.manifest, p.files);
  console.log(`sealed          ${relative(repoRoot, dir) || dir} (${p.files.length} files)`);
}
process.exitCode = failed ? 1 : 0;
