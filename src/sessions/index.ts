/**
 * The agent sessions of a repository as rows (the `sessions/1` array of docs/format.md),
 * as `git drift sessions --json` prints them and the MCP tools `drift_sessions` and
 * `drift_session` return them.
 */
import type { RepoContext, SessionContext } from '../repo/context.js';
import { repoRelative } from '../repo/scope.js';
import { summarize } from '../summary/summarize.js';
import type { SessionRow } from '../render/sessions.js';
import type { StoredSession } from '../store/index.js';

/**
 * The `sessions --json` rows of the sessions in `ctx`'s store (bring it up to date first:
 * `ctx.readLogs()`) of the enabled agents, redacted, sorted by start time then id. Loads
 * the sessions' stored events (`Store.loadEvents`).
 */
export async function sessionRows(ctx: SessionContext): Promise<SessionRow[]> {
  const chosen = Object.values(ctx.store.data.sessions).filter((s) => ctx.settings.agents.includes(s.info.agent));
  await ctx.store.loadEvents(chosen.map((s) => s.info.id));
  return chosen.map((s) => sessionRow(ctx, s)).sort((a, b) => (a.started ?? '').localeCompare(b.started ?? '') || a.id.localeCompare(b.id));
}

/** One stored session as a `sessions --json` row, redacted by `ctx`'s rules. No I/O. */
export function sessionRow(ctx: RepoContext, s: Pick<StoredSession, 'info' | 'events' | 'commits'>): SessionRow {
  const summary = summarize(s.events, (p) => repoRelative(p, ctx.scope));
  const i = ctx.redactor.deep(s.info);
  return {
    id: i.id,
    agent: i.agent,
    nativeId: i.nativeId,
    model: i.model,
    branch: i.branch,
    started: i.started,
    ended: i.ended,
    prompts: summary.prompts.length,
    edits: summary.edits,
    files: summary.files,
    commits: [...s.commits],
  };
}
