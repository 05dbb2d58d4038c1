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
import { PendingFileLines, type PendingEdit } from './pending-lines.js';
import { ownStrings } from './own-strings.js';
import { ownValue } from '../records.js';

/** Most pending lines kept per file; the oldest are dropped beyond it. */
export const MAX_PENDING_PER_FILE = 20_000;

/**
 * Add the lines of newly read applied edits to `pending` (mutated). Edits outside the
 * repository, or of a session whose id is not `<agent>:<native id>` (`parseSessionId`),
 * file no line. A moved file's lines are filed under the destination path.
 * Each line records the id of the prompt its edit answered: the last prompt of the same
 * session before it in `events`, else `promptBefore(session)` (the session's last prompt
 * read earlier). Linear in the lines filed and those already pending (`PendingFiler`).
 */
export function addPendingLines(pending: Record<string, PendingLine[]>, events: DriftEvent[], scope: Scope, promptBefore: (session: string) => string | undefined = () => undefined): void {
  const filer = new PendingFiler(pending, scope);
  filer.add(events, promptBefore);
  filer.settle();
}

/**
 * `addPendingLines` over several batches of events (the steps of a first capture): the
 * pending lines of each path are indexed once for all batches, so each batch costs its own
 * lines. `pending` must hold every path a batch touches (`touchedPaths`) before `add`;
 * its arrays are up to date only after `settle`.
 */
export class PendingFiler {
  private readonly indexed = new Map<string, PendingFileLines>();

  /** `pending`: the pending lines by repo-relative path (mutated); `scope`: the repository. */
  constructor(
    private readonly pending: Record<string, PendingLine[]>,
    private readonly scope: Scope,
  ) {}

  /** File the applied edits of `events` (see `addPendingLines`). */
  add(events: DriftEvent[], promptBefore: (session: string) => string | undefined = () => undefined): void {
    const pending = this.pending;
    const lastPrompt = new Map<string, string | undefined>();
    for (const e of events) {
      if (e.kind === 'prompt') lastPrompt.set(e.session, e.id);
      if (e.kind !== 'edit' || e.outcome !== 'applied') continue;
      if (!lastPrompt.has(e.session)) lastPrompt.set(e.session, promptBefore(e.session));
      const prompt = lastPrompt.get(e.session);
      const from = repoRelative(e.path, this.scope);
      const to = e.movedTo ? repoRelative(e.movedTo, this.scope) : from;
      if (from && to && from !== to && (pending[from] || this.indexed.has(from))) {
        this.settlePath(from);
        this.settlePath(to);
        pending[to] = [...(pending[to] ?? []), ...pending[from]!];
        delete pending[from];
      }
      if (!to) continue;
      const list = this.linesOf(to);
      // An edit already filed (a run that stopped before store.json was written reads it again).
      if (e.added.length > 0 && list.hasEdit(e.id)) continue;
      for (const text of e.removed) list.withdraw(e.session, text);
      if (e.op === 'delete') {
        this.indexed.delete(to);
        delete pending[to];
        continue;
      }
      const session = parseSessionId(e.session);
      if (!session) continue; // not `<agent>:<native id>`: no note could name the lines' owner
      const filed: PendingEdit = prompt ? { session, edit: e.id, at: e.at, prompt } : { session, edit: e.id, at: e.at };
      list.pushAll(e.added, filed);
      addReemitted(list, e, session, prompt);
      list.cap(MAX_PENDING_PER_FILE);
    }
  }

  /** Write every indexed path's lines back into `pending` (new arrays). */
  settle(): void {
    for (const path of [...this.indexed.keys()]) this.settlePath(path);
  }

  private linesOf(path: string): PendingFileLines {
    let lines = this.indexed.get(path);
    if (!lines) this.indexed.set(path, (lines = new PendingFileLines(ownValue(this.pending, path) ?? [])));
    return lines;
  }

  private settlePath(path: string): void {
    const lines = this.indexed.get(path);
    if (lines) this.pending[path] = lines.lines();
    this.indexed.delete(path);
  }
}

/**
 * File the lines an edit re-emitted unchanged (`e.kept`) as `reemitted` pending lines,
 * except blank and lone-punctuation lines and lines the session already has pending.
 */
function addReemitted(list: PendingFileLines, e: EditEvent, session: SessionId, prompt: string | undefined): void {
  if (!e.kept?.length) return;
  const reemitted: PendingEdit = { session, edit: e.id, at: e.at, ...(prompt ? { prompt } : {}), reemitted: true };
  for (const text of e.kept) {
    if (list.has(session, text) || isTrivialLine(text)) continue;
    list.push(text, reemitted);
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
 * messages are cut. Rejected edits keep their lines: they show what was refused. Every
 * string left is made a string of its own (`ownStrings`), so a kept event no longer
 * holds the log text it was cut from.
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
    ownStrings(e as unknown as Record<string, unknown>);
  }
}
