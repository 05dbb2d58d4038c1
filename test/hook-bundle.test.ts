/**
 * The hook path stays light: the hook bundle must not contain the CLI framework, an LLM
 * SDK, the MCP SDK or remark (STYLE.md). The hook is one CommonJS file
 * (`dist/hook.bundle.cjs`, loaded with a V8 code cache): a module it imports dynamically is
 * in the file but runs only when that import runs (esbuild wraps it in an init function),
 * so "what a hook start loads" is read on the source import graph of esbuild's metafile:
 * static imports and requires are followed from `src/hook.ts`, dynamic imports only where
 * a check says so. A markdown AST library (mdast-util-*, micromark*) is reachable only
 * through the notes merge (`src/notes/merge.ts`, which reads note bodies with
 * mdast-util-from-markdown), imported only dynamically, when a notes ref merge finds one
 * note changed on both sides; the body a capture writes goes through our own writer
 * (`src/notes/body-render.ts`), with no library. zod may come only as `zod/mini` (the note
 * schema, which parseNote runs in hooks), and only behind a dynamic import, never in what
 * every hook start runs; and the command line (ESM chunks) loads the MCP SDK only for
 * `git drift mcp`; checked on esbuild's metafile of the real build.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT } from './helpers/env.js';
import { readBuildMeta, reachableInputs, reachableSources as sourcesIn } from './helpers/build-meta.js';

const meta = readBuildMeta();

/** The source module `import('./merge.js')` loads: the notes merge, the one way a hook reaches a markdown reader. */
const NOTES_MERGE = 'src/notes/merge.ts';

/** Inputs of an output and of every chunk it imports, statically or (unless `staticOnly`) dynamically. */
const reachable = (entry: string, staticOnly = false) => reachableInputs(meta, entry, staticOnly);

/** Source modules reachable from `entry` (see `reachableSources` in helpers/build-meta.ts). */
const reachableSources = (entry: string, staticOnly = false, skip: string[] = []) => sourcesIn(meta, entry, staticOnly, skip);

t.test('the hook bundle loads no yargs, LLM SDK, MCP SDK, remark or full zod', async (t) => {
  const bundle = meta.outputs['dist/hook.bundle.cjs'];
  t.ok(bundle, 'the build wrote the hook as one CommonJS file');
  t.same(
    (bundle?.imports ?? []).filter((i) => !i.external),
    [],
    'which loads no other file of the build',
  );
  const inputs = reachableSources('src/hook.ts');
  t.same(
    Object.keys(bundle!.inputs).filter((i) => !inputs.includes(i)),
    [],
    'every module in the bundle is on the graph read here',
  );
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
  t.ok(inputs.includes(NOTES_MERGE), 'the hook can reach the notes merge');
  t.same(
    reachableSources('src/hook.ts', false, [NOTES_MERGE]).filter((i) => markdown.test(i)),
    [],
    'no markdown AST library except through the notes merge',
  );
  t.same(
    inputs.filter((i) => meta.inputs[i]!.imports.some((imp) => imp.path === NOTES_MERGE && imp.kind !== 'dynamic-import')),
    [],
    'and the hook imports the notes merge only dynamically',
  );
  t.ok(
    reachableSources(NOTES_MERGE).some((i) => i.includes('node_modules/mdast-util-from-markdown/')),
    'the check sees the markdown reader where it is used',
  );
  t.same(
    inputs.filter((i) => /node_modules\/zod\//.test(i) && !/node_modules\/zod\/(mini|v4\/mini|v4\/core|v4\/locales)\//.test(i)),
    [],
    'zod only as zod/mini (the note schema, src/notes/schema.ts), never the full zod',
  );
  t.ok(
    inputs.some((i) => /node_modules\/zod\//.test(i)),
    'the check sees zod/mini where the hook uses it',
  );
  t.same(
    reachableSources('src/hook.ts', true).filter((i) => /node_modules\/zod\//.test(i)),
    [],
    'and zod/mini only behind a dynamic import, not in what every hook start runs',
  );
  t.ok(meta.inputs['src/notes/remotes.ts'], 'the build holds the merge of fetched notes');
  t.same(
    reachableSources('src/notes/remotes.ts', true).filter((i) => /node_modules\/zod\/|src\/notes\/schema\.ts/.test(i)),
    [],
    'the merge of fetched notes every hook starts with loads the note schema only when a fetched notes ref moved',
  );
  for (const hook of ['post-commit', 'post-rewrite', 'prepare-commit-msg']) {
    t.ok(meta.inputs[`src/hooks/${hook}.ts`], `the build holds ${hook}`);
    t.same(
      reachableSources(`src/hooks/${hook}.ts`, true).filter((i) => /node_modules\/zod\/|src\/notes\/schema\.ts/.test(i)),
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

t.test('the hook bundle is plain ASCII, so every hook start decodes it on the fast path as a one-byte string', async (t) => {
  const text = readFileSync(join(PROJECT, 'dist', 'hook.bundle.cjs'), 'latin1');
  const at = text.search(/[^\x00-\x7f]/);
  t.equal(at, -1, at === -1 ? 'no byte above 0x7f' : `a non-ASCII byte at offset ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`);
});
