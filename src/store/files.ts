/**
 * The one owner of the files under `<git-common-dir>/drift/`: every whole-file write goes
 * through `writeFileAtomic` (a temp file with a unique name in the same directory, flushed
 * to disk, then renamed over the target), so a reader — or a process that stops half way —
 * sees the old file or the new one, never a torn or empty one; and the read-modify-write
 * of the store is serialised across processes and worktrees by `lockStore`
 * (proper-lockfile, the one module that uses it).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { STORE_ENTRIES } from './paths.js';

/**
 * Write `data` to `path` atomically: into `<dir>/.<name>.<pid>.<random>.tmp`, fsync, then
 * rename over `path` (the directory is created if missing). Concurrent writers never share
 * a temp file, so the last rename wins whole. The temp file is removed when a step fails.
 * Throws the I/O error (ENOSPC, EACCES, ENOTDIR…).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = tempPath(path);
  try {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * `writeFileAtomic` for the few places that cannot wait for the event loop (a hook made to
 * exit): the same temp file, fsync and rename, synchronously. Throws the I/O error.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = tempPath(path);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** A temp file name beside `path` no other writer uses: `<dir>/.<name>.<pid>.<random>.tmp`. */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** The store is held by another process longer than a caller would wait. */
export class StoreBusyError extends Error {
  /** `waitedMs`: how long this process waited for the lock (ms). */
  constructor(waitedMs: number) {
    super(`the local store is busy (another git drift process held its lock${waitedMs > 0 ? ` for ${Math.round(waitedMs / 1000)} s` : ''}); the agent lines stay pending for the next capture`);
    this.name = 'StoreBusyError';
  }
}

/** A held store lock: `release` frees it (idempotent; never throws). */
export interface StoreLock {
  release(): Promise<void>;
}

/** A lock not refreshed for this long (ms) belongs to a process that died: it is taken over. */
const STALE_MS = 15_000;

/** Total time (ms) this process spent waiting for store locks other processes held. */
let waitedForLocks = 0;

/**
 * How long (ms) this process has waited so far for store locks held by other processes: a
 * hook's time budget (src/hooks/budget.ts) does not count the time other captures took.
 */
export function storeLockWaitMs(): number {
  return waitedForLocks;
}

/**
 * Take the lock of the store in `dir` (`<dir>/store.lock`, a directory made atomically by
 * proper-lockfile and refreshed while held; a lock whose holder stopped refreshing it for
 * 15 s, the holder killed, is stale and taken over). Waits while other processes hold it,
 * retrying with growing pauses, as long as the lock keeps changing hands (a queue of
 * captures, each making progress); gives up when one holder kept it for `waitMs` (ms).
 * Throws `StoreBusyError` then, or the I/O error when the lock cannot be made (read-only
 * store).
 */
export async function lockStore(dir: string, waitMs: number): Promise<StoreLock> {
  // Within one process the lock is shared (counted): two opens in one process are that
  // process's own business, as they were before the lock.
  let held = heldLocks.get(dir);
  if (!held) {
    const taking = takeLock(dir, waitMs);
    held = { count: 0, release: taking };
    heldLocks.set(dir, held);
    try {
      await taking;
    } catch (err) {
      heldLocks.delete(dir);
      throw err;
    }
  } else {
    await held.release;
  }
  const entry = held;
  entry.count++;
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      if (--entry.count > 0) return;
      heldLocks.delete(dir);
      await (await entry.release)().catch(() => undefined);
    },
  };
}

/** Locks this process holds, by store directory: how many opens share each, and its release. */
const heldLocks = new Map<string, { count: number; release: Promise<() => Promise<void>> }>();

/** Which lock directory is there now (inode and birth time), or null when there is none: a change means it changed hands. */
async function readLockIdentity(lockPath: string): Promise<string | null> {
  try {
    const s = await stat(lockPath);
    return `${s.ino}:${s.birthtimeMs}`;
  } catch {
    return null;
  }
}

/**
 * `release`, which also runs (as `releaseSync`) when the process exits with the lock still
 * held: a hook ends with `process.exit` and leaves its lock to that. proper-lockfile's own
 * exit hook is not enough: it comes through signal-exit 3, whose patch of `process.emit` is
 * dropped when execa's signal-exit 4, patched in before it, unloads (after its last
 * subprocess) and puts back the `process.emit` it saw first. A hook that ran git before
 * loading the store left `store.lock` behind that way, and the next capture waited 15 s for
 * it to go stale. Never throws at exit.
 */
function releasedAtExit(release: () => Promise<void>, releaseSync: () => void): () => Promise<void> {
  const atExit = () => {
    try {
      releaseSync();
    } catch {
      // Already released, or taken over: nothing of ours to remove.
    }
  };
  process.once('exit', atExit);
  return async () => {
    process.removeListener('exit', atExit);
    await release();
  };
}

async function takeLock(dir: string, waitMs: number): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const started = Date.now();
  const lockPath = join(dir, STORE_ENTRIES.lock);
  const target = join(dir, STORE_ENTRIES.store);
  let holder: string | null = null;
  let heldSince = started;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const release = await lockfile.lock(target, {
          realpath: false,
          lockfilePath: lockPath,
          stale: STALE_MS,
          retries: 0,
          // A lock taken over by another process (this one froze past `stale`): the writes
          // that follow are still atomic; the next capture sees whatever won.
          onCompromised: () => undefined,
        });
        return releasedAtExit(release, () => lockfile.unlockSync(target, { realpath: false, lockfilePath: lockPath }));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
        const now = Date.now();
        const identity = await readLockIdentity(lockPath);
        if (identity !== holder) {
          holder = identity;
          heldSince = now;
          attempt = 0;
        }
        const waited = now - heldSince;
        if (waited >= waitMs) throw new StoreBusyError(waited);
        const pause = Math.min(250, 10 * 2 ** Math.min(attempt, 5)) + Math.floor(Math.random() * 25);
        await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(1, waitMs - waited))));
      }
    }
  } finally {
    waitedForLocks += Date.now() - started;
  }
}
