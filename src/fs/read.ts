/**
 * The one way git drift reads a file it does not own: agent logs and databases, `.aider.*`
 * histories, `.prompts/*`, untracked files of the work tree, hook-manager configs. Such a
 * file may be a FIFO, a socket, a device or a symlink to one (left there by another
 * program, or planted): a plain `open` of a FIFO blocks until a writer comes, forever.
 *
 * Every open here uses `O_NONBLOCK` (never blocks on a FIFO; no effect on a regular file),
 * optionally `O_NOFOLLOW` (a symlink itself is refused), then `fstat`s the open descriptor
 * and refuses anything that is not a regular file; reads are capped in bytes. A refused file
 * throws `RefusedFileError` and is remembered until `takeRefusals` collects it, so that
 * capture can report it as a counted diagnostic even when the reader that met it could
 * only answer "nothing here" (a discovery step, a probe).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** A file that was not read because of what it is (not a regular file, a symlink, too big). */
export class RefusedFileError extends Error {
  constructor(
    readonly path: string,
    /** Why, in a few words: `a FIFO`, `a symbolic link`, `larger than 1048576 bytes`… */
    readonly reason: string,
  ) {
    super(`${path}: not read (${reason})`);
    this.name = 'RefusedFileError';
  }
}

/** How to open a foreign file. */
export interface OpenOptions {
  /**
   * Follow a symlink at the last component (default true: agents' own folders may hold
   * symlinked logs). False refuses a symlink (`O_NOFOLLOW`): use it for files inside the
   * work tree, where a committed symlink could point anywhere.
   */
  follow?: boolean;
}

const refusals = new Map<string, string>();

/**
 * The files refused since the last call (path → reason), emptied by the call. Capture
 * turns them into diagnostics.
 */
export function takeRefusals(): { path: string; reason: string }[] {
  const out = [...refusals].map(([path, reason]) => ({ path, reason }));
  refusals.clear();
  return out;
}

/**
 * Remember a file passed over without opening it (a directory listing showed a FIFO or a
 * socket where a log was expected), so that it is counted like a refused one.
 */
export function noteRefused(path: string, reason: string): void {
  refusals.set(path, reason);
}

/** What a directory entry that is not a regular file, directory or symlink is, in words. */
export function kindOfEntry(entry: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  return entry.isFIFO() ? 'a FIFO' : entry.isSocket() ? 'a socket' : entry.isCharacterDevice() ? 'a character device' : entry.isBlockDevice() ? 'a block device' : 'not a regular file';
}

function refuse(path: string, reason: string): RefusedFileError {
  refusals.set(path, reason);
  return new RefusedFileError(path, reason);
}

/** What a non-regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function flags(opts: OpenOptions): number {
  return constants.O_RDONLY | constants.O_NONBLOCK | (opts.follow === false ? constants.O_NOFOLLOW : 0);
}

/** Map the errors an open with our flags gives for special files to refusals; others pass. */
function openError(path: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return refuse(path, 'a symbolic link');
  if (code === 'ENXIO') return refuse(path, 'a socket or a FIFO nobody writes');
  return err;
}

/**
 * Open `path` read-only without ever blocking, and keep it only when it is a regular file.
 * Throws `RefusedFileError` for anything else (and for a symlink with `follow: false`), and
 * the file system's error (`ENOENT`, `EACCES`…) when it cannot be opened.
 */
export async function openRegular(path: string, opts: OpenOptions = {}): Promise<FileHandle> {
  let fh: FileHandle;
  try {
    fh = await open(path, flags(opts));
  } catch (err) {
    throw openError(path, err);
  }
  const st = await fh.stat().catch(async (err: unknown) => {
    await fh.close();
    throw err;
  });
  if (!st.isFile()) {
    await fh.close();
    throw refuse(path, kindOf(st));
  }
  return fh;
}

/** `openRegular` for synchronous readers (the SQLite pager): a file descriptor. Same errors. */
export function openRegularSync(path: string, opts: OpenOptions = {}): number {
  let fd: number;
  try {
    fd = openSync(path, flags(opts));
  } catch (err) {
    throw openError(path, err);
  }
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  if (!st.isFile()) {
    closeSync(fd);
    throw refuse(path, kindOf(st));
  }
  return fd;
}

/** Options of the whole-file reads. */
export interface ReadOptions extends OpenOptions {
  /** Largest file read, in bytes; a bigger one is refused (`RefusedFileError`). */
  maxBytes: number;
}

/**
 * The whole content of a regular file of at most `opts.maxBytes` bytes. Throws
 * `RefusedFileError` (special file, symlink with `follow: false`, too big) or the file
 * system's error.
 */
export async function readRegularFile(path: string, opts: ReadOptions): Promise<Buffer> {
  const fh = await openRegular(path, opts);
  try {
    const { size } = await fh.stat();
    if (size > opts.maxBytes) throw refuse(path, `larger than ${opts.maxBytes} bytes`);
    const buf = Buffer.alloc(size);
    const { bytesRead } = await fh.read(buf, 0, size, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** `readRegularFile` as UTF-8 text. Same errors. */
export async function readRegularText(path: string, opts: ReadOptions): Promise<string> {
  return (await readRegularFile(path, opts)).toString('utf8');
}

/**
 * The first `maxBytes` bytes of a regular file (fewer when it is shorter). Same errors as
 * `openRegular`; a bigger file is not refused, only cut.
 */
export async function readRegularHead(path: string, maxBytes: number, opts: OpenOptions = {}): Promise<Buffer> {
  const fh = await openRegular(path, opts);
  try {
    const buf = Buffer.alloc(maxBytes);
    const { bytesRead } = await fh.read(buf, 0, maxBytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * `readRegularHead` done synchronously: the first `maxBytes` bytes of a regular file. Same
 * errors. For probing thousands of log heads (a first capture over many other projects'
 * logs), where the promise API's overhead per call was most of the cost: the first commit
 * over 7,000 generated Codex rollouts took 2.2 s with it and 1.2 s with this
 * (`bench/unrelated-logs.mjs`, README). It never blocks on a special file (`O_NONBLOCK`,
 * then refused by `fstat`).
 */
export function readRegularHeadSync(path: string, maxBytes: number, opts: OpenOptions = {}): Buffer {
  const fd = openRegularSync(path, opts);
  try {
    const buf = Buffer.allocUnsafe(maxBytes);
    let got = 0;
    for (let n = 1; got < maxBytes && n > 0; got += n) n = readSync(fd, buf, got, maxBytes - got, got);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
