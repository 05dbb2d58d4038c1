/**
 * Which commit a new commit was cherry-picked from. git 2.39 removes `CHERRY_PICK_HEAD`
 * before post-commit when a conflicted pick is finished with `git cherry-pick --continue`
 * (or a plain `git commit`), and keeps no sequencer state for a single pick; it is still
 * there when prepare-commit-msg runs. So the prepare-commit-msg hook script (hooks/)
 * copies it to `<git dir>/drift-picked`, and post-commit takes it from there when HEAD's reflog entry
 * says the commit finished a cherry-pick (`commit (cherry-pick): …`), which a stale file
 * left by an aborted commit never matches.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readRegularHead } from '../fs/read.js';
import { runGit } from '../git/run.js';

/** The copy of `CHERRY_PICK_HEAD` the prepare-commit-msg script leaves for post-commit, in the worktree's git dir. */
const REMEMBERED = 'drift-picked';

/** A commit id read from `<gitDir>/<name>` (its first 100 bytes), or null when absent, not a regular file, or not an id. */
async function readId(gitDir: string, name: string): Promise<string | null> {
  try {
    // Regular files only, never a FIFO (it would hang the hook) nor a symlink.
    const sha = (await readRegularHead(join(gitDir, name), 100, { follow: false })).toString('utf8').trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

/** The commit being cherry-picked (`<gitDir>/CHERRY_PICK_HEAD`), or null. */
export function readCherryPickHead(gitDir: string): Promise<string | null> {
  return readId(gitDir, 'CHERRY_PICK_HEAD');
}

/**
 * post-commit: the commit HEAD was cherry-picked from: `CHERRY_PICK_HEAD`, or the one
 * prepare-commit-msg remembered when HEAD's reflog entry is a finished cherry-pick. The
 * remembered file is removed either way.
 */
export async function readPickedCommit(gitDir: string, cwd: string): Promise<string | null> {
  const head = await readCherryPickHead(gitDir);
  const remembered = await readId(gitDir, REMEMBERED);
  if (remembered === null) return head;
  await rm(join(gitDir, REMEMBERED), { force: true });
  if (head !== null) return head;
  const { stdout } = await runGit(['reflog', '-1', '--format=%gs', 'HEAD'], { cwd });
  return stdout.startsWith('commit (cherry-pick):') ? remembered : null;
}
