/**
 * Starting the background LLM compaction of records after a capture (`drift.llm.records`):
 * a detached `git drift compact-records <commit>` process, so the hook itself never loads
 * the LLM SDK or markdown AST and never waits for an API.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startDetached } from '../git/run.js';
import type { CaptureContext, CaptureResult } from './index.js';

/**
 * The `git-drift` command beside the running entry point (`bin/git-drift-hook`, followed
 * through symlinks), or null when there is none.
 */
export function siblingCli(entry: string | undefined = process.argv[1]): string | null {
  try {
    const cli = join(dirname(realpathSync(entry ?? '')), 'git-drift');
    return existsSync(cli) ? cli : null;
  } catch {
    return null;
  }
}

/**
 * Start `git drift compact-records <commit>` detached (standard streams ignored, not
 * awaited) when `drift.llm.records` is on, `drift.llm` is not `off`, `ANTHROPIC_API_KEY`
 * is set and the note lists a session. Returns whether a process was started; never throws.
 */
export function startRecordCompaction(ctx: CaptureContext, result: CaptureResult): boolean {
  const s = ctx.settings;
  if (!s.llmRecords || s.llm === 'off' || !ctx.env.ANTHROPIC_API_KEY?.trim() || result.sessions.length === 0) return false;
  const cli = siblingCli();
  if (!cli) return false;
  return startDetached(process.execPath, [cli, 'compact-records', result.commit], { cwd: ctx.repo.root, env: ctx.env });
}
