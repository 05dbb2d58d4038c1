/**
 * HEAD and its reflog read from the git dir's files, for the commit path (post-commit),
 * where each git process costs ~20 ms of the hook's time: the commit HEAD names (`HEAD`,
 * then the loose branch ref git just wrote) and the last entries of a HEAD reflog
 * (`logs/HEAD`, git's format: `<old> <new> <ident> <time> <tz>\t<message>` per line, oldest
 * first; gitrepository-layout(5)). Whatever the files do not answer plainly (a packed
 * ref, a symbolic ref to a symbolic ref, the reftable backend) is left to git.
 */
import { join } from 'node:path';
import { openRegular, readRegularText } from '../fs/read.js';
import { gitText } from './run.js';

/** Where a worktree's git state lives (see `Repo` in ./repo.ts). */
export interface HeadDirs {
  /** The work tree (git's cwd for the fallback). */
  root: string;
  /** The worktree's git dir (its `HEAD`, `logs/HEAD`). */
  gitDir: string;
  /** The common git dir (branch refs, `reftable/`). */
  commonDir: string;
}

/** One reflog entry: the commit before and after, and git's message (`commit: <subject>`, `reset: moving to …`). */
export interface ReflogEntry {
  old: string;
  new: string;
  message: string;
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const NULL_SHA = /^0+$/;
/** Largest `HEAD` or loose ref file read (either holds one line). */
const MAX_REF_BYTES = 4096;
/** Most bytes read from the end of a reflog file (its newest entries). */
export const MAX_REFLOG_TAIL_BYTES = 256 * 1024;

/**
 * The full sha of the commit HEAD names in the worktree of `dirs`: from `<gitDir>/HEAD` and
 * the loose ref it points to when both are plain files, else from
 * `git rev-parse --verify HEAD`. Throws `GitError` when git cannot resolve HEAD (an unborn
 * branch).
 */
export async function readHeadCommit(dirs: HeadDirs): Promise<string> {
  const fromFiles = await readHeadFromFiles(dirs).catch(() => null);
  return fromFiles ?? (await gitText(['rev-parse', '--verify', 'HEAD'], { cwd: dirs.root }));
}

async function readHeadFromFiles(dirs: HeadDirs): Promise<string | null> {
  const head = (await readRegularText(join(dirs.gitDir, 'HEAD'), { maxBytes: MAX_REF_BYTES })).trim();
  if (SHA.test(head)) return head;
  const ref = /^ref: (refs\/heads\/[A-Za-z0-9._/-]+)$/.exec(head)?.[1];
  if (!ref || ref.split('/').some((part) => part === '' || part.startsWith('.') || part.endsWith('.lock'))) return null;
  const target = (await readRegularText(join(dirs.commonDir, ref), { maxBytes: MAX_REF_BYTES })).trim();
  return SHA.test(target) ? target : null;
}

/**
 * True when refs live in files (`logs/HEAD` is the reflog): false for the reftable backend
 * (`<commonDir>/reftable/`), whose reflogs only git reads.
 */
export async function hasFileReflogs(commonDir: string): Promise<boolean> {
  try {
    await (await openRegular(join(commonDir, 'reftable', 'tables.list'))).close();
    return false;
  } catch {
    return true;
  }
}

/**
 * The last `n` entries of the reflog file `path` (e.g. `<gitDir>/logs/HEAD`), newest first,
 * read from its last `MAX_REFLOG_TAIL_BYTES` (fewer entries when they are longer). Entries
 * that are not `<sha> <sha> …\t…` and those deleting the ref are skipped; a missing file
 * gives none. Never throws.
 */
export async function readReflogTail(path: string, n: number): Promise<ReflogEntry[]> {
  let text: string;
  try {
    const fh = await openRegular(path);
    try {
      const { size } = await fh.stat();
      const length = Math.min(size, MAX_REFLOG_TAIL_BYTES);
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, size - length);
      text = buf.subarray(0, bytesRead).toString('utf8');
      if (length < size) text = text.slice(text.indexOf('\n') + 1); // the first line may be cut
    } finally {
      await fh.close();
    }
  } catch {
    return [];
  }
  return parseReflog(text).reverse().slice(0, n);
}

/** Reflog lines (oldest first) as entries, in the same order; malformed and deleting lines skipped. Pure. */
export function parseReflog(text: string): ReflogEntry[] {
  const out: ReflogEntry[] = [];
  for (const line of text.split('\n')) {
    const [old = '', next = ''] = line.split(' ', 2);
    const tab = line.indexOf('\t');
    if (!SHA.test(old) || !SHA.test(next) || NULL_SHA.test(next)) continue;
    out.push({ old, new: next, message: tab === -1 ? '' : line.slice(tab + 1) });
  }
  return out;
}

/**
 * The commits of the newest run of `entries` (newest first) that are ancestors of `head`
 * (or `head` itself) by the reflog alone: the first entry moved HEAD to `head`, and each
 * entry is a plain commit (`commit:`, `commit (initial):`, `commit (merge):`, whose new
 * commit's first parent is the old one) following the one before it. Stops at the first
 * other entry (a reset, an amend, a checkout, a rebase). Pure.
 */
export function committedChain(entries: ReflogEntry[], head: string): Set<string> {
  const chain = new Set<string>();
  let expect = head;
  for (const e of entries) {
    if (e.new !== expect || !/^commit(?: \((?:initial|merge)\))?: /.test(e.message)) break;
    chain.add(e.new);
    expect = e.old;
  }
  return chain;
}
