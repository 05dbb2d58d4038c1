/**
 * post-merge (after `git merge` and `git pull`): nothing of its own. Every hook run starts
 * by merging the notes a fetch brought into `refs/notes/drift-remote/*` (src/hook.ts);
 * this hook exists so that a `git pull` merges the notes it fetched right away instead of
 * at the next commit or push.
 */
import type { HookContext, HookReport } from './context.js';

/** Handle `post-merge <squash flag>`: the merge of fetched notes already ran. */
export async function run(_args: string[], _stdin: string, _where: HookContext): Promise<HookReport> {
  return { line: null, detail: null };
}
