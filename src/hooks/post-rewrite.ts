/**
 * post-rewrite (docs/format.md, "History operations"):
 * - `amend`: capture the amended commit again, starting from what the original's capture
 *   took and carrying the original's note, so its lines keep their owners;
 * - `rebase`: re-map every rewritten commit's note from its originals' notes — line ranges
 *   follow the lines to their new numbers, and a commit made of several originals (squash,
 *   fixup) lists the sessions of all of them. This replaces the copies git made through
 *   `notes.rewriteRef`, which keep old line numbers and concatenate squashed notes.
 *   Commits made by hand at a stop were captured by post-commit (rebase-stop.ts): git
 *   names the last of them as the stopped commit's rewrite, and their captured note is
 *   put back instead.
 * stdin (from git): lines `<old sha> <new sha> [extra]`.
 */
import type { HookContext, HookReport } from './context.js';
import { parseSha, type Sha } from '../ids.js';
import { captureCommit, openCaptureContext, remapCommit, type CaptureContext } from '../capture/index.js';
import { writePartial, writePartialSync } from '../store/partial.js';
import { armExit, disarmExit, EXIT_FACTOR, readDeadline } from './budget.js';
import { interactiveRebaseInProgress, rebaseInProgress } from './post-commit.js';
import { readRebaseCommit, readStopCommits, rememberStopCommit, restoreStopNote } from './rebase-stop.js';

/** Parse git's post-rewrite input into old → new pairs. */
export function parseRewrites(stdin: string): { from: Sha; to: Sha }[] {
  return stdin.split('\n').flatMap((l) => {
    const [from = '', to = ''] = l.trim().split(/\s+/);
    const pair = { from: parseSha(from), to: parseSha(to) };
    return pair.from && pair.to ? [{ from: pair.from, to: pair.to }] : [];
  });
}

/** Group rewrite pairs by new commit, keeping git's order: new sha → its originals, oldest first. */
export function groupRewrites(pairs: { from: Sha; to: Sha }[]): Map<Sha, Sha[]> {
  const groups = new Map<Sha, Sha[]>();
  for (const { from, to } of pairs) {
    const list = groups.get(to) ?? [];
    if (!list.includes(from)) list.push(from);
    groups.set(to, list);
  }
  return groups;
}

/** Handle `post-rewrite amend|rebase`. Errors propagate to the dispatcher. */
export async function run(args: string[], stdin: string, where: HookContext): Promise<HookReport> {
  const pairs = parseRewrites(stdin);
  if (pairs.length === 0) return { line: null, detail: null };
  const ctx = await openCaptureContext(where.cwd, where.env, where.repo ?? undefined);
  return args[0] === 'amend' ? runAmend(ctx, pairs) : runRebase(ctx, pairs);
}

/** `post-rewrite amend`: capture the amended commit again, carrying the original's note. */
async function runAmend(ctx: CaptureContext, pairs: { from: Sha; to: Sha }[]): Promise<HookReport> {
  // A squash or fixup step inside a rebase reports itself as an amend; the rebase's own
  // post-rewrite at the end re-maps the final commits, and no pending line may be taken here.
  // An amend made by hand at a stop is captured like any amend (rebase-stop.ts).
  const atStop = interactiveRebaseInProgress(ctx.repo.gitDir) && (await readRebaseCommit(ctx.repo.gitDir, ctx.repo.root)).kind === 'at-stop';
  if (!atStop && rebaseInProgress(ctx.repo.gitDir)) return { line: null, detail: 'amend inside a rebase: left to the rebase' };
  const last = pairs[pairs.length - 1]!;
  const budget = ctx.settings.hookBudgetMs;
  armExit(
    budget,
    () => `${last.to.slice(0, 8)}: amend capture stopped after ${budget * EXIT_FACTOR} ms (${EXIT_FACTOR} × drift.hookBudgetMs); noted as partial, run: git drift capture`,
    () => writePartialSync(ctx.repo.commonDir, last.to, `the amend capture stopped at its ${budget} ms budget`),
  );
  ctx.deadline = readDeadline(budget);
  const result = await captureCommit(ctx, last.to, last.from, [last.from]);
  if (atStop) await rememberStopCommit(ctx.repo.gitDir, ctx.repo.root, result.commit);
  if (result.unread > 0) await writePartial(ctx.repo.commonDir, result.commit, `${result.unread} log files not read within the ${budget} ms budget`);
  disarmExit();
  return { line: null, detail: `amend ${last.from.slice(0, 8)} → ${last.to.slice(0, 8)} re-captured (${result.sessions.length} sessions)` };
}

/** `post-rewrite rebase`: re-map every rewritten commit, and put back the notes of commits made at a stop. */
async function runRebase(ctx: CaptureContext, pairs: { from: Sha; to: Sha }[]): Promise<HookReport> {
  const atStops = await readStopCommits(ctx.repo.gitDir);
  let remapped = 0;
  let restored = 0;
  for (const [to, originals] of groupRewrites(pairs)) {
    const blob = atStops.get(to);
    if (blob !== undefined) {
      if (await restoreStopNote(ctx.repo.root, to, blob)) restored += 1;
    } else if (await remapCommit(ctx, to, originals)) remapped += 1;
  }
  const total = new Set(pairs.map((p) => p.to)).size;
  return { line: null, detail: `rebase: ${remapped} of ${total} rewritten commits re-mapped, ${restored} made at a stop kept as captured` };
}
