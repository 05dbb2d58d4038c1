/**
 * The local store: a JSON file under `<git-common-dir>/drift/` (a lowdb document, see
 * `document.ts`; every file of the store is listed in `paths.ts`) that
 * caches what was read from agent logs — byte cursors per log file, sessions (their events
 * in per-session files, see `SessionEvents`), agent lines waiting for a commit, the last
 * capture result. It can always be rebuilt from the logs and the notes; deleting it loses
 * nothing durable.
 */
import { mkdir, appendFile } from 'node:fs/promises';
import { Low } from 'lowdb';
import type { AgentId, DriftEvent, SessionInfo } from '../types.js';
import type { SessionId } from '../ids.js';
import { PendingFiles } from './pending.js';
import { SessionEvents } from './events.js';
import { lockStore, StoreBusyError, type StoreLock } from './files.js';
import { StoreDocument } from './document.js';
import { checkStore } from './schema.js';
import { storeDir, storePath } from './paths.js';

export { StoreBusyError };

/** Where the agent log reading stopped for one log file. Sizes and offsets in bytes. */
export interface FileCursor {
  agent: AgentId;
  sessionNativeId: string;
  sidechain: boolean;
  /** Identity of the file read (device and inode): a replaced file is read again from 0. */
  dev: number;
  ino: number;
  /** Size and modification time (ms since epoch) at the last read. */
  size: number;
  mtimeMs: number;
  /** Byte offset just past the last complete line read. */
  offset: number;
  /** Whether the file belongs to this repository, decided once from its recorded cwd. */
  verdict: 'repo' | 'foreign';
  /** The working directory its head records, absolute, as recorded. */
  cwd: string | null;
  /** The reader's own per-file state between captures (JSON). */
  state: unknown;
}

/**
 * A session as far as it has been read: its facts, its events in log order, and the commits
 * it contributed to. `events` is filled only once loaded (`Store.loadEvents`); until then it
 * is empty and `eventCount` says how many there are.
 */
export interface StoredSession {
  info: SessionInfo;
  events: DriftEvent[];
  /** How many events the session has (kept in `store.json`; `events.length` once loaded). */
  eventCount: number;
  /**
   * 1-based index of the session's last edit event (0: none), so a capture can tell without
   * reading the events whether its unattributed events hold an edit. Missing in stores written
   * before it existed (then the events are read to know).
   */
  lastEdit?: number;
  /**
   * Id of the session's last prompt event (null: none yet), so the prompt behind new edits is
   * known without reading the stored events. Missing in stores written before it existed.
   */
  lastPrompt?: string | null;
  /**
   * Size in bytes of the session's events file that this `store.json` vouches for: when the
   * file has exactly that size, a capture may append to it without reading it
   * (`loadTail`). Missing until the file is first read or written whole.
   */
  eventsBytes?: number;
  /** Full shas of commits whose note lists this session, oldest first. */
  commits: string[];
  /** How many of `events` are attributed: covered by an earlier commit's note (the rest, the capture window, go to the next note that lists the session). */
  attributedUpTo: number;
}

/** One agent-added line not yet matched by a commit. */
export interface PendingLine {
  text: string;
  /** Session id `<agent>:<nativeId>`; empty on a carried `human` line (see `state`). */
  session: SessionId | '';
  /** Id of the edit event that added it. */
  edit: string;
  /** ISO 8601 time of the edit, or null. */
  at: string | null;
  /** Id of the prompt event the edit answered (the session's last prompt before it), when known. */
  prompt?: string;
  /**
   * The state a matching line takes when it is not `ai`: set only for lines carried over
   * from an original commit's note when history is rewritten (an `ai-modified` line stays
   * so; a `human` line stays human, `session` then empty).
   */
  state?: 'ai-modified' | 'human';
  /**
   * True for a line the edit re-emitted unchanged (in both its old and new text) rather
   * than added: it claims only an added line that the commit's diff also removes from the
   * file (git shows it moved), and is dropped once a commit changes the file.
   */
  reemitted?: true;
}

/** How the last capture ended, for `git drift status`. */
export interface CaptureOutcome {
  commit: string;
  /** ISO 8601 time of the capture. */
  at: string;
  ok: boolean;
  /** One line: what was captured, or what went wrong. */
  summary: string;
}

/**
 * What one capture took, so that capturing the same commit again (or its amended
 * successor) starts from the same place and gives the same note: the pending lines it
 * consumed and, per session, the event index its capture window started at.
 */
export interface CaptureRecord {
  consumed: Record<string, PendingLine[]>;
  windows: Record<string, number>;
}

/** The store file (version 3; pending lines live in `pending/`, events in `events/`). */
export interface StoreData {
  version: 3;
  files: Record<string, FileCursor>;
  sessions: Record<string, StoredSession>;
  lastCapture: CaptureOutcome | null;
  /** Full commit sha → what its capture took; only the most recent captures are kept. */
  captures: Record<string, CaptureRecord>;
}

/** An opened store: `data` is mutated in place, `write()` persists it atomically. */
export interface Store {
  data: StoreData;
  /** Agent lines no commit has taken yet, per repo-relative path, loaded on demand. */
  pending: PendingFiles;
  /**
   * Fill `events` of these sessions (ids; unknown ids are ignored) from their files, once.
   * Every reader of `StoredSession.events` loads first.
   */
  loadEvents(ids: Iterable<string>): Promise<void>;
  /**
   * Open these sessions (ids; unknown ids are ignored) in tail mode when their stored events
   * can be appended to unread (`SessionEvents.loadTail`): `events` then holds only the events
   * added from now on, `eventsBase` (src/store/events.ts) the index of the first. Others are
   * loaded whole. `loadEvents` later completes a session in tail mode.
   */
  loadTail(ids: Iterable<string>): Promise<void>;
  /**
   * Persist: append new events, write the changed pending files, then `store.json` (each
   * file atomically; the cursors last, so they never vouch for lines not yet on disk), then
   * keep the lock (until `close`, or the process ends). Throws on a read-only or full disk,
   * and `StoreBusyError` for a store opened without its lock.
   */
  write(): Promise<void>;
  /** Release the lock without writing (idempotent). */
  close(): Promise<void>;
  /** Whether this process holds the store's lock (false: opened without it, or it could not be had). */
  locked: boolean;
  /** Why the lock could not be had (`StoreBusyError`, or the I/O error of a read-only store); null otherwise. */
  lockError: Error | null;
  /** Absolute directory of the store (`<git-common-dir>/drift`). */
  dir: string;
}

export { storeDir, storePath } from './paths.js';

function emptyStore(): StoreData {
  return { version: 3, files: {}, sessions: {}, lastCapture: null, captures: {} };
}

/** `store.json` text: the data with each session's events left out (they live in `events/`) and `eventCount` up to date. */
function stringifyStore(data: StoreData): string {
  const sessions: Record<string, Omit<StoredSession, 'events'>> = {};
  for (const [id, s] of Object.entries(data.sessions)) {
    const { events, ...rest } = s;
    sessions[id] = { ...rest, eventCount: Math.max(rest.eventCount ?? 0, events.length) };
  }
  return JSON.stringify({ ...data, sessions });
}

/**
 * Parse `store.json`, checked part by part (`checkStore`): a part that does not fit is
 * dropped (one line in `drift.log` says what) and rebuilt from the logs. Sessions come back
 * with empty `events` (load them with `loadEvents`). A version-2 store (events inline) is
 * migrated: its sessions keep their events, and the next write moves them to `events/`.
 * Anything else starts empty.
 */
function parseStore(text: string, events: SessionEvents, log: (message: string) => void): StoreData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    log("store.json is not JSON: started empty (rebuilt from the agents' logs)");
    return emptyStore();
  }
  const checked = checkStore(parsed);
  if (!checked) return emptyStore();
  if (checked.dropped.length > 0) log(`store.json: dropped ${checked.dropped.join(', ')}; rebuilt from the agents' logs`);
  const migrate = checked.version === 2;
  const sessions = checked.sessions as unknown as Record<string, StoredSession>;
  for (const s of Object.values(sessions)) {
    if (migrate) {
      s.eventCount = s.events?.length ?? 0;
      events.adopt(s, 0);
    } else {
      s.events = [];
    }
  }
  return {
    ...emptyStore(),
    files: checked.files as Record<string, FileCursor>,
    sessions,
    lastCapture: checked.lastCapture as CaptureOutcome | null,
    captures: checked.captures as Record<string, CaptureRecord>,
  };
}

/** How to open the store. */
export interface OpenStoreOptions {
  /**
   * Take the store's lock for a read-modify-write (default true), waiting while other
   * captures hold it in turn, at most `waitMs` for any one of them. When it cannot be had,
   * the store opens read-only (`locked` false; `write` throws `StoreBusyError`).
   */
  lock?: boolean;
  /** Longest wait for the lock while one other process holds it, in ms (default `LOCK_WAIT_MS`). */
  waitMs?: number;
}

/** Default longest wait for the store's lock while one other process holds it, in ms: a capture stalled that long is not coming back soon. */
export const LOCK_WAIT_MS = 60_000;

/**
 * Open (or create in memory) the store of a repository, holding its lock (see
 * `OpenStoreOptions`) until `close` or the end of the process (proper-lockfile removes a
 * held lock on exit; a killed process's lock goes stale after 15 s). A missing, unreadable or corrupt store file
 * starts empty and a part of it that does not fit is dropped (the cache is rebuilt from the
 * logs); only `write()` can fail.
 */
export async function openStore(commonDir: string, opts: OpenStoreOptions = {}): Promise<Store> {
  const dir = storeDir(commonDir);
  let lock: StoreLock | null = null;
  let lockError: Error | null = null;
  if (opts.lock !== false) {
    try {
      lock = await lockStore(dir, opts.waitMs ?? LOCK_WAIT_MS);
    } catch (err) {
      lockError = err instanceof Error ? err : new Error(String(err));
    }
  }
  const events = new SessionEvents(dir);
  const logged: string[] = [];
  const log = (message: string) => void logged.push(message);
  const file = new StoreDocument<StoreData>(storePath(commonDir, 'store'), (text) => parseStore(text, events, log), stringifyStore);
  const db = new Low<StoreData>(file, emptyStore());
  try {
    await db.read();
  } catch {
    db.data = emptyStore();
  }
  if (db.data?.version !== 3) db.data = emptyStore();
  for (const message of logged.splice(0)) await appendLog(commonDir, message);
  const data = db.data;
  const pending = new PendingFiles(dir, (message) => appendLog(commonDir, message));
  const store: Store = {
    data,
    pending,
    dir,
    locked: lock !== null,
    lockError,
    loadEvents: (ids) => events.load([...ids].flatMap((id) => (data.sessions[id] ? [data.sessions[id]] : []))),
    loadTail: (ids) => events.loadTail([...ids].flatMap((id) => (data.sessions[id] ? [data.sessions[id]] : []))),
    async write() {
      if (!lock) throw lockError ?? new StoreBusyError(0);
      await mkdir(dir, { recursive: true });
      await events.flush(Object.values(data.sessions));
      await pending.flush();
      await db.write();
    },
    async close() {
      const held = lock;
      lock = null;
      store.locked = false;
      await held?.release();
    },
  };
  return store;
}

/**
 * Append one line to `<store dir>/drift.log` (details behind a hook's one-line message).
 * Never throws: a read-only store just loses the log line.
 */
export async function appendLog(commonDir: string, message: string): Promise<void> {
  try {
    const dir = storeDir(commonDir);
    await mkdir(dir, { recursive: true });
    await appendFile(storePath(commonDir, 'log'), `${new Date().toISOString()} ${message}\n`);
  } catch {
    // Nowhere to write: the hook's one line already said what matters.
  }
}
