/**
 * The record of one session as a capture writes it, from the session's stored events (pure).
 */
import type { RepoContext } from '../repo/context.js';
import type { StoredSession } from '../store/index.js';
import { renderRecord } from './index.js';
import { summarize } from '../summary/summarize.js';

/**
 * The record text of `session`: summarised from all its events, redacted by `ctx`'s rules,
 * prompts kept as `drift.prompts` says. `relative` maps a recorded path to a repo-relative
 * one (null outside the repository). No I/O.
 */
export function renderSessionRecord(ctx: Pick<RepoContext, 'settings' | 'redactor'>, session: Pick<StoredSession, 'info' | 'events' | 'commits'>, relative: (p: string) => string | null): string {
  const summary = summarize(session.events, relative, ctx.settings.prompts);
  return renderRecord(ctx.redactor.deep(session.info), ctx.redactor.deep(summary), session.commits, ctx.settings.prompts);
}
