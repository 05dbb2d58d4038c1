/**
 * post-commit: capture the new commit (src/capture). Reports one line only when an agent
 * contributed or logs had problems. History operations (docs/format.md):
 * - during a rebase, the commits git replays are left alone: post-rewrite re-maps their
 *   notes at the end; a commit made by hand at a stop of `git rebase -i` is captured, and
 *   the commit of an `edit` pick is re-mapped at once (rebase-stop.ts);
 * - a cherry-pick (`CHERRY_PICK_HEAD` present, or remembered by prepare-commit-msg for
 *   `cherry-pick --continue`, see cherry-pick.ts) also carries the picked commit's note;
 * - after `git commit --amend`, post-rewrite captures the amended commit again;
 * - lines no pending agent line explains may take their owners from annotated commits
 *   that left the history (reset, split, stash) or that `git merge --squash` named
 *   (remembered by prepare-commit-msg): src/capture/recover.ts.
 * With `drift.llm.records`, a detached record compaction starts after the capture.
 * Time budget (`drift.hookBudgetMs`, src/hooks/budget.ts): log reading stops when it is
 * spent, and a hook stuck far beyond it exits; either way the commit is marked as
 * partially captured (src/store/partial.ts) and the one line says to run
 * `git drift capture`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HookContext, HookReport } from './context.js';
import { readHeadCommit } from '../git/head.js';
import { readCommitAdditions } from '../git/diff.js';
import { readRepo, readRepoConfig } from '../git/repo.js';

/**
 * True while `git rebase` is replaying commits (`rebase-merge/`, or `rebase-apply/` that is
 * not a `git am`), in the git dir of the current worktree.
 */
export function rebaseInProgress(gitDir: string): boolean {
  if (interactiveRebaseInProgress(gitDir)) return true;
  return existsSync(join(gitDir, 'rebase-apply')) && !existsSync(join(gitDir, 'rebase-apply', 'applying'));
}

/** True while `git rebase -i` (or any rebase of the merge backend) runs: `rebase-merge/` in the worktree's git dir. */
export function interactiveRebaseInProgress(gitDir: string): boolean {
  return existsSync(join(gitDir, 'rebase-merge'));
}

/**
 * Run the post-commit capture for HEAD. Errors propagate to the hook dispatcher, which
 * reports them in one line. This module imports only what it takes to start the commit's
 * diff (git's first process of the hook); the capture's modules (the store, the agents'
 * readers, the note's writer) are loaded and initialised while git computes it
 * (./post-commit-capture.ts).
 */
export async function run(_args: string[], _stdin: string, where: HookContext): Promise<HookReport> {
  const repo = where.repo ?? (await readRepo(where.cwd));
  const head = await readHeadCommit(repo); // from the git dir's files: no git process
  // The commit's diff does not depend on the settings: git computes both at once. Not
  // during a rebase, whose replayed commits are left to post-rewrite.
  const rebasing = rebaseInProgress(repo.gitDir);
  const additions = rebasing ? null : readCommitAdditions(repo.root, head);
  additions?.catch(() => undefined); // awaited by captureCommit; a failure before that is not unhandled
  const config = readRepoConfig(repo.root); // the settings, handed to the capture's context
  config.catch(() => undefined); // awaited by captureHead; a failure before that is not unhandled
  const { captureHead } = await import('./post-commit-capture.js');
  return captureHead(where, repo, head, additions, config, { rebasing, interactive: rebasing && interactiveRebaseInProgress(repo.gitDir) });
}
