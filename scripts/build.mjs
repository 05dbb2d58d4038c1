// Build: type-check and compile src/ with tsc (dist/), then bundle the two entry points
// with esbuild (dist/cli.bundle.js, dist/hook.bundle.js) so a hook loads a few files instead
// of hundreds of modules. Code splitting puts each lazily imported command and hook
// handler in its own chunk (dist/chunks/), so a process compiles only what it runs. dist/meta.json records what each bundle contains; a test checks
// that the hook bundle holds no CLI framework, LLM SDK or markdown AST.
// The report page's client (src/report/client/, with uPlot and its CSS) is bundled first, for
// the browser, minified, and handed to the CLI bundle as the virtual module
// `drift:report-assets` (two strings the report command inlines into its page).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
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
const result = await build({
  entryPoints: { 'cli.bundle': 'src/cli.ts', 'hook.bundle': 'src/hook.ts' },
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
writeFileSync('dist/meta.json', JSON.stringify(result.metafile, null, 1));
