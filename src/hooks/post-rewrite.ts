/**
 * post-rewrite: after `git commit --amend`, re-capture the amended commit starting from
 * what the original commit's capture took, so lines the agent added before the amend stay
 * the agent's. Git itself copies notes for amend and rebase through `notes.rewriteRef`
 * (set by `git drift install`); for a rebase those copies are kept as they are.
 * stdin (from git): lines `<old sha> <new sha> [extra]`.
 */
import type { HookReport } from '../hook.js';
import { captureCommit, openCaptureContext } from '../capture/index.js';

/** Parse git's post-rewrite input into old → new pairs. */
export function parseRewrites(stdin: string): { from: string; to: string }[] {
  return stdin
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length >= 2 && /^[0-9a-f]{40,64}$/.test(p[0]!) && /^[0-9a-f]{40,64}$/.test(p[1]!))
    .map((p) => ({ from: p[0]!, to: p[1]! }));
}

/** Handle `post-rewrite amend|rebase`. Errors propagate to the dispatcher. */
export async function run(args: string[], stdin: string): Promise<HookReport> {
  if (args[0] !== 'amend') return { line: null, detail: null };
  const pairs = parseRewrites(stdin);
  const last = pairs[pairs.length - 1];
  if (!last) return { line: null, detail: null };
  const ctx = await openCaptureContext(process.cwd(), process.env);
  const result = await captureCommit(ctx, last.to, last.from);
  return { line: null, detail: `amend ${last.from.slice(0, 8)} → ${last.to.slice(0, 8)} re-captured (${result.sessions.length} sessions)` };
}
