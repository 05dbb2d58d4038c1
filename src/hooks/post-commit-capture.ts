/**
 * post-commit's capture of HEAD, once its first git process (the commit's diff) has been
 * started by ./post-commit.ts, which loads this module only then: its imports (the
 * store, the agents' readers, the note's writer) are initialised while git runs. What it
 * does is described in ./post-commit.ts.
 */
import type { HookContext, HookReport } from './context.js';
import { captureCommit, describeCapture, openCaptureContext, remapCommit, type CaptureContext } from '../capture/index.js';
import { startRecordCompaction } from '../capture/compaction.js';
import { takeSquashedCommits } from '../capture/recover.js';
import { readLogBytesRead } from '../capture/read-logs.js';
import { readEventBytesLoaded } from '../store/events.js';
import { readRecordWork } from '../store/record-cache.js';
import { clearPartial, writePartial, writePartialSync } from '../store/partial.js';
import type { FileAdditions } from '../git/diff.js';
import type { Repo, RepoConfig } from '../git/repo.js';
import type { Sha } from '../ids.js';
import { armExit, disarmExit, EXIT_FACTOR, readDeadline } from './budget.js';
import { readPickedCommit } from './cherry-pick.js';
import { readRebaseCommit, rememberStopCommit } from './rebase-stop.js';

/** Whether a rebase runs in the worktree's git dir: any (`rebasing`), and one of the merge backend, as `git rebase -i` (`interactive`). */
export interface RebaseState {
  rebasing: boolean;
  interactive: boolean;
}

/**
 * During a rebase: a report when post-commit has nothing more to do (a commit git replays,
 * left to post-rewrite; the commit of an `edit` pick, re-mapped here), else the commits a
 * commit made by hand at a stop carries. Null outside a rebase.
 */
async function rebaseStep(ctx: CaptureContext, head: string, rebase: RebaseState): Promise<HookReport | { carry: string[] } | null> {
  const gitDir = ctx.repo.gitDir;
  if (!rebase.rebasing) return null;
  const made = rebase.interactive ? await readRebaseCommit(gitDir, ctx.repo.root) : ({ kind: 'replayed' } as const);
  if (made.kind === 'replayed') return { line: null, detail: 'rebase in progress: left to post-rewrite' };
  if (made.kind === 'edit-pick') {
    const result = await remapCommit(ctx, head, [made.original]);
    return { line: null, detail: `rebase: edit pick ${made.original.slice(0, 8)} → ${head.slice(0, 8)} ${result ? 're-mapped' : 'has no note to re-map'}` };
  }
  return { carry: made.carry ? [made.carry] : [] };
}

/**
 * Capture commit `head` of `repo` (the commit git just made), whose diff `additions` is
 * being read (null during a rebase, whose replayed commits are left to post-rewrite), as
 * is its configuration (`config`, `readRepoConfig`).
 * Errors propagate to the hook dispatcher, which reports them in one line.
 */
export async function captureHead(
  where: HookContext,
  repo: Repo,
  head: string,
  additions: Promise<{ sha: Sha; additions: FileAdditions[] }> | null,
  config: Promise<RepoConfig>,
  rebase: RebaseState,
): Promise<HookReport> {
  const ctx = await openCaptureContext(where.cwd, where.env, repo, {}, config);
  if (additions) ctx.additions = { rev: head, read: additions };

  const step = await rebaseStep(ctx, head, rebase);
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
