/**
 * Where a branch stands against the repository's default branch: which branch is the
 * default (from the remote's HEAD, `init.defaultBranch`, then `main`/`master`, never a
 * hard-coded name alone), the commits of a branch that are not on it, and their diff size.
 */
import { gitText, runGit } from './run.js';

/** git's well-known empty tree: the "parent" of a root commit. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** The default branch and how it was found (for `git drift check` and `git drift handoff`). */
export interface DefaultBranch {
  /** Full ref to compare against, e.g. `refs/remotes/origin/main` or `refs/heads/main`. */
  ref: string;
  /** Short branch name, e.g. `main`. */
  name: string;
  /** How it was found: the remote's HEAD, `init.defaultBranch`, or a `main`/`master` branch. */
  source: 'remote-head' | 'init.defaultBranch' | 'main' | 'master';
}

/** Added and removed lines over a number of files (from `git diff --numstat`; binary files count as files only). */
export interface DiffStat {
  added: number;
  removed: number;
  files: number;
}

/** One commit of a branch. */
export interface BranchCommit {
  /** Full sha. */
  sha: string;
  subject: string;
  /** Committer date, ISO 8601. */
  at: string;
}

/** A branch against its base: the commits only it has, newest first, and their diff. */
export interface BranchState {
  /** The branch name, or null for a detached HEAD. */
  branch: string | null;
  /** Full sha of the branch tip, or null on an unborn branch (no commit yet). */
  head: string | null;
  /** The default branch found, or null when none exists. */
  defaultBranch: DefaultBranch | null;
  /** What the branch is compared with, for display: `origin/main`, `main`, `main@{upstream}`; null when nothing is. */
  compareWith: string | null;
  /** The merge base with `compareWith`, or null when there is none. */
  base: string | null;
  /** Commits in `base..head` (all of `head` when there is no base and the branch is not the default), newest first, at most `MAX_COMMITS`. */
  commits: BranchCommit[];
  /** How many commits that range holds in all (may exceed `commits.length`). */
  commitCount: number;
  /** Diff of `base..head` (from the empty tree when there is no base), or null when nothing is compared (default branch without upstream). */
  diff: DiffStat | null;
}

/** Most commits listed in a `BranchState`. */
export const MAX_COMMITS = 100;

/**
 * Find the default branch, from one `git for-each-ref`: `refs/remotes/<remote>/HEAD`
 * (`preferRemote`, default `origin`, first, then the other remotes), then
 * `init.defaultBranch`, then `main`, then `master` — each of these names as the preferred
 * remote's tracking branch, else the local branch, else any remote's. The remote-tracking
 * branch comes first because that is what a pull request merges into (and all a CI
 * checkout has). Null when none of them exists.
 */
export async function readDefaultBranch(cwd: string, preferRemote?: string | null): Promise<DefaultBranch | null> {
  const { stdout } = await runGit(['for-each-ref', '--format=%(refname)%00%(symref)', 'refs/heads', 'refs/remotes'], { cwd });
  const refs = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [name, symref] = line.split('\0');
    if (name) refs.set(name, symref ?? '');
  }
  const found = pickDefaultBranch(refs, null, preferRemote);
  if (found !== undefined) return found;
  const configured = (await runGit(['config', '--get', 'init.defaultBranch'], { cwd, allowExit: [1] })).stdout.trim();
  return pickDefaultBranch(refs, configured, preferRemote) ?? null;
}

/**
 * The default branch among `refs` (full ref name → symbolic target, `''` for a plain ref;
 * the branches and remote-tracking branches), by the rules of `readDefaultBranch`, with
 * `configured` the value of `init.defaultBranch` (`''` when unset). With `configured`
 * null (not read yet) it answers only when a remote's HEAD decides, and returns undefined
 * otherwise, so that a caller asks git for the setting only when it matters. Pure.
 */
export function pickDefaultBranch(refs: Map<string, string>, configured: string | null, preferRemote?: string | null): DefaultBranch | null | undefined {
  const prefer = `refs/remotes/${preferRemote ?? 'origin'}/`;
  const remoteHeads = [...refs.entries()].filter(([name, target]) => /^refs\/remotes\/[^/]+\/HEAD$/.test(name) && target);
  remoteHeads.sort(([a], [b]) => Number(b.startsWith(prefer)) - Number(a.startsWith(prefer)) || a.localeCompare(b));
  for (const [, target] of remoteHeads) {
    if (refs.has(target)) return { ref: target, name: target.replace(/^refs\/remotes\/[^/]+\//, ''), source: 'remote-head' };
  }
  if (configured === null) return undefined;
  const find = (name: string): string | undefined =>
    [`${prefer}${name}`, `refs/heads/${name}`].find((r) => refs.has(r)) ?? [...refs.keys()].find((r) => r.startsWith('refs/remotes/') && r.endsWith(`/${name}`) && !r.endsWith('/HEAD'));
  const fromConfig = configured ? find(configured) : undefined;
  if (fromConfig) return { ref: fromConfig, name: configured, source: 'init.defaultBranch' };
  for (const name of ['main', 'master'] as const) {
    const ref = find(name);
    if (ref) return { ref, name, source: name };
  }
  return null;
}

/** The current branch name, or null when HEAD is detached. */
export async function readCurrentBranch(cwd: string): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['symbolic-ref', '-q', '--short', 'HEAD'], { cwd, allowExit: [1, 128] });
  return exitCode === 0 ? stdout.trim() || null : null;
}

/** Full sha of `rev`, or null when it does not resolve (an unborn branch, a missing ref). `env`: git's environment (default the process's). */
export async function resolveCommit(cwd: string, rev: string, env?: NodeJS.ProcessEnv): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['rev-parse', '-q', '--verify', `${rev}^{commit}`], { cwd, env, allowExit: [1, 128] });
  return exitCode === 0 ? stdout.trim() : null;
}

/**
 * Read where `branch` (null: the current HEAD, possibly detached) stands: its tip, the
 * default branch, the merge base, the commits only it has and their diff. On the default
 * branch itself the base is its upstream (`@{upstream}`) when it has one, else nothing
 * is compared. A branch with no common history with the default branch (or a repository
 * without one) is compared with the empty tree. Throws `GitError` on git failures other
 * than "no such ref".
 */
export async function readBranchState(cwd: string, branch: string | null): Promise<BranchState> {
  const current = branch ?? (await readCurrentBranch(cwd));
  const head = await resolveCommit(cwd, branch ? `refs/heads/${branch}` : 'HEAD');
  const defaultBranch = await readDefaultBranch(cwd);
  const empty: BranchState = { branch: current, head, defaultBranch, compareWith: null, base: null, commits: [], commitCount: 0, diff: null };
  if (!head) return empty;
  const onDefault = current !== null && defaultBranch !== null && current === defaultBranch.name && defaultBranch.ref === `refs/heads/${current}`;
  let against: string | null = null;
  let compareWith: string | null = null;
  if (onDefault) {
    against = await resolveCommit(cwd, `${current}@{upstream}`);
    if (!against) return empty;
    compareWith = `${current}@{upstream}`;
  } else if (defaultBranch) {
    against = defaultBranch.ref;
    compareWith = defaultBranch.ref.replace(/^refs\/(heads|remotes)\//, '');
  }
  const base = against ? await mergeBase(cwd, head, against) : null;
  const range = base ? [`${base}..${head}`] : [head];
  const [commits, count, diff] = await Promise.all([readCommitLog(cwd, range), gitText(['rev-list', '--count', ...range, '--'], { cwd }), readDiffStat(cwd, base ?? EMPTY_TREE, head)]);
  return { ...empty, compareWith, base, commits, commitCount: Number(count) || 0, diff };
}

async function mergeBase(cwd: string, a: string, b: string): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['merge-base', a, b], { cwd, allowExit: [1] });
  return exitCode === 0 ? stdout.trim() || null : null;
}

/**
 * Commits of `git log <args> -- <paths>` (a range, `--since=…` and a revision…; only those
 * touching `paths` when given), newest first, at most `MAX_COMMITS`. Throws `GitError` when
 * git fails.
 */
export async function readCommitLog(cwd: string, range: string[], paths: string[] = []): Promise<BranchCommit[]> {
  const out = await gitText(['log', `--max-count=${MAX_COMMITS}`, '--format=%H%x1f%s%x1f%cI', ...range, '--', ...paths], { cwd });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [sha = '', subject = '', at = ''] = line.split('\x1f');
      return { sha, subject, at };
    });
}

/**
 * `git diff --numstat` between two trees or commits (`to` null: the work tree, tracked
 * files only), renames followed, `exclude` pathspecs left out. Throws `GitError` when git fails.
 */
export async function readDiffStat(cwd: string, from: string, to: string | null, exclude: string[] = []): Promise<DiffStat> {
  const args = ['-c', 'core.quotePath=false', 'diff', '--numstat', '-M', '--no-color', '--no-ext-diff', from, ...(to ? [to] : [])];
  const { stdout } = await runGit([...args, '--', '.', ...exclude.map((p) => `:(exclude)${p}`)], { cwd });
  return parseNumstat(stdout);
}

/** Sum `git diff --numstat` output (`added<TAB>removed<TAB>path`, `-` for binary). Pure. */
export function parseNumstat(text: string): DiffStat {
  const stat: DiffStat = { added: 0, removed: 0, files: 0 };
  for (const line of text.split('\n')) {
    const m = /^(\d+|-)\t(\d+|-)\t/.exec(line);
    if (!m) continue;
    stat.files += 1;
    stat.added += m[1] === '-' ? 0 : Number(m[1]);
    stat.removed += m[2] === '-' ? 0 : Number(m[2]);
  }
  return stat;
}

/**
 * The time git understands for `--since`-like text (`2 hours ago`, `yesterday`,
 * `2026-11-20 10:00`), as ms since the epoch, read with `git rev-parse --since=<text>`.
 * Null when git prints no date; note that git reads text it does not understand as "now".
 */
export async function readGitDate(cwd: string, text: string): Promise<number | null> {
  const out = await gitText(['rev-parse', `--since=${text}`], { cwd });
  const m = /^--max-age=(\d+)$/.exec(out.trim());
  return m ? Number(m[1]) * 1000 : null;
}
