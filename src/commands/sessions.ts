/**
 * `git drift sessions [--json]`: the agent sessions of this repository, read from the
 * agents' logs (incrementally, like a capture) and the local store.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { ingestLogs, openCaptureContext, type CaptureContext } from '../capture/index.js';
import { repoRelative } from '../repo/scope.js';
import { summarize } from '../summary/summarize.js';
import { renderSessions, type SessionRow } from '../render/sessions.js';
import type { StoredSession } from '../store/index.js';
import { writeText } from './output.js';

/** List the sessions; `--json` prints the `sessions/1` array documented in docs/format.md. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const env = io.env;
  const ctx = await openCaptureContext(args.cwd, env);
  await ingestLogs(ctx);
  await ctx.store.write().catch(() => undefined); // A read-only store only costs a re-read next time.
  await ctx.store.close();
  const rows = await sessionRows(ctx);
  if (args.json) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else writeText(io.stdout, renderSessions(rows));
  return 0;
}

/**
 * The `sessions --json` rows of the sessions in `ctx`'s store (read the logs first with
 * `ingestLogs`) of the enabled agents, redacted, sorted by start time then id. No I/O.
 */
export async function sessionRows(ctx: CaptureContext): Promise<SessionRow[]> {
  const chosen = Object.values(ctx.store.data.sessions).filter((s) => ctx.settings.agents.includes(s.info.agent));
  await ctx.store.loadEvents(chosen.map((s) => s.info.id));
  return chosen.map((s) => sessionRow(ctx, s)).sort((a, b) => (a.started ?? '').localeCompare(b.started ?? '') || a.id.localeCompare(b.id));
}

/** One stored session as a `sessions --json` row, redacted by `ctx`'s rules. No I/O. */
export function sessionRow(ctx: CaptureContext, s: Pick<StoredSession, 'info' | 'events' | 'commits'>): SessionRow {
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
