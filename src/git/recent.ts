/**
 * Commits that recently were HEAD but are no longer part of the current history (reset,
 * split, stash, dropped or abandoned commits), from the reflogs of every worktree's HEAD,
 * and the lines many commits add, read with one git process. Used by capture to give lines
 * back their owners when the commit that held them left the history (docs/format.md,
 * "History operations").
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { runGit, runGitBytes } from './run.js';
import { parseUnifiedZero, type FileAdditions } from './diff.js';
import { committedChain, hasFileReflogs, readReflogTail } from './head.js';

/** Most reflog entries read from the current worktree's HEAD. */
export const HEAD_REFLOG_ENTRIES = 100;
/** Most reflog entries read from each other worktree's HEAD. */
export const OTHER_REFLOG_ENTRIES = 30;
/** Most other worktrees whose HEAD reflog is read (the first ones by name). */
export const MAX_OTHER_WORKTREES = 16;

/** Where a worktree's git state lives (see `Repo` in ./repo.ts). */
export interface GitDirs {
  root: string;
  gitDir: string;
  commonDir: string;
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * The commits recorded in the HEAD reflogs of this worktree (its last `HEAD_REFLOG_ENTRIES`
 * entries) and of the other worktrees of the repository (`main-worktree/HEAD`,
 * `worktrees/<id>/HEAD`, their last `OTHER_REFLOG_ENTRIES` each), this worktree's first,
 * newest first, without repeats. With the files backend the reflog files are read directly
 * (no git process; `./head.ts`), and when `head` is given the commits this worktree's
 * reflog shows to be plain commits leading to `head` are left out (they are in its
 * history); with reftable, one `git log -g` per reflog. A missing reflog gives nothing;
 * never throws on one.
 */
export async function readReflogCommits(dirs: GitDirs, head?: string): Promise<string[]> {
  const refs: [string, string, number][] = [['HEAD', join(dirs.gitDir, 'logs', 'HEAD'), HEAD_REFLOG_ENTRIES]];
  const linked = dirs.gitDir !== dirs.commonDir;
  if (linked) refs.push(['main-worktree/HEAD', join(dirs.commonDir, 'logs', 'HEAD'), OTHER_REFLOG_ENTRIES]);
  const own = linked ? basename(dirs.gitDir) : null;
  const ids = (await readdir(join(dirs.commonDir, 'worktrees')).catch(() => [] as string[])).filter((id) => id !== own && /^[\w.-]+$/.test(id)).sort();
  for (const id of ids.slice(0, MAX_OTHER_WORKTREES)) refs.push([`worktrees/${id}/HEAD`, join(dirs.commonDir, 'worktrees', id, 'logs', 'HEAD'), OTHER_REFLOG_ENTRIES]);
  if (await hasFileReflogs(dirs.commonDir)) {
    const entries = await Promise.all(refs.map(([, path, n]) => readReflogTail(path, n)));
    const inHistory = head ? committedChain(entries[0]!, head) : new Set<string>();
    return [...new Set(entries.flat().map((e) => e.new))].filter((c) => !inHistory.has(c));
  }
  const lists = await Promise.all(refs.map(([ref, , n]) => readReflog(dirs.root, ref, n)));
  return [...new Set(lists.flat())];
}

/** The commits of `ref`'s last `n` reflog entries, newest first; empty when it has no reflog. */
async function readReflog(cwd: string, ref: string, n: number): Promise<string[]> {
  const { stdout, exitCode } = await runGit(['log', '-g', '--format=%H', `-n${n}`, ref, '--'], { cwd, allowExit: [128] });
  if (exitCode !== 0) return [];
  return stdout.split('\n').filter((l) => SHA.test(l));
}

/**
 * The commits reachable from `tips` that are not ancestors of `head` (not in the current
 * history), newest first by commit date, at most `max`. Tips whose objects are gone (a
 * pruned reflog) are skipped. One `git rev-list --stdin`; throws `GitError` when git fails.
 */
export async function readOutsideHistory(cwd: string, tips: string[], head: string, max: number): Promise<string[]> {
  const valid = tips.filter((t) => SHA.test(t));
  if (valid.length === 0) return [];
  const input = `${valid.join('\n')}\n^${head}\n`;
  const { stdout } = await runGit(['rev-list', '--ignore-missing', `--max-count=${max}`, '--no-merges', '--stdin'], { cwd, input });
  return stdout.split('\n').filter((l) => SHA.test(l));
}

/**
 * The added lines of each of `commits` (non-merge commits) against its first parent,
 * restricted to `paths` (repo-relative) when given, with one `git diff-tree --stdin`
 * process. A commit that adds nothing under `paths` is absent. Throws `GitError` when git
 * fails.
 */
export async function readManyAdditions(cwd: string, commits: string[], paths: string[] = []): Promise<Map<string, FileAdditions[]>> {
  const out = new Map<string, FileAdditions[]>();
  if (commits.length === 0) return out;
  const args = ['-c', 'core.quotePath=false', 'diff-tree', '--stdin', '--root', '-p', '-U0', '-M', '--no-color', '--no-ext-diff', '-r', '--', ...paths];
  const { stdout } = await runGit(args, { cwd, input: `${commits.join('\n')}\n` });
  return parseManyPatches(stdout);
}

/**
 * Split `git diff-tree --stdin -p` output into per-commit added lines: each commit's patch
 * follows a line holding only its sha (a patch line never does: added and removed lines
 * start with `+`/`-`). Pure.
 */
export function parseManyPatches(output: string): Map<string, FileAdditions[]> {
  const out = new Map<string, FileAdditions[]>();
  const starts = [...output.matchAll(/^([0-9a-f]{40}(?:[0-9a-f]{24})?)$/gm)];
  starts.forEach((m, i) => {
    const from = m.index! + m[0].length + 1;
    const to = i + 1 < starts.length ? starts[i + 1]!.index! : output.length;
    const files = parseUnifiedZero(output.slice(from, to));
    if (files.length > 0) out.set(m[1]!, files);
  });
  return out;
}

/** Most bytes of one file version read by `readFilesAt`: a bigger blob is skipped (as capture skips huge log files). */
export const MAX_FILE_AT_BYTES = 16 * 1024 * 1024;

/**
 * The text of files named `<rev>:<path>` (e.g. `<sha>^:src/a.ts`), at most `maxBytes` each:
 * one `git cat-file --batch-check` for the types and sizes, then one `git cat-file --batch`
 * for the blobs small enough. Keys are the names given; a name that is not a blob (a
 * missing path, a root commit's parent), holds a line break or is larger than `maxBytes` is
 * absent. Throws `GitError` when git fails.
 */
export async function readFilesAt(cwd: string, names: string[], maxBytes = MAX_FILE_AT_BYTES): Promise<Map<string, string>> {
  const order = [...new Set(names)].filter((n) => !/[\n\r]/.test(n));
  const out = new Map<string, string>();
  if (order.length === 0) return out;
  const { stdout: info } = await runGit(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], { cwd, input: `${order.join('\n')}\n` });
  const wanted = new Map<string, string[]>(); // blob sha → the names that resolve to it
  info
    .split('\n')
    .slice(0, order.length)
    .forEach((line, i) => {
      const [sha, type, size] = line.split(' ');
      if (!sha || !/^[0-9a-f]+$/.test(sha) || type !== 'blob' || Number(size) > maxBytes) return;
      wanted.set(sha, [...(wanted.get(sha) ?? []), order[i]!]);
    });
  if (wanted.size === 0) return out;
  const { stdout: buf } = await runGitBytes(['cat-file', '--batch'], { cwd, input: `${[...wanted.keys()].join('\n')}\n` });
  let pos = 0;
  for (const [sha, named] of wanted) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl === -1) break;
    const header = buf.subarray(pos, nl).toString('utf8').split(' ');
    pos = nl + 1;
    if (header.length !== 3 || header[0] !== sha) continue;
    const size = Number(header[2]);
    const text = buf.subarray(pos, pos + size).toString('utf8');
    for (const name of named) out.set(name, text);
    pos += size + 1;
  }
  return out;
}
