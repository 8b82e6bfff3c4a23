// Counts the names each package exports from its public (`.`) and internal (`./internal`) entries.
// Usage: node scripts/export-counts.mjs [--json]
import { existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = join(root, 'packages');
const packages = readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, 'src', 'index.ts')));

function exportedNames(file) {
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    customConditions: ['@jobskill/source'],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbol = source && checker.getSymbolAtLocation(source);
  return symbol ? checker.getExportsOfModule(symbol).map((s) => s.name).sort() : [];
}

const rows = packages.map((name) => {
  const dir = join(packagesDir, name, 'src');
  const internal = join(dir, 'internal.ts');
  return {
    package: `@jobskill/${name}`,
    public: exportedNames(join(dir, 'index.ts')),
    internal: existsSync(internal) ? exportedNames(internal) : [],
  };
});

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  for (const row of rows) {
    console.log(`${row.package.padEnd(22)} public ${String(row.public.length).padStart(4)}   internal ${String(row.internal.length).padStart(4)}`);
  }
}
