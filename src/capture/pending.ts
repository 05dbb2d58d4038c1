/**
 * Pending agent lines (DESIGN.md §5 step 2): every applied edit contributes the lines it
 * added, keyed by repo-relative path, until a commit consumes them. Lines an agent later
 * removed again are withdrawn, so they cannot be mistaken for the agent's work later.
 */
import type { PendingLine } from '../store/index.js';
import { parseSessionId, type SessionId } from '../ids.js';
import { isTrivialLine } from '../attribution/lines.js';
import type { DriftEvent, EditEvent } from '../types.js';
import { repoRelative, type Scope } from '../repo/scope.js';

/** Most pending lines kept per file; the oldest are dropped beyond it. */
export const MAX_PENDING_PER_FILE = 20_000;

/**
 * Add the lines of newly read applied edits to `pending` (mutated). Edits outside the
 * repository, or of a session whose id is not `<agent>:<native id>` (`parseSessionId`),
 * file no line. A moved file's lines are filed under the destination path.
 * Each line records the id of the prompt its edit answered: the last prompt of the same
 * session before it in `events`, else `promptBefore(session)` (the session's last prompt
 * read earlier).
 */
export function addPendingLines(pending: Record<string, PendingLine[]>, events: DriftEvent[], scope: Scope, promptBefore: (session: string) => string | undefined = () => undefined): void {
  const lastPrompt = new Map<string, string | undefined>();
  for (const e of events) {
    if (e.kind === 'prompt') lastPrompt.set(e.session, e.id);
    if (e.kind !== 'edit' || e.outcome !== 'applied') continue;
    if (!lastPrompt.has(e.session)) lastPrompt.set(e.session, promptBefore(e.session));
    const prompt = lastPrompt.get(e.session);
    const from = repoRelative(e.path, scope);
    const to = e.movedTo ? repoRelative(e.movedTo, scope) : from;
    if (from && to && from !== to && pending[from]) {
      pending[to] = [...(pending[to] ?? []), ...pending[from]!];
      delete pending[from];
    }
    if (!to) continue;
    const list = (pending[to] ??= []);
    // An edit already filed (a run that stopped before store.json was written reads it again).
    if (e.added.length > 0 && list.some((l) => l.edit === e.id)) continue;
    withdraw(list, e.removed, e.session);
    if (e.op === 'delete') {
      delete pending[to];
      continue;
    }
    const session = parseSessionId(e.session);
    if (!session) continue; // not `<agent>:<native id>`: no note could name the lines' owner
    for (const text of e.added) list.push(prompt ? { text, session, edit: e.id, at: e.at, prompt } : { text, session, edit: e.id, at: e.at });
    addReemitted(list, e, session, prompt);
    if (list.length > MAX_PENDING_PER_FILE) list.splice(0, list.length - MAX_PENDING_PER_FILE);
  }
}

/**
 * File the lines an edit re-emitted unchanged (`e.kept`) as `reemitted` pending lines,
 * except blank and lone-punctuation lines and lines the session already has pending.
 */
function addReemitted(list: PendingLine[], e: EditEvent, session: SessionId, prompt: string | undefined): void {
  if (!e.kept?.length) return;
  const have = new Set(list.filter((l) => l.session === session).map((l) => l.text));
  for (const text of e.kept) {
    if (have.has(text) || isTrivialLine(text)) continue;
    have.add(text);
    list.push({ text, session, edit: e.id, at: e.at, ...(prompt ? { prompt } : {}), reemitted: true });
  }
}

/** Remove, for each removed line, the most recent pending line with that text from the same session. */
function withdraw(list: PendingLine[], removed: string[], session: string): void {
  for (const text of removed) {
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i]!.text === text && list[i]!.session === session) {
        list.splice(i, 1);
        break;
      }
    }
  }
}

/** The repo-relative paths whose pending lines applied edits among `events` change (sources and destinations of moves). */
export function touchedPaths(events: DriftEvent[], scope: Scope): string[] {
  const paths = new Set<string>();
  for (const e of events) {
    if (e.kind !== 'edit' || e.outcome !== 'applied') continue;
    for (const p of [e.path, e.movedTo]) {
      const rel = p ? repoRelative(p, scope) : null;
      if (rel) paths.add(rel);
    }
  }
  return [...paths];
}

/** Longest message text kept in the store, in characters (summaries use the first sentences). */
export const STORED_MESSAGE_CHARS = 2000;

/**
 * Shrink events once their lines are pending (mutates): the lines of applied edits live in
 * the pending files, so stored applied edits keep only path, tool and outcome; long
 * messages are cut. Rejected edits keep their lines: they show what was refused.
 */
export function compactEvents(events: DriftEvent[]): void {
  for (const e of events) {
    if (e.kind === 'edit') delete e.kept;
    if (e.kind === 'edit' && e.outcome === 'applied') {
      e.added = [];
      e.removed = [];
    } else if (e.kind === 'message' && e.text.length > STORED_MESSAGE_CHARS) {
      e.text = `${e.text.slice(0, STORED_MESSAGE_CHARS)}…`;
    }
  }
}
