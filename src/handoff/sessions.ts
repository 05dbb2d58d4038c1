/**
 * The one place the handoff reads agent sessions from: it brings the local store up to
 * date with the agents' logs, then hands out each session's facts and events. (The store's
 * layout may change; only this function knows it.)
 */
import type { SessionContext } from '../repo/context.js';
import type { DriftEvent, SessionInfo } from '../types.js';

/** A session as the handoff sees it. */
export interface HandoffSession {
  info: SessionInfo;
  /**
   * Its events in log order. Stored applied edits carry no lines (`added`/`removed` are
   * empty once the lines are pending); messages are cut to 2,000 characters; rejected
   * edits keep their lines.
   */
  events: DriftEvent[];
  /** Full shas of the commits whose note lists the session (captured in this clone), oldest first. */
  commits: string[];
}

/**
 * Read what the agents appended to their logs since the last read (like a capture does),
 * then return the sessions of this repository of the enabled agents: all of them, or those
 * whose id is in `ids`. With `save` (default) the store is written back when it can be (a
 * read-only store only costs a re-read next time); a background job passes false so that
 * it never overwrites what a concurrent capture wrote. Throws `GitError` when git fails.
 */
export async function loadSessionEvents(ctx: SessionContext, ids?: readonly string[], save = true): Promise<HandoffSession[]> {
  await ctx.readLogs();
  if (save) await ctx.store.write().catch(() => undefined);
  await ctx.store.close();
  const wanted = ids ? new Set(ids) : null;
  const chosen = Object.values(ctx.store.data.sessions).filter((s) => ctx.settings.agents.includes(s.info.agent) && (!wanted || wanted.has(s.info.id)));
  await ctx.store.loadEvents(chosen.map((s) => s.info.id));
  return chosen.map((s) => ({ info: s.info, events: s.events, commits: [...s.commits] }));
}
