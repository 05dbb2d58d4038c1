/**
 * post-commit: capture the new commit (src/capture). Reports one line only when an agent
 * contributed or logs had problems. History operations (docs/format.md):
 * - during a rebase, commits are left alone: post-rewrite re-maps their notes at the end;
 * - a cherry-pick (`CHERRY_PICK_HEAD` present, or remembered by prepare-commit-msg for
 *   `cherry-pick --continue`, see cherry-pick.ts) also carries the picked commit's note;
 * - after `git commit --amend`, post-rewrite captures the amended commit again.
 * With `drift.llm.records`, a detached record compaction starts after the capture.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { currentRepo, type HookReport } from '../hook.js';
import { captureCommit, describeCapture, openCaptureContext } from '../capture/index.js';
import { startRecordCompaction } from '../capture/compaction.js';
import { readPickedCommit } from './cherry-pick.js';

/**
 * True while `git rebase` is replaying commits (`rebase-merge/`, or `rebase-apply/` that is
 * not a `git am`), in the git dir of the current worktree.
 */
export function rebaseInProgress(gitDir: string): boolean {
  if (existsSync(join(gitDir, 'rebase-merge'))) return true;
  return existsSync(join(gitDir, 'rebase-apply')) && !existsSync(join(gitDir, 'rebase-apply', 'applying'));
}

/** Run the post-commit capture for HEAD. Errors propagate to the hook dispatcher, which reports them in one line. */
export async function run(_args: string[], _stdin: string): Promise<HookReport> {
  const ctx = await openCaptureContext(process.cwd(), process.env, currentRepo() ?? undefined);
  if (rebaseInProgress(ctx.repo.gitDir)) return { line: null, detail: 'rebase in progress: left to post-rewrite' };
  const picked = await readPickedCommit(ctx.repo.gitDir, ctx.repo.root);
  let result;
  try {
    result = await captureCommit(ctx, 'HEAD', undefined, picked ? [picked] : []);
  } catch (err) {
    ctx.store.data.lastCapture = { commit: 'HEAD', at: new Date().toISOString(), ok: false, summary: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
    await ctx.store.write().catch(() => undefined);
    throw err;
  }
  const summary = describeCapture(result);
  const background = startRecordCompaction(ctx, result) ? '; record compaction started in the background' : '';
  const problems = result.diagnostics > 0 ? ` (${result.diagnostics} unreadable log lines skipped; see git drift status)` : '';
  const line = result.sessions.length > 0 || problems ? `${summary}${problems}` : null;
  return { line, detail: `${summary}${background}${picked ? ` (cherry-picked from ${picked.slice(0, 8)})` : ''}` };
}
