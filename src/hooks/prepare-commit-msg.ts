/**
 * prepare-commit-msg: when `drift.trailer=true`, add one `Drift-Session: <agent>:<id8>`
 * trailer per session whose pending lines match the staged changes. Off by default.
 * Arguments from git: `<message file> [<source> [<sha>]]`.
 */
import type { HookContext, HookReport } from './context.js';
import { ingestLogs, openCaptureContext } from '../capture/index.js';
import { attributeCommit } from '../attribution/index.js';
import { parseUnifiedZero } from '../git/diff.js';
import { runGit } from '../git/run.js';
import { shortId } from '../record/index.js';
import { armExit, EXIT_FACTOR, readDeadline } from './budget.js';

/** Add the trailers to the message file. Errors propagate to the dispatcher. */
export async function run(args: string[], _stdin: string, where: HookContext): Promise<HookReport> {
  const [file, source] = args;
  if (!file || source === 'merge' || source === 'squash') return { line: null, detail: null };
  const ctx = await openCaptureContext(where.cwd, where.env, where.repo ?? undefined);
  if (!ctx.settings.trailer) return { line: null, detail: null };
  const budget = ctx.settings.hookBudgetMs;
  armExit(budget, () => `trailers not added: reading agent logs took longer than ${budget * EXIT_FACTOR} ms (${EXIT_FACTOR} × drift.hookBudgetMs)`);
  ctx.deadline = readDeadline(budget);
  await ingestLogs(ctx);
  const { stdout } = await runGit(['-c', 'core.quotePath=false', 'diff', '--cached', '-U0', '-M', '--no-color', '--no-ext-diff'], { cwd: ctx.repo.root });
  const additions = parseUnifiedZero(stdout);
  const pending = await ctx.store.pending.load(additions.flatMap((a) => (a.from ? [a.path, a.from] : [a.path])));
  const sessions = new Set<string>();
  for (const f of attributeCommit(additions, pending).files) {
    for (const owner of f.lines.values()) if (owner.session) sessions.add(owner.session);
  }
  await ctx.store.write();
  const trailers = [...sessions].sort().flatMap((id) => {
    const colon = id.indexOf(':');
    return ['--trailer', `Drift-Session: ${id.slice(0, colon)}:${shortId(id.slice(colon + 1))}`];
  });
  if (trailers.length === 0) return { line: null, detail: null };
  await runGit(['interpret-trailers', '--in-place', '--if-exists', 'addIfDifferent', ...trailers, file], { cwd: ctx.repo.root });
  return { line: null, detail: `added ${trailers.length / 2} Drift-Session trailer(s)` };
}
