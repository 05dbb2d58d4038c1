/**
 * The hook's V8 code cache (`dist/start.cjs`, src/start/code-cache.ts): a second run uses
 * what the first wrote, a rebuilt bundle never runs stale code, a cache someone else could
 * have written is ignored, a damaged one costs nothing but the cache, concurrent writers
 * leave one whole file, and the hook still exits 0 when the build is missing or broken.
 * Every load runs in its own node process, on real files.
 */
import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT, git, makeRepo, makeSandbox, type Sandbox } from './helpers/env.js';

const START = join(PROJECT, 'dist', 'start.cjs');
const IS_ROOT = process.getuid?.() === 0;
const NEEDS_ROOT = IS_ROOT ? false : 'skip: giving a file to another user needs root';

/** A small CommonJS bundle whose `value` export is `value` (same length for 4-letter values). */
const bundleSource = (value: string) => `'use strict';\nfunction square(n) { return n * n; }\nexports.value = '${value}';\nexports.total = [1, 2, 3].map(square).reduce((a, b) => a + b, 0);\n`;

/** A private directory holding `bundle.cjs` with `value`; returns the bundle's path. */
function makeBundle(sb: Sandbox, value = 'AAAA', name = 'dist'): string {
  const dir = join(sb.root, name);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const bundle = join(dir, 'bundle.cjs');
  writeFileSync(bundle, bundleSource(value));
  return bundle;
}

/** Load `bundle` with the cache of `profile` in a new node process: what it exported and the cache state. */
function load(bundle: string, profile = 'test', env: NodeJS.ProcessEnv = process.env): { cache: string; value: string; total: number } {
  const code = 'const r = require(process.argv[1]).loadCached(process.argv[2], process.argv[3]); console.log(JSON.stringify({ cache: r.cache, ...r.exports }));';
  const r = spawnSync(process.execPath, ['-e', code, START, bundle, profile], { encoding: 'utf8', timeout: 30_000, env });
  if (r.status !== 0) throw new Error(`load failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { cache: string; value: string; total: number };
}

const cacheOf = (bundle: string, profile = 'test') => `${bundle}.${profile}.cache`;

t.test('a second run uses the code cache the first one wrote beside the bundle', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const bundle = makeBundle(sb);
  t.same(load(bundle), { cache: 'missing', value: 'AAAA', total: 14 }, 'the first run compiles and runs the bundle');
  t.ok(existsSync(cacheOf(bundle)), 'and leaves a cache file next to it');
  t.equal(statSync(cacheOf(bundle)).mode & 0o022, 0, 'writable by its owner only');
  const written = statSync(cacheOf(bundle)).mtimeMs;
  t.same(load(bundle), { cache: 'used', value: 'AAAA', total: 14 }, 'the second run: V8 accepts the cache');
  t.equal(statSync(cacheOf(bundle)).mtimeMs, written, 'a used cache is not written again');
  t.equal(load(bundle, 'other').cache, 'missing', 'each profile has its own cache');
  t.equal(load(bundle, '../escape').cache, 'off', 'a profile that is not a plain name gets no cache');
  t.notOk(existsSync(join(sb.root, 'escape.cache')), 'and writes nothing');
});

t.test("a run that uses the cache loads no node:crypto: the key is the bundle's file identity, not a hash of its bytes", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const bundle = makeBundle(sb);
  load(bundle);
  // The probe records every built-in module the loader asks for (it takes them with process.getBuiltinModule).
  const probe = join(sb.root, 'probe.cjs');
  writeFileSync(
    probe,
    "const asked = []; const get = process.getBuiltinModule; process.getBuiltinModule = (id) => (asked.push(id), get(id)); const r = require(process.argv[2]).loadCached(process.argv[3], 'test'); console.log(JSON.stringify({ cache: r.cache, crypto: asked.some((id) => /crypto/.test(id)) }));\n",
  );
  const r = spawnSync(process.execPath, [probe, START, bundle], { encoding: 'utf8', timeout: 30_000 });
  t.same(JSON.parse(r.stdout), { cache: 'used', crypto: false }, 'cache used, node:crypto never loaded (it cost each hook run ~12 ms of CPU)');
  const { atime, mtime } = statSync(bundle);
  utimesSync(bundle, atime, mtime);
  t.equal(load(bundle).cache, 'missing', 'a touched bundle (same bytes, same times, a new change time) is compiled afresh');
});

t.test('a run that changed a V8 flag writes no cache, and the cache of ordinary runs stays accepted', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const bundle = makeBundle(sb);
  // The bundle bounds the heap's growth (as a big capture does) when BOUND=1, through its own
  // copy of the loader's module, as the hook bundle has its own copy of src/start/v8-flags.ts.
  writeFileSync(bundle, `${bundleSource('AAAA')}if (process.env.BOUND === '1') require(${JSON.stringify(START)}).boundHeapGrowth();\n`);
  const bound = { ...process.env, BOUND: '1' };
  t.equal(load(bundle, 'test', bound).cache, 'missing', 'a first run that changes a flag');
  t.notOk(existsSync(cacheOf(bundle)), 'writes no cache: the next ordinary run would reject it');
  t.equal(load(bundle).cache, 'missing', 'an ordinary run');
  t.equal(load(bundle).cache, 'used', 'writes a cache the next one uses');
  const written = statSync(cacheOf(bundle)).mtimeMs;
  t.equal(load(bundle, 'test', bound).cache, 'used', 'a run that changes a flag after loading still uses it');
  t.equal(load(bundle).cache, 'used', 'and leaves it accepted for the next ordinary run');
  t.equal(statSync(cacheOf(bundle)).mtimeMs, written, 'never rewritten');
});

t.test('a rebuilt bundle of the same length never runs the code cached for the old one', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const bundle = makeBundle(sb, 'AAAA');
  load(bundle);
  t.equal(load(bundle).cache, 'used');
  const { atime, mtime } = statSync(bundle);
  writeFileSync(bundle, bundleSource('BBBB'));
  utimesSync(bundle, atime, mtime);
  t.equal(statSync(bundle).size, bundleSource('AAAA').length, 'same length, same modification time');
  t.same(load(bundle), { cache: 'missing', value: 'BBBB', total: 14 }, 'the new code runs: the cache was made for other bytes');
  t.same(load(bundle), { cache: 'used', value: 'BBBB', total: 14 }, 'and the cache is rewritten for the new bundle');
});

t.test('a cache that someone else could have written is not read', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const bundle = makeBundle(sb);
  load(bundle);
  chmodSync(cacheOf(bundle), 0o664);
  t.equal(load(bundle).cache, 'missing', 'a group-writable cache file is ignored');
  t.equal(statSync(cacheOf(bundle)).mode & 0o022, 0, 'and replaced by a private one');
  t.equal(load(bundle).cache, 'used');

  chmodSync(join(sb.root, 'dist'), 0o775);
  t.equal(load(bundle).cache, 'off', 'a group-writable directory: no cache at all');
  chmodSync(join(sb.root, 'dist'), 0o757);
  t.equal(load(bundle).cache, 'off', 'a world-writable directory: no cache at all');
  chmodSync(join(sb.root, 'dist'), 0o755);

  const other = makeBundle(sb, 'AAAA', 'fresh');
  chmodSync(join(sb.root, 'fresh'), 0o775);
  load(other);
  t.notOk(existsSync(cacheOf(other)), 'nothing is written into a directory others can write');

  const linked = makeBundle(sb, 'AAAA', 'linked');
  load(bundle);
  symlinkSync(cacheOf(bundle), cacheOf(linked));
  t.equal(load(linked).cache, 'missing', 'a symlink in place of the cache is not followed');
});

t.test('a cache owned by another user, or in a directory they own, is not used', { skip: NEEDS_ROOT }, async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const bundle = makeBundle(sb);
  load(bundle);
  chownSync(cacheOf(bundle), 4242, 4242);
  t.equal(load(bundle).cache, 'missing', 'a cache file of another user is ignored');
  t.equal(statSync(cacheOf(bundle)).uid, process.getuid!(), 'and replaced by our own');
  chownSync(join(sb.root, 'dist'), 4242, 4242);
  t.equal(load(bundle).cache, 'off', "another user's directory: no cache");
});

t.test('a damaged, oversized or special cache file costs only the cache', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const bundle = makeBundle(sb);
  load(bundle);
  const whole = readFileSync(cacheOf(bundle));
  writeFileSync(cacheOf(bundle), whole.subarray(0, whole.indexOf(10) + 1 + Math.floor((whole.length - whole.indexOf(10)) / 2)));
  t.same(load(bundle), { cache: 'rejected', value: 'AAAA', total: 14 }, 'a truncated cache: V8 rejects it, the bundle runs');
  t.equal(load(bundle).cache, 'used', 'and the next run has a whole cache again');

  truncateSync(cacheOf(bundle), 33 * 1024 * 1024);
  t.equal(load(bundle).cache, 'missing', 'a cache file past 32 MiB is not read');

  const fifo = makeBundle(sb, 'AAAA', 'fifo');
  spawnSync('mkfifo', [cacheOf(fifo)]);
  t.same(load(fifo), { cache: 'missing', value: 'AAAA', total: 14 }, 'a FIFO in place of the cache: not read, no hang');
  t.ok(statSync(cacheOf(fifo)).isFile(), 'and replaced by a cache file');
});

t.test('concurrent first runs leave one whole cache file', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const bundle = makeBundle(sb);
  const code = 'const r = require(process.argv[1]).loadCached(process.argv[2], "test"); process.stdout.write(r.exports.value);';
  const runs = Array.from(
    { length: 8 },
    () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', code, START, bundle], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
        });
        child.on('error', reject);
        child.on('exit', (status) => (status === 0 ? resolve(out) : reject(new Error(`exit ${status}`))));
      }),
  );
  t.same(await Promise.all(runs), Array(8).fill('AAAA'), 'every run ran the bundle');
  t.same(readdirSync(join(sb.root, 'dist')).sort(), ['bundle.cjs', 'bundle.cjs.test.cache'], 'one cache file, no temporary file left');
  t.equal(load(bundle).cache, 'used', 'and V8 accepts it');
});

t.test('a bundle written already wrapped in the CommonJS function is compiled as read, with its cache', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const bundle = makeBundle(sb);
  const head = '(function (exports, require, module, __filename, __dirname) {';
  writeFileSync(bundle, `${head}${bundleSource('WRAP')}})\n//# sourceMappingURL=bundle.cjs.map\n`);
  t.same(load(bundle), { cache: 'missing', value: 'WRAP', total: 14 }, 'its exports, as if the loader had wrapped it');
  t.same(load(bundle), { cache: 'used', value: 'WRAP', total: 14 }, 'and the cache the first run wrote is accepted');
  const hook = readFileSync(join(PROJECT, 'dist', 'hook.bundle.cjs'), 'latin1');
  t.ok(hook.startsWith(head), 'the build writes the hook bundle wrapped, so no hook start copies its 1.4 MB into a second string');
  const code = 'const r = require(process.argv[1]).loadCached(process.argv[2], "test"); console.log(typeof r.exports.runHook);';
  const copy = join(sb.root, 'dist', 'hook.bundle.cjs');
  writeFileSync(copy, hook);
  t.equal(spawnSync(process.execPath, ['-e', code, START, copy], { encoding: 'utf8' }).stdout.trim(), 'function', 'and the loader runs it');
});

/** A copy of the built git drift (bin/, dist's hook files, package.json) in the sandbox. */
function copyBuild(sb: Sandbox): string {
  const install = join(sb.root, 'install');
  mkdirSync(join(install, 'dist'), { recursive: true });
  chmodSync(join(install, 'dist'), 0o755);
  cpSync(join(PROJECT, 'bin'), join(install, 'bin'), { recursive: true });
  cpSync(join(PROJECT, 'package.json'), join(install, 'package.json'));
  for (const f of ['hook.bundle.cjs', 'start.cjs']) cpSync(join(PROJECT, 'dist', f), join(install, 'dist', f));
  return install;
}

t.test('the post-commit hook writes its cache once, and the next hook run is accepted by V8', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const install = copyBuild(sb);
  const repo = makeRepo(sb);
  const hook = (env: NodeJS.ProcessEnv = sb.env) => spawnSync(process.execPath, [join(install, 'bin', 'git-drift-hook'), 'post-commit'], { cwd: repo, env, encoding: 'utf8' });
  const bundle = join(install, 'dist', 'hook.bundle.cjs');
  t.equal(hook().status, 0);
  t.ok(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']).startsWith('---'), 'the hook ran: the commit has a note');
  t.ok(existsSync(cacheOf(bundle, 'hook-post-commit')), 'and its cache is beside the bundle');
  const written = statSync(cacheOf(bundle, 'hook-post-commit')).mtimeMs;
  writeFileSync(join(repo, 'more.txt'), 'more\n');
  git(sb, repo, ['add', '-A']);
  git({ ...sb, env: { ...sb.env, GIT_DRIFT: '0' } }, repo, ['commit', '-q', '-m', 'more']);
  t.equal(hook().status, 0);
  t.equal(statSync(cacheOf(bundle, 'hook-post-commit')).mtimeMs, written, 'the second hook run used it (nothing rewritten)');
  t.ok(git(sb, repo, ['notes', '--ref=drift', 'show', 'HEAD']).startsWith('---'), 'and captured the new commit');
  t.equal(load(bundle, 'hook-post-commit').cache, 'used', 'V8 accepts the cache the hook wrote');
});

t.test('the hook exits 0 when the build is missing or broken', async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const install = copyBuild(sb);
  const repo = makeRepo(sb);
  const hook = () => spawnSync(process.execPath, [join(install, 'bin', 'git-drift-hook'), 'post-commit'], { cwd: repo, env: sb.env, encoding: 'utf8' });
  writeFileSync(join(install, 'dist', 'hook.bundle.cjs'), 'throw new Error("broken build");\n');
  t.same([hook().status, hook().stderr], [0, ''], 'a bundle that throws: exit 0, silent');
  writeFileSync(join(install, 'dist', 'hook.bundle.cjs'), 'syntax error here(\n');
  t.same([hook().status, hook().stderr], [0, ''], 'a bundle that does not parse: exit 0, silent');
  writeFileSync(join(install, 'dist', 'start.cjs'), 'module.exports = {};\n');
  t.same([hook().status, hook().stderr], [0, ''], 'a broken loader: exit 0, silent');
  spawnSync('rm', ['-rf', join(install, 'dist')]);
  t.same([hook().status, hook().stderr], [0, ''], 'no build at all: exit 0, silent');
});

t.test("the command line's module compile cache (Node 22 and later) stays in a private dist directory", async (t) => {
  const sb = makeSandbox();
  t.teardown(sb.cleanup);
  const enable = (dir: string) => {
    const code = 'process.stdout.write(String(require(process.argv[1]).enableModuleCompileCache(process.argv[2])));';
    return spawnSync(process.execPath, ['-e', code, START, dir], { encoding: 'utf8' }).stdout;
  };
  const hasIt = typeof (process.getBuiltinModule('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const open = join(sb.root, 'open');
  mkdirSync(open);
  chmodSync(open, 0o777);
  t.equal(enable(open), 'false', 'never in a directory others can write');
  t.notOk(existsSync(join(open, 'compile-cache')), 'nothing written there');
  const mine = join(sb.root, 'mine');
  mkdirSync(mine);
  chmodSync(mine, 0o755);
  t.equal(enable(mine), String(hasIt), hasIt ? 'enabled in a private directory' : 'a no-op on a Node without module.enableCompileCache');
});
