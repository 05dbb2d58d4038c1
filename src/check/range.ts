/**
 * Which commits `git drift check` looks at: the range given, or by default the commits of
 * the current branch that are not on the default branch.
 */
import { UserError } from '../errors.js';
import { pickDefaultBranch } from '../git/branch.js';
import { pickDefaultRemote } from '../git/remotes.js';
import { runGit } from '../git/run.js';
import { parseConfigEntries, remoteOfKey } from '../git/config-entries.js';

/** The commits to check, as a `git log` revision range, with how it was chosen. */
export interface CheckRange {
  /** Revision arguments for `git log` (full ref names), or null when there is nothing to check. */
  revs: string[] | null;
  /** The range as shown to the user, e.g. `origin/main..HEAD`. */
  shown: string;
  /** Why the default range is what it is, when that needs saying (on the default branch). */
  notice: string | null;
}

function shortRef(ref: string): string {
  return ref.replace(/^refs\/(remotes|heads)\//, '');
}

/** What the default range is decided from: the refs, the current branch and the settings that pick the default remote and branch. */
export interface RangeRefs {
  /** Branches and remote-tracking branches: full ref name → symbolic target (`''` for a plain ref). */
  refs: Map<string, string>;
  /** The branch HEAD is on (short name), or null when HEAD is detached or on a branch with no commit yet. */
  current: string | null;
  /** The configured remotes (names of `remote.<name>.*` sections, as `git remote` lists them), in config order. */
  remotes: string[];
  /** `branch.<current>.remote` (its last value), or null. */
  upstream: string | null;
  /** `init.defaultBranch` (its last value), or `''` when unset. */
  initDefaultBranch: string;
}

/**
 * Read what `resolveRange` needs with two git processes started together: `git for-each-ref`
 * over the branches and remote-tracking branches (`%(HEAD)` marks the branch checked out
 * in this worktree) and one `git config --get-regexp` for the remotes, the branches'
 * upstream remotes and `init.defaultBranch`. A branch with no commit yet is not a ref, so
 * on it `current` is null: any default range then fails in `git log` on HEAD alike.
 * Throws `GitError` when git fails (outside a repository, a malformed config).
 */
export async function readRangeRefs(cwd: string): Promise<RangeRefs> {
  const [listed, config] = await Promise.all([
    runGit(['for-each-ref', '--format=%(HEAD)%00%(refname)%00%(symref)', 'refs/heads', 'refs/remotes'], { cwd }),
    runGit(['config', '--null', '--get-regexp', '^(remote\\..+\\..+|branch\\..+\\.remote|init\\.defaultbranch)$'], { cwd, allowExit: [1] }),
  ]);
  const refs = new Map<string, string>();
  let current: string | null = null;
  for (const line of listed.stdout.split('\n')) {
    const [head = '', name = '', symref = ''] = line.split('\0');
    if (!name) continue;
    refs.set(name, symref);
    if (head === '*' && name.startsWith('refs/heads/')) current = name.slice('refs/heads/'.length);
  }
  const remotes = new Set<string>();
  const settings = new Map<string, string>();
  for (const { key, value } of parseConfigEntries(config.stdout)) {
    if (key.startsWith('remote.')) {
      const name = remoteOfKey(key);
      if (name !== null) remotes.add(name);
    } else if (value !== null) settings.set(key, value); // the last value wins, as with git config --get
  }
  return {
    refs,
    current,
    remotes: [...remotes],
    upstream: current === null ? null : (settings.get(`branch.${current}.remote`) ?? null),
    initDefaultBranch: settings.get('init.defaultbranch') ?? '',
  };
}

/**
 * The range to check in the repository at `cwd`: `given` as is; else `<default>..HEAD`
 * where `<default>` is the default branch (`pickDefaultBranch`, as `readDefaultBranch`
 * finds it: remote-tracking when it exists, the default remote's first), all read with
 * the two git processes of `readRangeRefs`. On the default branch itself this is the
 * commits not yet on its remote-tracking branch, or nothing when there is none; `notice`
 * says so. Throws `UserError` when no default branch can be found.
 */
export async function resolveRange(cwd: string, given: string | null): Promise<CheckRange> {
  if (given) return { revs: [given], shown: given, notice: null };
  const { refs, current, remotes, upstream, initDefaultBranch } = await readRangeRefs(cwd);
  const def = pickDefaultBranch(refs, initDefaultBranch, pickDefaultRemote(remotes, upstream));
  if (!def) {
    throw new UserError('cannot tell the default branch (no refs/remotes/<remote>/HEAD, no init.defaultBranch branch, no main or master); ' + 'name the range, e.g. git drift check origin/main..HEAD');
  }
  const shown = `${shortRef(def.ref)}..HEAD`;
  if (current !== def.name) return { revs: [`${def.ref}..HEAD`], shown, notice: null };
  if (def.ref.startsWith('refs/remotes/')) {
    return {
      revs: [`${def.ref}..HEAD`],
      shown,
      notice: `on the default branch ${def.name}: checking the commits not yet on ${shortRef(def.ref)}; name a range to check others, e.g. git drift check HEAD~10..HEAD`,
    };
  }
  return {
    revs: null,
    shown: '(nothing)',
    notice: `on the default branch ${def.name}, which has no remote-tracking branch to compare with: nothing checked; name a range, e.g. git drift check HEAD~10..HEAD`,
  };
}
