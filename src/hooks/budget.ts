/**
 * The time budget of the hooks that read agent logs (post-commit, the amend capture of
 * post-rewrite, prepare-commit-msg): `drift.hookBudgetMs`, default 2000 ms, counted from
 * the start of the hook process. Log reading stops at three quarters of the budget (what
 * was read is attributed and noted, and the capture is marked partial so that
 * `git drift capture` finishes it); if the hook is still running at the budget (never
 * sooner than `MIN_EXIT_MS`, so that what was read can be written), it prints its one
 * `git-drift:` line and exits 0, whatever it was waiting on.
 */

export { DEFAULT_HOOK_BUDGET_MS } from '../config.js';
/** The earliest a hook is made to exit, in ms after it started, whatever the budget. */
export const MIN_EXIT_MS = 1000;

/** When this process started, in ms since the epoch (module loading included). */
export function processStart(): number {
  return Date.now() - process.uptime() * 1000;
}

/** The moment log reading stops for `budgetMs`: three quarters of the budget after the process started (ms since the epoch). */
export function readDeadline(budgetMs: number, start = processStart()): number {
  return start + Math.floor((budgetMs * 3) / 4);
}

let timer: NodeJS.Timeout | null = null;

/**
 * Make the process exit 0 at `budgetMs` after it started (at least `MIN_EXIT_MS`), first
 * writing `git-drift: <line()>` to stderr and running `before` (synchronous: the event loop
 * may be stuck on what the hook waits for). Calling it again replaces the earlier timer.
 * The timer never keeps the process alive by itself.
 */
export function armExit(budgetMs: number, line: () => string, before: () => void = () => undefined): void {
  disarmExit();
  const at = processStart() + Math.max(budgetMs, MIN_EXIT_MS);
  timer = setTimeout(() => {
    try {
      before();
    } catch {
      // Nothing more can be done in the time left: the line still says what happened.
    }
    process.stderr.write(`git-drift: ${line()}\n`);
    process.exit(0);
  }, Math.max(0, at - Date.now()));
  timer.unref();
}

/** Cancel the timer set by `armExit` (the hook finished in time). */
export function disarmExit(): void {
  if (timer) clearTimeout(timer);
  timer = null;
}
