/**
 * The hook path stays light: the hook bundle, and every chunk it can load, must not
 * contain the CLI framework, an LLM SDK, the MCP SDK or remark (STYLE.md). A markdown AST
 * library (mdast-util-*, micromark*) is in no chunk a hook can load, with one exception:
 * the notes merge (`src/notes/merge.ts`, which reads note bodies with
 * mdast-util-from-markdown), loaded only by a dynamic import when a notes ref merge finds
 * one note changed on both sides; the body a capture writes goes through our own writer
 * (`src/notes/body-render.ts`), with no library. zod may
 * come only as `zod/mini` (the note schema, which parseNote runs in hooks), and only in a
 * chunk loaded when a hook parses a note, never in what every hook start loads; and the
 * command line loads the MCP SDK only for `git drift mcp`; checked on esbuild's metafile of
 * the real build.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT } from './helpers/env.js';

const meta = JSON.parse(readFileSync(join(PROJECT, 'dist', 'meta.json'), 'utf8')) as {
  outputs: Record<string, { inputs: Record<string, unknown>; imports?: { path: string; kind: string }[]; entryPoint?: string }>;
};

/** The chunk `import('./merge.js')` loads: the notes merge, the one way a hook reaches a markdown reader. */
const NOTES_MERGE = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === 'src/notes/merge.ts');

/** Inputs of an entry and of every chunk it imports, statically or (unless `staticOnly`) dynamically; never through `skip`. */
function reachable(entry: string, staticOnly = false, skip: string[] = []): string[] {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const out = todo.pop()!;
    if (seen.has(out) || !meta.outputs[out] || skip.includes(out)) continue;
    seen.add(out);
    for (const imp of meta.outputs[out]!.imports ?? []) if (imp.path.startsWith('dist/') && (!staticOnly || imp.kind === 'import-statement')) todo.push(imp.path);
  }
  return [...seen].flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
}

t.test('the hook bundle loads no yargs, LLM SDK, MCP SDK, remark or full zod', async (t) => {
  t.ok(meta.outputs['dist/hook.bundle.js'], 'the build wrote a hook bundle');
  const inputs = reachable('dist/hook.bundle.js');
  t.ok(
    inputs.some((i) => i.includes('src/capture/index.ts')),
    'it can load the capture code',
  );
  t.same(
    inputs.filter((i) => /node_modules\/(yargs|@anthropic-ai|@modelcontextprotocol|remark[^/]*|unified)\//.test(i)),
    [],
    'no heavy libraries',
  );
  const markdown = /node_modules\/(mdast[^/]*|micromark[^/]*)\//;
  t.ok(NOTES_MERGE, 'the notes merge is a chunk of its own');
  t.same(
    reachable('dist/hook.bundle.js', false, [NOTES_MERGE!]).filter((i) => markdown.test(i)),
    [],
    'no markdown AST library except through the notes merge',
  );
  t.same(
    Object.values(meta.outputs).flatMap((o) => (o.imports ?? []).filter((i) => i.path === NOTES_MERGE && i.kind !== 'dynamic-import')),
    [],
    'and the notes merge is only ever imported dynamically',
  );
  t.ok(
    reachable(NOTES_MERGE!).some((i) => i.includes('node_modules/mdast-util-from-markdown/')),
    'the check sees the markdown reader where it is used',
  );
  t.same(
    inputs.filter((i) => /node_modules\/zod\//.test(i) && !/node_modules\/zod\/v4\/(mini|core|locales)\//.test(i)),
    [],
    'zod only as zod/mini (the note schema, src/notes/schema.ts), never the full zod',
  );
  t.same(
    reachable('dist/hook.bundle.js', true).filter((i) => /node_modules\/zod\//.test(i)),
    [],
    'and zod/mini only in a lazily loaded chunk, not in what every hook start loads',
  );
  const remotes = Object.keys(meta.outputs).find((o) => Object.keys(meta.outputs[o]!.inputs).includes('src/notes/remotes.ts'));
  t.ok(remotes, 'the build has a chunk for the merge of fetched notes');
  t.same(
    reachable(remotes!, true).filter((i) => /node_modules\/zod\/|src\/notes\/schema\.ts/.test(i)),
    [],
    'the merge of fetched notes every hook starts with loads the note schema only when a fetched notes ref moved',
  );
  for (const hook of ['post-commit', 'post-rewrite', 'prepare-commit-msg']) {
    const chunk = Object.keys(meta.outputs).find((o) => Object.keys(meta.outputs[o]!.inputs).includes(`src/hooks/${hook}.ts`));
    t.ok(chunk, `the build has a chunk for ${hook}`);
    t.same(
      reachable(chunk!, true).filter((i) => /node_modules\/zod\/|src\/notes\/schema\.ts/.test(i)),
      [],
      `${hook} loads the note schema (zod/mini) only when it parses a note (notes carried over by a rewrite or cherry-pick)`,
    );
  }
  t.ok(
    reachable('dist/cli.bundle.js').some((i) => i.includes('node_modules/yargs')),
    'the check sees yargs where it is used',
  );
});

t.test('the command line loads the MCP SDK only for git drift mcp', async (t) => {
  const mcp = /node_modules\/(@modelcontextprotocol|zod)\//;
  t.same(
    reachable('dist/cli.bundle.js', true).filter((i) => mcp.test(i)),
    [],
    'nothing of it in what every command loads',
  );
  t.ok(
    reachable('dist/cli.bundle.js').some((i) => i.includes('node_modules/@modelcontextprotocol/sdk/')),
    'a lazily loaded chunk holds it',
  );
});
