/**
 * Which commits `git drift check` looks at: the range given, or by default the commits of
 * the current branch that are not on the default branch.
 */
import { UserError } from '../errors.js';
import { readCurrentBranch, readDefaultBranch } from '../git/branch.js';
import { readDefaultRemote } from '../git/remotes.js';

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

/**
 * The range to check in the repository at `cwd`: `given` as is; else `<default>..HEAD`
 * where `<default>` is the default branch (`readDefaultBranch`: remote-tracking when it
 * exists). On the default branch itself this is the commits not yet on its
 * remote-tracking branch, or nothing when there is none; `notice` says so. Throws
 * `UserError` when no default branch can be found.
 */
export async function resolveRange(cwd: string, given: string | null): Promise<CheckRange> {
  if (given) return { revs: [given], shown: given, notice: null };
  const current = readCurrentBranch(cwd); // beside the default branch's look-up, not after it
  current.catch(() => undefined); // awaited below
  const def = await readDefaultBranch(cwd, await readDefaultRemote(cwd));
  if (!def) {
    throw new UserError('cannot tell the default branch (no refs/remotes/<remote>/HEAD, no init.defaultBranch branch, no main or master); ' + 'name the range, e.g. git drift check origin/main..HEAD');
  }
  const shown = `${shortRef(def.ref)}..HEAD`;
  if ((await current) !== def.name) return { revs: [`${def.ref}..HEAD`], shown, notice: null };
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
