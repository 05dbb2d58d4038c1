/**
 * Start-up with a V8 code cache: loads a CommonJS bundle (the hook's `dist/hook.bundle.cjs`)
 * through `vm.Script` with the compiled code a previous run left beside it, so a process
 * skips parsing and compiling what it runs. Built on its own as `dist/start.cjs` (node
 * built-ins only), which `bin/git-drift-hook` requires before anything else.
 *
 * The hook bundle is written already wrapped in the CommonJS function head (FUNCTION_HEAD),
 * so that V8 compiles the text as read, with no copy into a concatenated string; any other
 * CommonJS file is wrapped here.
 *
 * Why our own loader (about 100 lines) and not `v8-compile-cache`: that package keeps its
 * cache in the shared `os.tmpdir()`, produces the data at compile time (before any function
 * ran, so lazily compiled functions, most of a bundle, are not in it) and checks no owner.
 *
 * The cache file: `<bundle>.<profile>.cache` (one per profile, e.g. `hook-post-commit`:
 * each kind of run caches the functions it runs). Its first line is a header holding the
 * key: the bundle file's identity (device, inode, size, and modification and change times
 * in ns, from the descriptor its bytes are read from: any write, `touch` or replacement
 * gives a new change time, which no one can set back), `process.version`, the V8 version
 * and the CPU architecture (V8 itself checks only the source length), then V8's data. The
 * identity replaced a SHA-256 of the bytes: hashing 1.4 MB and loading node:crypto cost
 * every hook run about 12 ms of CPU (issue 15). It is used only
 * when the bundle's directory and the file belong to the current user and neither is
 * writable by group or others; it is read with `O_NOFOLLOW | O_NONBLOCK` and only up to
 * `MAX_CACHE_BYTES`. When there was no usable cache, the data is made at process exit
 * (`script.createCachedData()`, so it holds every function that ran) and written to a
 * temporary file renamed over the cache: concurrent writers each rename a whole file, a
 * reader sees one whole file or none. Any failure (read-only install, a foreign file,
 * data V8 rejects) means compiling without a cache, silently.
 *
 * V8 also checks that the data was made under the same V8 flags: a process that changed a
 * flag while it ran (`./v8-flags.ts`) writes no cache.
 *
 * `enableModuleCompileCache` turns on Node's own module compile cache (Node 22 and later;
 * it checks each module's content itself) for the command line's ESM chunks, in the same
 * private directory rule.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync, accessSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { v8FlagsChanged } from './v8-flags.js';

export { boundHeapGrowth } from './v8-flags.js';

/** node:crypto, loaded only when a cache is written (for its temporary file's name). */
const crypto = () => process.getBuiltinModule('node:crypto');

/** The largest cache file read, in bytes (V8's data for the 1.4 MB hook bundle is about 1 MB). */
export const MAX_CACHE_BYTES = 32 * 1024 * 1024;

/** First bytes of every cache file; a new layout or key gets a new number. */
const MAGIC = 'git-drift v8 code cache 2';

/**
 * What happened to the cache on a load: `used` (V8 accepted it), `rejected` (V8 refused
 * it: rewritten at exit), `missing` (none, or made for another bundle or Node: written at
 * exit), `off` (not allowed here: the directory or file is not private to this user, or
 * the platform has no user ids).
 */
export type CacheState = 'used' | 'rejected' | 'missing' | 'off';

/** A loaded bundle: its `module.exports`, what became of the cache, and the cache's path. */
export interface CachedLoad {
  exports: unknown;
  cache: CacheState;
  cacheFile: string;
}

/**
 * Load the CommonJS file `bundle` (absolute path) with the V8 code cache of `profile`
 * (letters, digits and dashes; anything else loads without a cache) and return its exports.
 * Throws what reading or running the bundle throws; never throws for the cache.
 */
export function loadCached(bundle: string, profile: string): CachedLoad {
  const { bytes, identity } = readBundle(bundle);
  const cacheFile = `${bundle}.${profile}.cache`;
  const allowed = /^[A-Za-z0-9-]{1,64}$/.test(profile) && isPrivateDir(dirname(bundle));
  const key = allowed ? [MAGIC, identity, process.version, process.versions.v8, process.arch].join(' ') : '';
  const cachedData = allowed ? readCache(cacheFile, key) : undefined;
  const script = new Script(functionSource(bytes), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const cache: CacheState = !allowed ? 'off' : !cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  if (cache === 'missing' || cache === 'rejected') process.once('exit', () => v8FlagsChanged() || writeCache(cacheFile, key, script));
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  if (typeof run !== 'function') throw new TypeError(`${bundle} begins like a wrapped CommonJS file but its text is not one function`);
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return { exports: module.exports, cache, cacheFile };
}

/**
 * How a CommonJS file's text begins when it is already wrapped in the function the loader
 * runs it as (the hook bundle: scripts/build.mjs writes it so). The text must then end with
 * that function's closing `})`, followed by nothing but comments and white space.
 */
export const FUNCTION_HEAD = '(function (exports, require, module, __filename, __dirname) {';

/**
 * The source `loadCached` compiles for the CommonJS file `bytes` (UTF-8): a function of
 * `exports, require, module, __filename, __dirname`. A file that begins with FUNCTION_HEAD is
 * compiled as it is: V8 gets the one string decoded from the file, where a text wrapped here
 * is a concatenation that V8 copies into one flat string before compiling (for the 1.4 MB hook
 * bundle, 1.4 MB more memory to touch on every start: about 390 page faults). Pure.
 */
export function functionSource(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.startsWith(FUNCTION_HEAD) ? text : `${FUNCTION_HEAD}${text}\n})`;
}

/**
 * The bytes of `file` and its identity, `<dev>:<ino>:<size>:<mtime ns>:<ctime ns>`, both
 * from one descriptor (a file replaced meanwhile cannot pair one's bytes with the other's
 * identity). Throws what reading throws.
 */
export function readBundle(file: string): { bytes: Buffer; identity: string } {
  const fd = openSync(file, constants.O_RDONLY);
  try {
    const st = fstatSync(fd, { bigint: true });
    const bytes = readFileSync(fd);
    return { bytes, identity: [st.dev, st.ino, bytes.length, st.mtimeNs, st.ctimeNs].join(':') };
  } finally {
    closeSync(fd);
  }
}

/**
 * True when `dir` is a directory owned by the current user, not writable by group or
 * others, and writable by us: the only place a cache is read from or written to. False on
 * platforms without user ids (Windows) and on any error.
 */
export function isPrivateDir(dir: string): boolean {
  try {
    const st = statSync(dir);
    if (!st.isDirectory() || !ownedPrivately(st)) return false;
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function ownedPrivately(st: { uid: number; mode: number }): boolean {
  return typeof process.getuid === 'function' && st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/**
 * V8's data from `file` when its header carries `key` and the file is a regular file of
 * ours, private and at most MAX_CACHE_BYTES; otherwise undefined. Never throws, never
 * follows a symlink, never blocks on a FIFO.
 */
export function readCache(file: string, key: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || !ownedPrivately(st) || st.size > MAX_CACHE_BYTES) return undefined;
    const buf = Buffer.alloc(st.size);
    let got = 0;
    for (let n = 1; got < st.size && n > 0; got += n) n = readSync(fd, buf, got, st.size - got, got);
    const header = `${key}\n`;
    if (got !== st.size || buf.toString('utf8', 0, header.length) !== header) return undefined;
    return buf.subarray(header.length);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Write `script`'s code cache (made now, with every function compiled so far) to `file`
 * under the header `key`: a temporary file beside it, then a rename. Never throws; the
 * temporary file is removed on failure.
 */
export function writeCache(file: string, key: string, script: Script): void {
  const tmp = `${file}.${process.pid}-${crypto().randomBytes(6).toString('hex')}.tmp`;
  let fd: number | undefined;
  try {
    const data = script.createCachedData();
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    writeAll(fd, Buffer.from(`${key}\n`));
    writeAll(fd, data);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created
    }
  }
}

function writeAll(fd: number, buf: Buffer): void {
  for (let done = 0; done < buf.length; ) done += writeSync(fd, buf, done, buf.length - done);
}

/**
 * Turn on Node's module compile cache (`module.enableCompileCache`, Node 22.1 and later) in
 * `<dir>/compile-cache` when `dir` is private to this user (see isPrivateDir), never in the
 * shared temporary directory. Returns true when Node enabled it. A no-op returning false on
 * older Node; never throws.
 */
export function enableModuleCompileCache(dir: string): boolean {
  try {
    const enable = (process.getBuiltinModule('node:module') as { enableCompileCache?: (dir: string) => { status: number } }).enableCompileCache;
    if (typeof enable !== 'function' || !isPrivateDir(dir)) return false;
    const { status } = enable(join(dir, 'compile-cache'));
    return status === 1 || status === 2; // module.constants.compileCacheStatus: ENABLED, ALREADY_ENABLED
  } catch {
    return false;
  }
}
