/**
 * Incremental, tolerant reading of agent logs (DESIGN.md §4): discover the log files of
 * this repository, read only the bytes appended since the last capture (byte cursors in
 * the store), hand complete lines to the agent's reader, and merge the events into the
 * store's sessions without duplicates. Cost is O(new log bytes) plus one `stat` per
 * candidate file; other projects' logs are never read past their head, and only once.
 * Logs rewritten in place (snapshot readers, see `AgentReader.readSnapshot`) are re-read
 * only when the size or modification time of the file or one of its companions changed.
 */
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { READ_STEP_BYTES, readLineSteps } from './line-steps.js';
import pMap from 'p-map';
import { openRegular } from '../fs/read.js';
import { READERS } from '../agents/index.js';
import type { AgentReader, ChunkResult, LogFile } from '../agents/reader.js';
import type { FileCursor, StoredSession, StoreData } from '../store/index.js';
import type { LogDirs } from '../store/log-dirs.js';
import type { AgentId, Diagnostic, DriftEvent, SessionInfo } from '../types.js';
import { eventsBase } from '../store/events.js';
import { STORED_MESSAGE_CHARS } from './pending.js';
import { inScope, recordedRoots, type Scope } from '../repo/scope.js';

export { READ_CHUNK_BYTES, READ_STEP_BYTES } from './line-steps.js';

export { readLogBytesRead } from './line-steps.js';

/** Loads the stored events of sessions by id (`Store.loadEvents`). */
export type LoadEvents = (ids: Iterable<string>) => Promise<void>;

/**
 * Called by `readNewEvents` after each step of reading (one read step of a log file, or
 * one snapshot) with the events that step added, in log order (already pushed to their
 * sessions' `events`), so the caller can file and shrink them before the next step.
 */
export type OnNewEvents = (events: DriftEvent[]) => Promise<void> | void;

/** What one pass over the logs found. */
export interface ReadResult {
  /** Events not seen before, per session id, in log order. */
  newEvents: Map<string, DriftEvent[]>;
  /** Problems in foreign input (bad lines, unreadable files). */
  diagnostics: Diagnostic[];
  /** Log files of this repository (read or unchanged). */
  files: LogFile[];
  /**
   * Log files left unread (or read only in part) because the deadline passed: their
   * cursors did not move, so the next capture reads them. Empty when everything was read.
   */
  unread: LogFile[];
}

/** How `scanLogs` runs. */
export interface ScanOptions {
  /** What earlier scans learnt about log directories (read and written by the caller). */
  dirs?: LogDirs;
  /** Ms since the epoch after which no more heads are probed (default: none). */
  deadline?: number;
  /** Filled with the files not probed because the deadline passed. */
  unprobed?: LogFile[];
}

/** Most log heads probed at once: bounds the memory of the first scan (each head is up to 256 KiB). */
export const PROBE_CONCURRENCY = 8;

/**
 * The log files of enabled agents that belong to this repository. Each candidate's head is
 * probed once. Where `dirs` (`src/store/log-dirs.ts`) remembers the file's directory, an
 * other project's file is recorded there (compactly, never in `store.json`) and folders
 * unchanged since they were last listed are not listed again; elsewhere the verdict is kept
 * in `store.files` (keyed by path, checked against the inode). Either way another project's
 * file whose head named its cwd costs nothing on later captures. Heads are read
 * `PROBE_CONCURRENCY` at a time, so the first scan's memory does not grow with the number
 * of files. `dirs` is updated in memory only: the caller writes it. Files whose head was
 * not probed before `opts.deadline` are left out and listed in `opts.unprobed`: they are
 * probed by the next scan.
 */
export async function scanLogs(store: StoreData, scope: Scope, agents: AgentId[], env: NodeJS.ProcessEnv, opts: ScanOptions = {}): Promise<LogFile[]> {
  const { dirs, deadline = Infinity } = opts;
  // A remembered other project's cwd now in scope (a new worktree, a path map): decide again.
  if (dirs?.cwds().some((cwd) => inScope(cwd, scope))) dirs.clear();
  const found: LogFile[] = [];
  for (const agent of agents) {
    const reader = READERS[agent];
    let files: LogFile[] = [];
    try {
      files = await reader.discover({ env, roots: recordedRoots(scope), dirs });
    } catch {
      continue; // An unreadable agent directory: nothing of this agent to read.
    }
    const verdicts = await pMap(files, (file) => (Date.now() < deadline ? belongsToRepo(store, reader, file, scope, dirs) : null), { concurrency: PROBE_CONCURRENCY });
    for (let i = 0; i < files.length; i++) if (verdicts[i] === null) opts.unprobed?.push(files[i] as LogFile);
    files.forEach((file, i) => {
      if (verdicts[i]) found.push(file);
    });
  }
  return found;
}

async function belongsToRepo(store: StoreData, reader: AgentReader, file: LogFile, scope: Scope, dirs?: LogDirs): Promise<boolean> {
  if (file.roots) return true; // A store of many projects: the reader keeps only this repository's sessions.
  const known = store.files[file.path];
  const remembered = dirs?.tracks(file.path) === true;
  // Another project's log with a known cwd stays another project's: no stat, no read.
  if (known?.verdict === 'foreign' && known.cwd !== null && !inScope(known.cwd, scope)) {
    if (remembered) settle(store, dirs!, file.path, known.cwd); // A store written before log-dirs.json: move the verdict there.
    return false;
  }
  let st;
  try {
    st = statSync(file.path); // Synchronous, as the probe's read (readHead): thousands of files on a first scan.
  } catch {
    return false;
  }
  if (known && known.ino === st.ino && known.dev === st.dev) {
    if (known.verdict === 'repo') return true;
    if (known.cwd !== null) return inScope(known.cwd, scope);
    if (st.size === known.size) return false; // Still no cwd in its head: probe again once it grows.
  }
  const cwd = file.cwd ?? (await reader.probe(file));
  const verdict = inScope(cwd, scope) ? 'repo' : 'foreign';
  if (verdict === 'foreign' && cwd !== null && remembered) {
    settle(store, dirs!, file.path, cwd);
    return false;
  }
  store.files[file.path] = {
    agent: file.agent,
    sessionNativeId: file.sessionNativeId,
    sidechain: file.sidechain,
    dev: st.dev,
    ino: st.ino,
    size: verdict === 'repo' ? 0 : st.size,
    mtimeMs: verdict === 'repo' ? 0 : st.mtimeMs,
    offset: 0,
    verdict,
    cwd,
    state: verdict === 'repo' ? reader.initialState(file) : null,
  };
  return verdict === 'repo';
}

/** Record an other project's file in `dirs`, and drop its entry from `store.files`. */
function settle(store: StoreData, dirs: LogDirs, path: string, cwd: string): void {
  dirs.settle(path, cwd);
  delete store.files[path];
}

/**
 * Read what was appended to each of `files` since the last capture and merge it into
 * `store.sessions`. Never throws for foreign input: unreadable files and bad lines become
 * diagnostics; a file that is not a regular file (a FIFO…) is refused without blocking.
 * `deadline` (ms since the epoch, default none) stops the reading between files and
 * between read steps once passed; what was left is listed in `unread`. `tail` (e.g.
 * `Store.loadTail`), when given, opens the sessions that only lines appended to a log file
 * read before (or lines of a file never read) go to, without reading their stored events:
 * such lines are new by construction. A file replaced or truncated, and snapshot readers,
 * still load their sessions whole (`load`) to drop the events seen before. `onEvents`, when
 * given, is handed each step's new events as soon as they are merged (see `OnNewEvents`):
 * a caller that shrinks them there keeps a first capture's memory bounded by the step
 * (`READ_CHUNK_BYTES` of log), not by the session.
 */
export async function readNewEvents(store: StoreData, files: LogFile[], load: LoadEvents, deadline = Infinity, tail?: LoadEvents, onEvents?: OnNewEvents): Promise<ReadResult> {
  const result: ReadResult = { newEvents: new Map(), diagnostics: [], files, unread: [] };
  for (const file of files) {
    if (Date.now() >= deadline) {
      result.unread.push(file);
      continue;
    }
    try {
      if (!(await readOneFile(store, file, result, { load, tail: tail ?? load, deadline, onEvents }))) result.unread.push(file);
    } catch (err) {
      result.diagnostics.push({ file: file.path, line: null, message: `unreadable: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return result;
}

/** How `readOneFile` loads sessions, when it stops, and whom it hands new events. */
interface ReadStep {
  load: LoadEvents;
  tail: LoadEvents;
  deadline: number;
  onEvents?: OnNewEvents;
}

/** Read one file's new lines; false when the deadline stopped it before the end. */
async function readOneFile(store: StoreData, file: LogFile, result: ReadResult, step: ReadStep): Promise<boolean> {
  const { load, deadline, onEvents } = step;
  const reader = READERS[file.agent];
  if (reader.readSnapshot) {
    await onEvents?.(await readSnapshotFile(store, file, reader, result, load));
    return true;
  }
  const st = await stat(file.path);
  let cursor = store.files[file.path];
  // Read again from the start (replaced or truncated): its lines may repeat stored events.
  const reread = cursor !== undefined && cursor.offset > 0 && (cursor.ino !== st.ino || cursor.dev !== st.dev || st.size < cursor.offset);
  if (!cursor || cursor.ino !== st.ino || cursor.dev !== st.dev || st.size < cursor.offset) {
    cursor = freshCursor(file, reader, st, cursor?.cwd ?? null);
    store.files[file.path] = cursor;
  }
  if (st.size === cursor.size && st.mtimeMs === cursor.mtimeMs) return true;
  const open = reread ? load : step.tail;
  const fh = await openRegular(file.path);
  try {
    for await (const step of readLineSteps(fh, cursor.offset, st.size)) {
      if ('skipped' in step) {
        result.diagnostics.push({ file: file.path, line: null, message: `a line longer than ${READ_STEP_BYTES} bytes was skipped` });
        cursor.offset = step.offset + step.skipped;
      } else {
        const chunk = reader.parseChunk(step.lines, step.offset, cursor.state, file);
        cursor.offset = step.offset + step.lines.length;
        await onEvents?.(await mergeChunk(store, file, chunk, result, open));
      }
      if (Date.now() >= deadline && cursor.offset < st.size) return false; // The rest waits for the next capture; size and mtime stay as they were.
    }
  } finally {
    await fh.close();
  }
  cursor.size = st.size;
  cursor.mtimeMs = st.mtimeMs;
  return true;
}

/**
 * Snapshot mode: when the file or a companion changed size or modification time since the
 * last read, let the reader read the whole current content; keep the events not seen
 * before. The cursor's `size` is the sum of the sizes and `mtimeMs` the latest mtime.
 */
async function readSnapshotFile(store: StoreData, file: LogFile, reader: AgentReader, result: ReadResult, load: LoadEvents): Promise<DriftEvent[]> {
  const st = await stat(file.path);
  let size = st.size;
  let mtimeMs = st.mtimeMs;
  for (const companion of file.companions ?? []) {
    const c = await stat(companion).catch(() => null);
    if (c) [size, mtimeMs] = [size + c.size, Math.max(mtimeMs, c.mtimeMs)];
  }
  let cursor = store.files[file.path];
  if (!cursor || cursor.ino !== st.ino || cursor.dev !== st.dev) {
    cursor = freshCursor(file, reader, st, cursor?.cwd ?? file.cwd ?? null);
    store.files[file.path] = cursor;
  }
  if (size === cursor.size && mtimeMs === cursor.mtimeMs) return [];
  const added = await mergeChunk(store, file, await reader.readSnapshot!(file, cursor.state), result, load);
  cursor.size = size;
  cursor.mtimeMs = mtimeMs;
  return added;
}

function freshCursor(file: LogFile, reader: AgentReader, st: { dev: number; ino: number }, cwd: string | null): FileCursor {
  return {
    agent: file.agent,
    sessionNativeId: file.sessionNativeId,
    sidechain: file.sidechain,
    dev: st.dev,
    ino: st.ino,
    size: -1,
    mtimeMs: -1,
    offset: 0,
    verdict: 'repo',
    cwd,
    state: reader.initialState(file),
  };
}

/** A session with nothing known yet. */
export function emptySession(agent: AgentId, nativeId: string): StoredSession {
  const info: SessionInfo = {
    id: `${agent}:${nativeId}`,
    agent,
    nativeId,
    model: null,
    branch: null,
    cwd: null,
    started: null,
    ended: null,
    version: null,
    title: null,
  };
  return { info, events: [], eventCount: 0, lastEdit: 0, lastPrompt: null, commits: [], attributedUpTo: 0 };
}

/**
 * Merge what a reader found (after loading the stored events of the sessions it names): session facts (`chunk.sessions` for files of several
 * sessions, else `chunk.session` for the file's own), and the events not seen before,
 * each into the session it names. Returns the events added, in log order.
 */
async function mergeChunk(store: StoreData, file: LogFile, chunk: ChunkResult, result: ReadResult, load: LoadEvents): Promise<DriftEvent[]> {
  result.diagnostics.push(...chunk.diagnostics);
  const sessionOf = (nativeId: string): StoredSession => (store.sessions[`${file.agent}:${nativeId}`] ??= emptySession(file.agent, nativeId));
  // The sessions the new events go to must hold their stored events (to drop repeats, and so
  // that the new ones are appended after them).
  await load(new Set(chunk.events.map((e) => e.session)));
  for (const update of chunk.sessions ?? [chunk.session]) {
    mergeInfo(sessionOf(update.nativeId ?? file.sessionNativeId).info, update, file.sidechain);
  }
  const added: DriftEvent[] = [];
  for (const event of chunk.events) {
    const session = sessionOf(event.session.slice(file.agent.length + 1));
    const ids = idsOf(session.events);
    if (ids.has(event.id)) continue;
    ids.add(event.id);
    if (event.kind === 'message' && event.text.length > STORED_MESSAGE_CHARS) event.text = `${event.text.slice(0, STORED_MESSAGE_CHARS)}…`; // As the store keeps it (`compactEvents`).
    session.events.push(event);
    if (event.kind === 'edit') session.lastEdit = eventsBase(session) + session.events.length;
    if (event.kind === 'prompt') session.lastPrompt = event.id;
    const list = result.newEvents.get(event.session) ?? [];
    list.push(event);
    result.newEvents.set(event.session, list);
    added.push(event);
  }
  return added;
}

/**
 * The ids of `events` (a session's events in memory), kept across chunks while the array
 * is the same (a load replaces it), so each chunk costs its own events. Every push to the
 * array goes through `mergeChunk`, which adds the id.
 */
const eventIds = new WeakMap<DriftEvent[], Set<string>>();

function idsOf(events: DriftEvent[]): Set<string> {
  let ids = eventIds.get(events);
  if (!ids || ids.size !== events.length) eventIds.set(events, (ids = new Set(events.map((e) => e.id))));
  return ids;
}

function mergeInfo(info: SessionInfo, update: Partial<SessionInfo>, sidechain: boolean): void {
  if (update.started && (!info.started || update.started < info.started)) info.started = update.started;
  if (update.ended && (!info.ended || update.ended > info.ended)) info.ended = update.ended;
  if (sidechain) return; // A sub-agent's model and cwd are not the session's.
  for (const key of ['model', 'branch', 'cwd', 'version', 'title'] as const) {
    const value = update[key];
    if (value) info[key] = value;
  }
}
