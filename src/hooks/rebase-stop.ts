/**
 * Commits made during `git rebase -i` (`rebase-merge/` in the worktree's git dir), told apart
 * as git 2.39 writes them (docs/format.md, "History operations"):
 * - git's own commits replaying picks have a HEAD reflog entry `rebase (<command>): …`; all
 *   but the commit of an `edit` pick are reported to post-rewrite at the end;
 * - a commit the user makes at a stop (`edit`, `break`, a conflict) has `commit: …` or
 *   `commit (amend): …`. git reports none of them but the last: when the rebase continues,
 *   it records the stopped commit (`rebase-merge/stopped-sha`) as rewritten to HEAD, whatever
 *   HEAD then is (a new commit, the second part of a split), and copies its note onto it.
 * So post-commit captures the user's commits at a stop like any commit, remembers them with
 * the id of the note it wrote in `rebase-merge/drift-stop-commits` (git removes the folder
 * when the rebase ends or is aborted), and post-rewrite puts those notes back instead of
 * re-mapping them.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit } from '../git/run.js';
import { readBlobTexts, readNoteBlob } from '../notes/read.js';
import { writeNote } from '../notes/write.js';

/** The file, in `rebase-merge/`, listing `<commit> <note blob>` per commit captured at a stop. */
const STOP_COMMITS = 'drift-stop-commits';

/** Largest rebase state file read (bytes); git's are far smaller. */
const MAX_STATE_BYTES = 1 << 20;

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** Who made HEAD during an interactive rebase, and what it may carry. */
export type RebaseCommit =
  /** git replayed a pick: post-rewrite re-maps it at the end. */
  | { kind: 'replayed' }
  /** git made the commit of an `edit` pick, which post-rewrite will not name: re-map it now from `original`. */
  | { kind: 'edit-pick'; original: string }
  /**
   * The user committed at a stop: capture it. `carry` is the stopped commit when its lines may
   * be in this commit (a split, a conflict resolution, an amend of the stopped commit), else null.
   */
  | { kind: 'at-stop'; carry: string | null };

/** A small state file of git's, trimmed; null when absent or unreadable. */
async function readState(dir: string, name: string): Promise<string | null> {
  try {
    const text = await readFile(join(dir, name), 'utf8');
    return text.length > MAX_STATE_BYTES ? null : text.trim();
  } catch {
    return null;
  }
}

/** An object id read from a state file, or null. */
async function readStateId(dir: string, name: string): Promise<string | null> {
  const text = await readState(dir, name);
  return text !== null && OBJECT_ID.test(text) ? text : null;
}

/**
 * What HEAD is in the interactive rebase of `gitDir` (the worktree's git dir), from HEAD's
 * reflog and `rebase-merge/` (`done`, `stopped-sha`, `amend`). An unreadable reflog (reflogs
 * turned off) reads as `replayed`, the behaviour before stops were told apart. Throws
 * `GitError` only when git itself fails on an existing repository.
 */
export async function readRebaseCommit(gitDir: string, cwd: string): Promise<RebaseCommit> {
  const dir = join(gitDir, 'rebase-merge');
  const { stdout } = await runGit(['reflog', '-1', '--format=%gs', 'HEAD'], { cwd, allowExit: [128] });
  const action = stdout.trim();
  if (action.startsWith('rebase (edit):')) {
    const last =
      (await readState(dir, 'done'))
        ?.split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .pop() ?? '';
    const original = /^(?:edit|e)\s+([0-9a-f]{40,64})\b/.exec(last)?.[1];
    return original ? { kind: 'edit-pick', original } : { kind: 'replayed' };
  }
  if (!action.startsWith('commit:') && !action.startsWith('commit (amend):')) return { kind: 'replayed' };
  const stopped = await readStateId(dir, 'stopped-sha');
  if (!stopped) return { kind: 'at-stop', carry: null };
  // At an `edit` stop, `amend` names the commit git stopped with; while it is still in HEAD's
  // history its lines are not this commit's (a new commit on top of it).
  const stoppedWith = await readStateId(dir, 'amend');
  if (stoppedWith) {
    const { exitCode } = await runGit(['merge-base', '--is-ancestor', stoppedWith, 'HEAD'], { cwd, allowExit: [1, 128] });
    if (exitCode === 0) return { kind: 'at-stop', carry: null };
  }
  return { kind: 'at-stop', carry: stopped };
}

/** Remember that `commit` was captured at a stop, with the id of the note it got. Throws on a write error. */
export async function rememberStopCommit(gitDir: string, cwd: string, commit: string): Promise<void> {
  const blob = await readNoteBlob(cwd, commit);
  if (blob && OBJECT_ID.test(blob)) await appendFile(join(gitDir, 'rebase-merge', STOP_COMMITS), `${commit} ${blob}\n`);
}

/** Commits captured at a stop of the current rebase → their note blob (the last one remembered wins). */
export async function readStopCommits(gitDir: string): Promise<Map<string, string>> {
  const text = (await readState(join(gitDir, 'rebase-merge'), STOP_COMMITS)) ?? '';
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [commit, blob] = line.split(' ');
    if (commit && blob && OBJECT_ID.test(commit) && OBJECT_ID.test(blob)) out.set(commit, blob);
  }
  return out;
}

/**
 * Put back the note captured at a stop for `commit` (git copied the stopped commit's note
 * onto it, concatenated). Returns false when the blob is gone. Throws `GitError`.
 */
export async function restoreStopNote(cwd: string, commit: string, blob: string): Promise<boolean> {
  const text = (await readBlobTexts(cwd, [blob])).get(blob);
  if (text === undefined) return false;
  await writeNote(cwd, commit, text);
  return true;
}
