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
import { captureCommit, describeCapture, openCaptureContext, remapCommit, type CaptureContext } from '../capture/index.js';
import { startRecordCompaction } from '../capture/compaction.js';
import { takeSquashedCommits } from '../capture/recover.js';
import { readLogBytesRead } from '../capture/read-logs.js';
import { readEventBytesLoaded } from '../store/events.js';
import { readRecordWork } from '../store/record-cache.js';
import { clearPartial, writePartial, writePartialSync } from '../store/partial.js';
import { readHeadCommit } from '../git/head.js';
import { readCommitAdditions } from '../git/diff.js';
import { readRepo } from '../git/repo.js';
import { armExit, disarmExit, EXIT_FACTOR, readDeadline } from './budget.js';
import { readPickedCommit } from './cherry-pick.js';
import { readRebaseCommit, rememberStopCommit } from './rebase-stop.js';

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
 * During a rebase: a report when post-commit has nothing more to do (a commit git replays,
 * left to post-rewrite; the commit of an `edit` pick, re-mapped here), else the commits a
 * commit made by hand at a stop carries. Null outside a rebase.
 */
async function rebaseStep(ctx: CaptureContext, head: string): Promise<HookReport | { carry: string[] } | null> {
  const gitDir = ctx.repo.gitDir;
  if (!rebaseInProgress(gitDir)) return null;
  const made = interactiveRebaseInProgress(gitDir) ? await readRebaseCommit(gitDir, ctx.repo.root) : ({ kind: 'replayed' } as const);
  if (made.kind === 'replayed') return { line: null, detail: 'rebase in progress: left to post-rewrite' };
  if (made.kind === 'edit-pick') {
    const result = await remapCommit(ctx, head, [made.original]);
    return { line: null, detail: `rebase: edit pick ${made.original.slice(0, 8)} → ${head.slice(0, 8)} ${result ? 're-mapped' : 'has no note to re-map'}` };
  }
  return { carry: made.carry ? [made.carry] : [] };
}

/** Run the post-commit capture for HEAD. Errors propagate to the hook dispatcher, which reports them in one line. */
export async function run(_args: string[], _stdin: string, where: HookContext): Promise<HookReport> {
  const repo = where.repo ?? (await readRepo(where.cwd));
  const head = await readHeadCommit(repo); // from the git dir's files: no git process
  // The commit's diff does not depend on the settings: git computes both at once. Not
  // during a rebase, whose replayed commits are left to post-rewrite.
  const additions = rebaseInProgress(repo.gitDir) ? null : readCommitAdditions(repo.root, head);
  additions?.catch(() => undefined); // awaited by captureCommit; a failure before that is not unhandled
  const ctx = await openCaptureContext(where.cwd, where.env, repo);
  if (additions) ctx.additions = { rev: head, read: additions };

  const step = await rebaseStep(ctx, head);
  if (step && 'line' in step) return step;
  const budget = ctx.settings.hookBudgetMs;
  armExit(
    budget,
    () => `${head.slice(0, 8)}: capture stopped after ${budget * EXIT_FACTOR} ms (${EXIT_FACTOR} × drift.hookBudgetMs); noted as partial, run: git drift capture`,
    () => writePartialSync(ctx.repo.commonDir, head, `the hook stopped at its ${budget} ms budget`),
  );
  ctx.deadline = readDeadline(budget);
  const picked = await readPickedCommit(ctx.repo.gitDir, ctx.repo.root);
  let result;
  try {
    const squashed = await takeSquashedCommits(ctx.repo.gitDir);
    result = await captureCommit(ctx, head, undefined, step ? step.carry : picked ? [picked] : [], squashed);
    if (step) await rememberStopCommit(ctx.repo.gitDir, ctx.repo.root, result.commit);
  } catch (err) {
    ctx.store.data.lastCapture = { commit: 'HEAD', at: new Date().toISOString(), ok: false, summary: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
    await ctx.store.write().catch(() => undefined);
    throw err;
  }
  if (result.unread > 0) await writePartial(ctx.repo.commonDir, result.commit, `${result.unread} log files not read within the ${budget} ms budget`);
  else await clearPartial(ctx.repo.commonDir, result.commit);
  disarmExit();
  const summary = describeCapture(result);
  const background = startRecordCompaction(ctx, result) ? '; record compaction started in the background' : '';
  const line = result.recordsRefused
    ? `${summary}; records not written: ${result.recordsRefused}`
    : result.sessions.length > 0 || result.diagnostics > 0 || result.unread > 0
      ? `${summary}${problems(result, budget)}`
      : null;
  const from = step ? ' (made at a rebase stop)' : picked ? ` (cherry-picked from ${picked.slice(0, 8)})` : '';
  const work = readRecordWork();
  return {
    line,
    detail: `${summary}${background}${from}; read ${readLogBytesRead()} bytes of agent logs, ${readEventBytesLoaded()} bytes of stored events; records: ${work.rendered} bytes rendered, ${work.redacted} characters redacted, ${work.copied} bytes copied`,
  };
}

/** What the one line adds about an incomplete capture: partial reading, log problems. */
function problems(result: { diagnostics: number; unread: number }, budget: number): string {
  const parts: string[] = [];
  if (result.unread > 0) parts.push(`partial: ${result.unread} log files not read within ${budget} ms (drift.hookBudgetMs), run: git drift capture`);
  if (result.diagnostics > 0) parts.push(`${result.diagnostics} log problems skipped (bad lines, files that are not regular files); see git drift status`);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
