// Fails when source files, or the folders that hold them, import each other in a loop.
// Files: every relative import (type-only ones too: a loop of types is a loop of ideas) between
// the .ts files under src/, workers/, cli/ and scripts/ (tests excluded). Folders: the same
// imports between the folders of the project's modules (src/runtime, src/plan, workers/mock, …;
// a module's subfolders count as the module), so src/db → src/logs → src/db is a loop too.
// No dependencies: `node scripts/check-cycles.mjs` (part of `npm run lint`).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
const ROOTS = ['src', 'workers', 'cli', 'scripts'];
const SOURCE = /\.(ts|mts|mjs|js)$/;
const SKIP = /(\.test\.ts|\.d\.ts)$|node_modules|\/dist\//;
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*\(?\s*['"]([^'"]+)['"]/gm;

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (SKIP.test(path)) continue;
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (SOURCE.test(name)) out.push(path);
  }
  return out;
}

function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts'), `${base}.mjs`];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/**
 * A file's module folder: `src/runtime/params/x.ts` → `src/runtime`, `workers/mock/admin/y.ts` →
 * `workers/mock`. The CLI is one shell: its entry (cli/main.ts) and the command table it reads
 * (cli/commands) are the same module.
 */
function moduleOf(file) {
  const parts = relative(root, file).split('/');
  if (parts[0] === 'cli') return 'cli';
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0];
}

/** Tarjan's strongly connected components with more than one member. */
function loops(graph) {
  let index = 0;
  const stack = [];
  const meta = new Map();
  const found = [];
  const visit = (node) => {
    meta.set(node, { index, low: index, on: true });
    index++;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!meta.has(next)) {
        visit(next);
        meta.get(node).low = Math.min(meta.get(node).low, meta.get(next).low);
      } else if (meta.get(next).on) meta.get(node).low = Math.min(meta.get(node).low, meta.get(next).index);
    }
    if (meta.get(node).low === meta.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        meta.get(member).on = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!meta.has(node)) visit(node);
  return found;
}

const fileGraph = new Map();
const folderGraph = new Map();
/** Why a folder imports another: one file pair per folder pair, for the message. */
const because = new Map();
for (const file of ROOTS.filter((r) => existsSync(join(root, r))).flatMap((r) => files(join(root, r)))) {
  const text = readFileSync(file, 'utf8');
  const targets = new Set();
  for (const match of text.matchAll(IMPORT)) {
    const target = resolveImport(file, match[1] ?? match[2]);
    if (target !== null && !SKIP.test(target)) targets.add(relative(root, target));
  }
  const name = relative(root, file);
  fileGraph.set(name, targets);
  const from = moduleOf(file);
  if (!folderGraph.has(from)) folderGraph.set(from, new Set());
  for (const target of targets) {
    const to = moduleOf(join(root, target));
    if (to === from) continue;
    folderGraph.get(from).add(to);
    if (!because.has(`${from}>${to}`)) because.set(`${from}>${to}`, `${name} → ${target}`);
  }
}

const fileLoops = loops(fileGraph);
const folderLoops = loops(folderGraph);
for (const loop of fileLoops) console.error(`import cycle between files: ${loop.join(', ')}`);
for (const loop of folderLoops) {
  const edges = loop.flatMap((a) => loop.filter((b) => because.has(`${a}>${b}`)).map((b) => because.get(`${a}>${b}`)));
  console.error(`import cycle between folders: ${loop.join(', ')}\n  ${edges.join('\n  ')}`);
}
if (fileLoops.length + folderLoops.length > 0) process.exit(1);
console.log(`no import cycles: ${fileGraph.size} files, ${folderGraph.size} folders`);
