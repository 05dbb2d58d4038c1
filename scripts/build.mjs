// Build: type-check and compile src/ with tsc (dist/), then bundle the two entry points
// with esbuild so a process loads a few files instead of hundreds of modules:
// - the command line, dist/cli.bundle.js (ESM): code splitting puts each lazily imported
//   command in its own chunk (dist/chunks/), so a process compiles only what it runs;
// - the hook, dist/hook.bundle.cjs: one CommonJS file, which bin/git-drift-hook loads with
//   a V8 code cache kept beside it (src/start/code-cache.ts, built as dist/start.cjs):
//   measured, a cached single file starts faster than the ESM chunks, which Node 20 cannot
//   cache; the command line's 5 MB as one file starts slower, so it keeps its chunks;
// - the hot read commands (log, check, blame, status), each also one CommonJS file,
//   dist/quick-<command>.cjs, which bin/git-drift loads the same way (src/quick/).
// dist/meta.json records what each bundle contains (both builds' esbuild metafiles in one);
// a test checks that the hook bundle holds no CLI framework, LLM SDK or markdown AST.
// The report page's client (src/report/client/, with uPlot and its CSS) is bundled first, for
// the browser, minified, and handed to the CLI bundle as the virtual module
// `drift:report-assets` (two strings the report command inlines into its page).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// gitleaks' rule set, precompiled from the installed package (src/redact/vendors/rules.generated.ts).
execFileSync(process.execPath, ['scripts/gitleaks-rules.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'src/report/client/tsconfig.json'], { stdio: 'inherit' });
const client = await build({
  entryPoints: ['src/report/client/main.ts'],
  outdir: 'dist/report-client',
  bundle: true,
  platform: 'browser',
  target: 'es2020',
  format: 'iife',
  minify: true,
  write: false,
  legalComments: 'none',
  logLevel: 'warning',
});
const asset = (ext) => client.outputFiles.find((f) => f.path.endsWith(ext))?.text.trim() ?? '';
const reportAssets = { script: asset('.js'), style: asset('.css') };
if (/<\/script/i.test(reportAssets.script) || /<\/style/i.test(reportAssets.style)) throw new Error('the report client holds </script or </style');
/** Resolves `drift:report-assets` to the bundled client's two strings. */
const reportAssetsPlugin = {
  name: 'report-assets',
  setup(b) {
    b.onResolve({ filter: /^drift:report-assets$/ }, (args) => ({ path: args.path, namespace: 'report-assets' }));
    b.onLoad({ filter: /.*/, namespace: 'report-assets' }, () => ({
      contents: `export const script = ${JSON.stringify(reportAssets.script)};\nexport const style = ${JSON.stringify(reportAssets.style)};\n`,
      loader: 'js',
    }));
  },
};
rmSync('dist/chunks', { recursive: true, force: true });
rmSync('dist/compile-cache', { recursive: true, force: true });
// What an older build left: the ESM hook bundle, and code caches of bundles now replaced.
for (const old of readdirSync('dist')) if (/^hook\.bundle\.js(\.map)?$|\.cache$|\.cache\.[0-9]+-[0-9a-f]+\.tmp$/.test(old)) rmSync(`dist/${old}`, { force: true });
const result = await build({
  entryPoints: { 'cli.bundle': 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [reportAssetsPlugin],
  // js-yaml 3 (through gray-matter) loads esprima, by a require esbuild cannot see, only for
  // its unsafe `!!js/function` type, which safeLoad never uses: the banner's require answers
  // it with an empty module, so no process compiles esprima.
  banner: {
    js: "import { createRequire as __driftCreateRequire } from 'node:module'; const __driftRequire = __driftCreateRequire(import.meta.url); const require = Object.assign((id) => (id === 'esprima' ? {} : __driftRequire(id)), __driftRequire);",
  },
});
// The hook: one CommonJS file. Lazily imported modules stay lazily run (esbuild wraps each in
// an init function); `import.meta.url` becomes the bundle's own file URL.
/** What the two CommonJS outputs (the hook, its loader) share: one `.cjs` file each in dist/. */
const cjs = { outdir: 'dist', outExtension: { '.js': '.cjs' }, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' };
/** What the CommonJS bundles loaded with a code cache (the hook, the quick commands) share. */
const cached = {
  ...cjs,
  sourcemap: true,
  metafile: true,
  define: { 'import.meta.url': '__driftImportMetaUrl' },
  // As above: esprima is answered with an empty module.
  banner: {
    js: "const __driftImportMetaUrl = require('node:url').pathToFileURL(__filename).href; const __driftRequire = require; require = Object.assign((id) => (id === 'esprima' ? {} : __driftRequire(id)), __driftRequire);",
  },
};
// The hook's file is written already wrapped in the CommonJS function head the loader would
// otherwise add (src/start/code-cache.ts, FUNCTION_HEAD): V8 then compiles the file's text as it
// was read, without first copying 1.4 MB into one flat string (measured, issue 15: ~390 page
// faults, 8 ms of CPU of every hook start). The banner and footer are part of esbuild's output,
// so its source map stays exact.
const FUNCTION_HEAD = '(function (exports, require, module, __filename, __dirname) {';
const hook = await build({
  ...cached,
  entryPoints: { 'hook.bundle': 'src/hook.ts' },
  banner: { js: `${FUNCTION_HEAD}${cached.banner.js}` },
  footer: { js: '})' },
});
// The read commands a user runs most, each as one CommonJS file that bin/git-drift loads with
// a code cache when the command line is a plain use of it (src/quick/run.ts).
const QUICK = ['log', 'check', 'blame', 'status'];
const quick = await build({ ...cached, entryPoints: Object.fromEntries(QUICK.map((c) => [`quick-${c}`, `src/quick/${c}.ts`])) });
// esbuild escapes non-ASCII characters in strings, but not in comments, regular expression
// literals and String.raw templates (the redaction rules). There a \uXXXX escape means the
// same character (comments do not matter), and an all-ASCII file is decoded on the fast path
// and held by V8 as a one-byte string: measured 12 ms of each hook start on the 1.4 MB file.
for (const file of ['dist/hook.bundle.cjs', ...QUICK.map((c) => `dist/quick-${c}.cjs`)]) {
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}
// The code-cache loader the hook's bin script requires first: node built-ins only.
await build({ ...cjs, entryPoints: { start: 'src/start/code-cache.ts' } });
const meta = { inputs: { ...result.metafile.inputs, ...hook.metafile.inputs, ...quick.metafile.inputs }, outputs: { ...result.metafile.outputs, ...hook.metafile.outputs, ...quick.metafile.outputs } };
writeFileSync('dist/meta.json', JSON.stringify(meta, null, 1));
