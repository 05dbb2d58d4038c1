/**
 * post-commit: capture the new commit (src/capture), then, with `drift.llm.records`, start
 * the detached record compaction. Reports one line only when an agent contributed or logs
 * had problems. (After `git commit --amend`, post-rewrite captures the
 * amended commit again from the original's starting point.)
 */
import type { HookReport } from '../hook.js';
import { captureCommit, describeCapture, openCaptureContext } from '../capture/index.js';
import { startRecordCompaction } from '../capture/compaction.js';

/** Run the post-commit capture for HEAD. Errors propagate to the hook dispatcher, which reports them in one line. */
export async function run(_args: string[], _stdin: string): Promise<HookReport> {
  const ctx = await openCaptureContext(process.cwd(), process.env);
  let result;
  try {
    result = await captureCommit(ctx, 'HEAD');
  } catch (err) {
    ctx.store.data.lastCapture = { commit: 'HEAD', at: new Date().toISOString(), ok: false, summary: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
    await ctx.store.write().catch(() => undefined);
    throw err;
  }
  const summary = describeCapture(result);
  const background = startRecordCompaction(ctx, result) ? '; record compaction started in the background' : '';
  const problems = result.diagnostics > 0 ? ` (${result.diagnostics} unreadable log lines skipped; see git drift status)` : '';
  const line = result.sessions.length > 0 || problems ? `${summary}${problems}` : null;
  return { line, detail: `${summary}${background}` };
}
