/**
 * The shape of `src/` stays readable (issue 13): no import cycle among its folders, and
 * only the hooks, the commands and capture itself import `src/capture/`. Checked on the
 * real sources: every static `import … from '…'`, `export … from '…'` and dynamic
 * `import('…')` with a relative specifier, type-only imports included (a type import is
 * still a dependency a reader has to follow).
 */
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { PROJECT } from './helpers/env.js';

const SRC = join(PROJECT, 'src');

/** Folders allowed to import `capture/`: the hooks and commands that capture, and capture itself. */
const MAY_IMPORT_CAPTURE = new Set(['capture', 'hooks', 'commands']);

/** Every `.ts` file under `dir`, as a path relative to `src/` with `/` separators. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') ? [relative(SRC, full).split('\\').join('/')] : [];
  });
}

/** The relative import specifiers of one source text (static, re-export and dynamic). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"](\.[^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

/** The folder a `src/`-relative file belongs to: its first path segment, or the file itself at the top. */
function folderOf(file: string): string {
  const first = file.split('/')[0]!;
  return first === file ? file.replace(/\.ts$/, '') : first;
}

/** File-level edges: importer → imported, both `src/`-relative (`.js` specifiers mapped to `.ts`). */
function fileEdges(): [string, string][] {
  const edges: [string, string][] = [];
  for (const file of sourceFiles(SRC)) {
    for (const spec of specifiers(readFileSync(join(SRC, file), 'utf8'))) {
      const target = posix.normalize(posix.join(dirname(file), spec)).replace(/\.js$/, '.ts');
      if (!target.startsWith('..')) edges.push([file, target]);
    }
  }
  return edges;
}

/** The cycles of a directed graph, one per strongly connected component of more than one node (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      on.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const edges = fileEdges();

t.test('the checker sees the imports it is meant to check', async (t) => {
  t.ok(
    edges.some(([from, to]) => from === 'hooks/post-commit-capture.ts' && to === 'capture/index.ts'),
    'post-commit imports capture',
  );
  t.ok(
    edges.some(([from, to]) => from === 'hook.ts' && to === 'hooks/post-commit.ts'),
    'dynamic imports count',
  );
  t.same(
    cycles(
      new Map([
        ['a', new Set(['b'])],
        ['b', new Set(['a'])],
        ['c', new Set(['a'])],
      ]),
    ),
    [['a', 'b']],
    'a two-folder cycle is found',
  );
});

/** Top-level files that are one unit: `cli-yargs.ts` is split from `cli.ts` only to load yargs lazily. */
const UNITS: Record<string, string> = { 'cli-yargs': 'cli' };

t.test('no import cycle among the folders of src/', async (t) => {
  const node = (file: string) => UNITS[folderOf(file)] ?? folderOf(file);
  const graph = new Map<string, Set<string>>();
  for (const [from, to] of edges) {
    const a = node(from);
    const b = node(to);
    if (!graph.has(a)) graph.set(a, new Set());
    if (a !== b) graph.get(a)!.add(b);
  }
  const found = cycles(graph).sort((x, y) => x.join().localeCompare(y.join()));
  const why = (c: string[]) => edges.filter(([f, to]) => c.includes(node(f)) && c.includes(node(to)) && node(f) !== node(to)).map(([f, to]) => `${f} → ${to}`);
  t.same(
    found.map((c) => `${c.join(' ↔ ')}: ${why(c).join(', ')}`),
    [],
    'no cycle (each found is listed with the file imports that make it)',
  );
});

t.test('only the hooks, the commands and capture itself import capture/', async (t) => {
  const offenders = edges.filter(([from, to]) => folderOf(to) === 'capture' && !MAY_IMPORT_CAPTURE.has(folderOf(from))).map(([from, to]) => `${from} → ${to}`);
  t.same(offenders, [], 'imports of capture/ from other folders');
});

t.test('hook handlers read no process globals: the dispatcher hands them a HookContext', async (t) => {
  const readers = sourceFiles(join(SRC, 'hooks'))
    .map((f) => `hooks/${f.split('/').pop()}`)
    .filter((f) => /process\.(cwd\(\)|env\b)/.test(readFileSync(join(SRC, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')));
  t.same(readers, [], 'hook modules that read process.cwd() or process.env');
  t.notMatch(readFileSync(join(SRC, 'hook.ts'), 'utf8'), /^let /m, 'the dispatcher keeps no module state');
});
