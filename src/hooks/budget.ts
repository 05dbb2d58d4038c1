/**
 * The time budget of the hooks that read agent logs (post-commit, the amend capture of
 * post-rewrite, prepare-commit-msg): `drift.hookBudgetMs`, default 2000 ms, counted from
 * the start of the hook process, less the time it waited for other captures to release the
 * store's lock (commits in several linked worktrees at once take turns, each with its own
 * budget). Log reading stops once the budget is spent: what was read
 * is attributed and noted, and the capture is marked partial so that `git drift capture`
 * finishes it. Reads never block (src/fs/read.ts), so a hook normally ends soon after; as a
 * last resort against a file system that stops answering, a hook still running at
 * `EXIT_FACTOR` budgets (never sooner than `MIN_EXIT_MS`) prints its one `git-drift:` line
 * and exits 0, whatever it was waiting on, leaving the commit marked partial.
 *
 * Why not exit at the budget itself: on a loaded machine a healthy hook can take longer
 * than 2 s of wall time; stopping the log reading keeps it bounded without losing the
 * note, which a forced exit would.
 */
import { storeLockWaitMs } from '../store/files.js';

export { DEFAULT_HOOK_BUDGET_MS } from '../config.js';
/** The earliest a hook is made to exit, in ms after it started, whatever the budget. */
export const MIN_EXIT_MS = 1000;
/** A hook still running at this many budgets after it started is made to exit. */
export const EXIT_FACTOR = 5;

/**
 * When this process started, in ms since the epoch (module loading included), moved later
 * by the time it waited for the store's lock (`storeLockWaitMs`): the start of its budget.
 */
export function processStart(): number {
  return Date.now() - process.uptime() * 1000 + storeLockWaitMs();
}

/** The moment log reading stops for `budgetMs`: the budget after the process started (ms since the epoch). */
export function readDeadline(budgetMs: number, start = processStart()): number {
  return start + budgetMs;
}

let timer: NodeJS.Timeout | null = null;

/**
 * Make the process exit 0 at `EXIT_FACTOR` × `budgetMs` after it started (at least `MIN_EXIT_MS`), first
 * writing `git-drift: <line()>` to stderr and running `before` (synchronous: the event loop
 * may be stuck on what the hook waits for). Calling it again replaces the earlier timer.
 * The timer never keeps the process alive by itself.
 */
export function armExit(budgetMs: number, line: () => string, before: () => void = () => undefined): void {
  disarmExit();
  const at = processStart() + Math.max(budgetMs * EXIT_FACTOR, MIN_EXIT_MS);
  timer = setTimeout(
    () => {
      try {
        before();
      } catch {
        // Nothing more can be done in the time left: the line still says what happened.
      }
      process.stderr.write(`git-drift: ${line()}\n`);
      process.exit(0);
    },
    Math.max(0, at - Date.now()),
  );
  timer.unref();
}

/** Cancel the timer set by `armExit` (the hook finished in time). */
export function disarmExit(): void {
  if (timer) clearTimeout(timer);
  timer = null;
}
