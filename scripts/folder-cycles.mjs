#!/usr/bin/env node
// Import cycles between sibling folders of a package's src (e.g. index/ ↔ retriever/), which madge's file-level
// --circular does not see. A package's top-level files (index.ts, program.ts …) are its root, not a folder: a root
// file importing a folder that imports a root helper is not counted. Tests and fixtures are left out.
import madge from 'madge';

const result = await madge(['packages', 'apps'], { fileExtensions: ['ts'], excludeRegExp: [/node_modules/, /\/dist\//, /\.test\.ts$/, /__fixtures__/] });
const folderOf = (file) => {
  const parts = file.split('/');
  const src = parts.indexOf('src');
  return src < 0 || parts.length <= src + 2 ? null : parts.slice(0, src + 2).join('/');
};
const edges = new Map();
for (const [file, deps] of Object.entries(result.obj())) {
  const from = folderOf(file);
  if (from === null) continue;
  for (const dep of deps) {
    const to = folderOf(dep);
    if (to === null || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
  }
}
const state = new Map();
const cycles = [];
const visit = (node, stack) => {
  state.set(node, 'open');
  stack.push(node);
  for (const next of [...(edges.get(node) ?? [])].sort()) {
    if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
    else if (!state.has(next)) visit(next, stack);
  }
  stack.pop();
  state.set(node, 'done');
};
for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node, []);
if (cycles.length > 0) {
  for (const cycle of cycles) console.error(`folder cycle: ${cycle.join(' → ')}`);
  process.exit(1);
}
console.log(`No folder cycle among ${edges.size} folders.`);
