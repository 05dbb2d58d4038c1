/**
 * The hook path stays light: the hook bundle, and every chunk it can load, must not
 * contain the CLI framework, an LLM SDK, the MCP SDK or a markdown AST (STYLE.md); zod may
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
  outputs: Record<string, { inputs: Record<string, unknown>; imports?: { path: string; kind: string }[] }>;
};

/** Inputs of an entry and of every chunk it imports, statically or (unless `staticOnly`) dynamically. */
function reachable(entry: string, staticOnly = false): string[] {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const out = todo.pop()!;
    if (seen.has(out) || !meta.outputs[out]) continue;
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
    inputs.filter((i) => /node_modules\/(yargs|@anthropic-ai|@modelcontextprotocol|remark|unified|mdast[^/]*|micromark[^/]*)\//.test(i)),
    [],
    'no heavy libraries',
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
