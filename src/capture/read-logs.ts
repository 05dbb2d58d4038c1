/**
 * Incremental, tolerant reading of agent logs (DESIGN.md §4): discover the log files of
 * this repository, read only the bytes appended since the last capture (byte cursors in
 * the store), hand complete lines to the agent's reader, and merge the events into the
 * store's sessions without duplicates. Cost is O(new log bytes) plus one `stat` per
 * candidate file; other projects' logs are never read past their head, and only once.
 */
import { open, stat } from 'node:fs/promises';
import { READERS } from '../agents/index.js';
import type { AgentReader, LogFile } from '../agents/reader.js';
import type { FileCursor, StoredSession, StoreData } from '../store/index.js';
import type { AgentId, Diagnostic, DriftEvent, SessionInfo } from '../types.js';
import { inScope, recordedRoots, type Scope } from './scope.js';

/** Bytes read from one log file per step; a bigger backlog is read in several steps. */
export const READ_STEP_BYTES = 32 * 1024 * 1024;

/** What one pass over the logs found. */
export interface ReadResult {
  /** Events not seen before, per session id, in log order. */
  newEvents: Map<string, DriftEvent[]>;
  /** Problems in foreign input (bad lines, unreadable files). */
  diagnostics: Diagnostic[];
  /** Log files of this repository (read or unchanged). */
  files: LogFile[];
}

/**
 * The log files of enabled agents that belong to this repository. Each candidate's head is
 * probed once; the verdict is kept in `store.files` (keyed by path, checked against the
 * inode) so other projects' files cost one `stat` on later captures.
 */
export async function scanLogs(store: StoreData, scope: Scope, agents: AgentId[], env: NodeJS.ProcessEnv): Promise<LogFile[]> {
  const found: LogFile[] = [];
  for (const agent of agents) {
    const reader = READERS[agent];
    let files: LogFile[] = [];
    try {
      files = await reader.discover({ env, roots: recordedRoots(scope) });
    } catch {
      continue; // An unreadable agent directory: nothing of this agent to read.
    }
    for (const file of files) {
      if (await belongsToRepo(store, reader, file, scope)) found.push(file);
    }
  }
  return found;
}

async function belongsToRepo(store: StoreData, reader: AgentReader, file: LogFile, scope: Scope): Promise<boolean> {
  const known = store.files[file.path];
  let st;
  try {
    st = await stat(file.path);
  } catch {
    return false;
  }
  if (known && known.ino === st.ino && known.dev === st.dev) {
    if (known.verdict === 'repo') return true;
    if (known.cwd !== null) return inScope(known.cwd, scope);
    if (st.size === known.size) return false; // Still no cwd in its head: probe again once it grows.
  }
  const cwd = await reader.probe(file);
  const verdict = inScope(cwd, scope) ? 'repo' : 'foreign';
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

/**
 * Read what was appended to each of `files` since the last capture and merge it into
 * `store.sessions`. Never throws for foreign input: unreadable files and bad lines become
 * diagnostics.
 */
export async function readNewEvents(store: StoreData, files: LogFile[]): Promise<ReadResult> {
  const result: ReadResult = { newEvents: new Map(), diagnostics: [], files };
  for (const file of files) {
    try {
      await readOneFile(store, file, result);
    } catch (err) {
      result.diagnostics.push({ file: file.path, line: null, message: `unreadable: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return result;
}

async function readOneFile(store: StoreData, file: LogFile, result: ReadResult): Promise<void> {
  const reader = READERS[file.agent];
  const st = await stat(file.path);
  let cursor = store.files[file.path];
  if (!cursor || cursor.ino !== st.ino || cursor.dev !== st.dev || st.size < cursor.offset) {
    cursor = freshCursor(file, reader, st, cursor?.cwd ?? null);
    store.files[file.path] = cursor;
  }
  if (st.size === cursor.size && st.mtimeMs === cursor.mtimeMs) return;
  const fh = await open(file.path, 'r');
  try {
    while (cursor.offset < st.size) {
      const want = Math.min(READ_STEP_BYTES, st.size - cursor.offset);
      const buf = Buffer.alloc(want);
      const { bytesRead } = await fh.read(buf, 0, want, cursor.offset);
      const cut = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (cut === -1) {
        if (bytesRead < READ_STEP_BYTES) break; // A partial last line: wait for the rest.
        result.diagnostics.push({ file: file.path, line: null, message: `a line longer than ${READ_STEP_BYTES} bytes was skipped` });
        cursor.offset += bytesRead;
        continue;
      }
      const text = buf.subarray(0, cut + 1).toString('utf8');
      const chunk = reader.parseChunk(text, cursor.offset, cursor.state, file);
      cursor.offset += cut + 1;
      mergeChunk(store, file, chunk.session, chunk.events, result);
      result.diagnostics.push(...chunk.diagnostics);
    }
  } finally {
    await fh.close();
  }
  cursor.size = st.size;
  cursor.mtimeMs = st.mtimeMs;
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
    id: `${agent}:${nativeId}`, agent, nativeId, model: null, branch: null, cwd: null, started: null, ended: null, version: null, title: null,
  };
  return { info, events: [], commits: [], attributedUpTo: 0 };
}

function mergeChunk(store: StoreData, file: LogFile, update: Partial<SessionInfo>, events: DriftEvent[], result: ReadResult): void {
  const id = `${file.agent}:${file.sessionNativeId}`;
  const session = (store.sessions[id] ??= emptySession(file.agent, file.sessionNativeId));
  mergeInfo(session.info, update, file.sidechain);
  const seen = new Set(session.events.map((e) => e.id));
  const fresh = events.filter((e) => !seen.has(e.id));
  if (fresh.length === 0) return;
  session.events.push(...fresh);
  const list = result.newEvents.get(id) ?? [];
  list.push(...fresh);
  result.newEvents.set(id, list);
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
