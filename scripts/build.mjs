// Build: type-check and compile src/ with tsc (dist/), then bundle the two entry points
// with esbuild (dist/cli.bundle.js, dist/hook.bundle.js) so a hook loads a few files instead
// of hundreds of modules. Code splitting puts each lazily imported command and hook
// handler in its own chunk (dist/chunks/), so a process compiles only what it runs. dist/meta.json records what each bundle contains; a test checks
// that the hook bundle holds no CLI framework, LLM SDK or markdown AST.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// gitleaks' rule set, precompiled from the installed package (src/redact/vendors/rules.generated.ts).
execFileSync(process.execPath, ['scripts/gitleaks-rules.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
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
  // js-yaml 3 (through gray-matter) loads esprima, by a require esbuild cannot see, only for
  // its unsafe `!!js/function` type, which safeLoad never uses: the banner's require answers
  // it with an empty module, so no process compiles esprima.
  banner: {
    js: "import { createRequire as __driftCreateRequire } from 'node:module'; const __driftRequire = __driftCreateRequire(import.meta.url); const require = Object.assign((id) => (id === 'esprima' ? {} : __driftRequire(id)), __driftRequire);",
  },
});
writeFileSync('dist/meta.json', JSON.stringify(result.metafile, null, 1));
