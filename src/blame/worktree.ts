/**
 * Owners of lines not committed yet: what the next commit's note would say of them,
 * matched against the agent lines still pending in this clone's store (after reading what
 * the agents appended to their logs), exactly as a capture would, without taking anything.
 */
import { attributeCommit } from '../attribution/index.js';
import type { FileAdditions } from '../git/diff.js';
import type { BlameEntry } from '../git/blame.js';
import { askedText } from '../notes/asked.js';
import type { OpenSessionContext } from '../repo/context.js';
import type { LineState } from '../types.js';

/** The owner of one uncommitted line, as `BlameLine` fields. */
export interface WorktreeOwner {
  state: LineState;
  agent: string | null;
  session: string | null;
  model: string | null;
  /** Always null: uncommitted lines come from this machine's logs. */
  source: null;
  prompt: string | null;
}

/** How uncommitted lines are attributed. */
export interface WorktreeOptions {
  /** How the repository's sessions are opened (capture's `openCaptureContext`, given by the command). */
  open: OpenSessionContext;
  /** Where agent homes are found (`HOME`, `CLAUDE_CONFIG_DIR`…); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Save the local cache after reading the logs (default true; false for read-only callers such as the MCP server). */
  saveCache?: boolean;
}

/**
 * Owners of `entries` (uncommitted lines of one file, `origPath` repo-relative), by 1-based
 * line number. Reads the agents' logs like a capture and, unless told not to, saves the
 * local cache (a read-only cache only costs a re-read next time); consumes no pending line.
 * Throws `GitError` when git fails.
 */
export async function readWorktreeOwners(cwd: string, entries: BlameEntry[], opts: WorktreeOptions): Promise<Map<number, WorktreeOwner>> {
  const out = new Map<number, WorktreeOwner>();
  if (entries.length === 0) return out;
  const ctx = await opts.open(cwd, opts.env ?? process.env);
  await ctx.readLogs();
  if (opts.saveCache !== false) await ctx.store.write().catch(() => undefined);
  await ctx.store.close();
  const path = entries[0]!.origPath;
  const additions: FileAdditions = { path, from: null, lines: [], binary: false };
  let hunk = 0;
  entries.forEach((e, i) => {
    if (i > 0 && e.line !== entries[i - 1]!.line + 1) hunk += 1;
    additions.lines.push({ line: e.line, text: e.text, hunk });
  });
  const pending = await ctx.store.pending.load([path]);
  const owners = attributeCommit([additions], pending).files[0]?.lines ?? new Map();
  const sessions = new Set([...owners.values()].flatMap((o) => (o.session ? [o.session] : [])));
  await ctx.store.loadEvents(sessions);
  for (const [line, owner] of owners) {
    const stored = owner.session ? ctx.store.data.sessions[owner.session] : undefined;
    const event = owner.prompt && ctx.settings.prompts !== 'none' ? stored?.events.find((e) => e.id === owner.prompt) : undefined;
    const prompt = event?.kind === 'prompt' ? askedText(ctx.redactor.text(event.text)) : null;
    out.set(line, {
      state: owner.state,
      agent: stored?.info.agent ?? (owner.session ? owner.session.split(':')[0]! : null),
      session: owner.session,
      model: stored?.info.model ?? null,
      source: null,
      prompt,
    });
  }
  return out;
}
