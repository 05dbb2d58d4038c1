/**
 * The events of each session, kept out of `store.json`: one append-only JSON-lines file per
 * session under `<store dir>/events/`, read only when a command or capture needs that
 * session's events. So the cost of a capture does not grow with the repository's agent
 * history: `store.json` holds session facts and counters, and a session untouched since its
 * last note is never read again by post-commit.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from './files.js';
import { STORE_ENTRIES } from './paths.js';
import { join } from 'node:path';
import type { DriftEvent } from '../types.js';
import type { StoredSession } from './index.js';

/** Absolute path of the events file of session `id` under the store directory `dir`. */
export function eventsPath(dir: string, id: string): string {
  return join(dir, STORE_ENTRIES.events, `${createHash('sha1').update(id).digest('hex').slice(0, 24)}.jsonl`);
}

/**
 * Sessions held in tail mode (see `SessionEvents.loadTail`) → how many events their file
 * held when they entered it (index in the session of `session.events[0]`), and the id of
 * the last prompt among those (null: none).
 */
const tails = new WeakMap<StoredSession, { base: number; lastPrompt: string | null }>();

/** Bytes of events files read by whole-session loads in this process (a test and bench counter). */
let bytesLoaded = 0;

/**
 * Index in the whole session of `session.events[0]`: 0 for a loaded session (or one never
 * read), the number of stored events for a session in tail mode (`SessionEvents.loadTail`),
 * whose `events` hold only the events added in this process. Pure lookup.
 */
export function eventsBase(session: StoredSession): number {
  return tails.get(session)?.base ?? 0;
}

/**
 * For a session in tail mode, the id of its last prompt before `session.events[0]` (null:
 * none); undefined for a session whose `events` start at its first event. Pure lookup.
 */
export function promptBeforeEvents(session: StoredSession): string | null | undefined {
  return tails.get(session)?.lastPrompt;
}

/** How many bytes of events files whole-session loads have read in this process (for tests and benches). */
export function readEventBytesLoaded(): number {
  return bytesLoaded;
}

/**
 * Loads and appends sessions' events. A session object is "loaded" once its events are in
 * `session.events`; `flush` appends what was added since. Events already in the file are
 * never rewritten (they are stored compact, see `compactEvents`).
 */
export class SessionEvents {
  /** Loaded sessions → how many of their events the file holds. */
  private readonly persisted = new WeakMap<StoredSession, number>();
  /** Loaded sessions whose file holds events store.json does not vouch for: rewritten whole on flush. */
  private readonly rewrite = new Set<StoredSession>();

  constructor(private readonly dir: string) {}

  /** Whether `session.events` holds the session's events. */
  isLoaded(session: StoredSession): boolean {
    return this.persisted.has(session);
  }

  /**
   * Mark a session whose `events` are already complete in memory (a new session, or one
   * migrated from an older store) with `inFile` of them already in its file.
   */
  adopt(session: StoredSession, inFile: number): void {
    this.persisted.set(session, inFile);
  }

  /**
   * Read the events of `sessions` not loaded yet. A missing file means no events; lines that
   * do not parse (a torn write) are skipped, and an event id seen twice (a crash between
   * writing the events and the store) is kept once. Never throws: an unreadable file loads
   * as empty and is appended to from there.
   */
  async load(sessions: Iterable<StoredSession>): Promise<void> {
    await Promise.all(
      [...new Set(sessions)]
        .filter((s) => !this.persisted.has(s) || tails.has(s))
        .map(async (session) => {
          let text = '';
          try {
            const raw = await readFile(eventsPath(this.dir, session.info.id));
            bytesLoaded += raw.length;
            text = raw.toString('utf8');
          } catch {
            // No file yet: the session has no stored events.
          }
          // A session in tail mode: its new events (some maybe flushed already, then in the
          // file too and dropped as repeats below) follow the stored ones.
          tails.delete(session);
          const seen = new Set<string>();
          const events: DriftEvent[] = [];
          for (const line of text.split('\n')) {
            if (line === '') continue;
            try {
              const event = JSON.parse(line) as DriftEvent;
              if (seen.has(event.id)) continue;
              seen.add(event.id);
              events.push(event);
            } catch {
              // A torn last line: skip it.
            }
          }
          // Events past `eventCount` were appended by a run that stopped before store.json (the
          // commit point) was written: no cursor vouches for them and no pending line was kept
          // for them, so they are dropped and read again from the log; the file is rewritten.
          const vouched = typeof session.eventCount === 'number' ? session.eventCount : events.length;
          if (events.length > vouched) {
            for (const e of events.splice(vouched)) seen.delete(e.id);
            this.rewrite.add(session);
          }
          // Events merged before the load (none in practice) stay after the stored ones.
          session.events = [...events, ...session.events.filter((e) => !seen.has(e.id))];
          if (session.lastEdit === undefined) session.lastEdit = session.events.map((e) => e.kind).lastIndexOf('edit') + 1;
          if (session.lastPrompt === undefined) session.lastPrompt = [...session.events].reverse().find((e) => e.kind === 'prompt')?.id ?? null;
          if (!this.rewrite.has(session)) session.eventsBytes = Buffer.byteLength(text);
          else delete session.eventsBytes;
          this.persisted.set(session, events.length);
        }),
    );
  }

  /**
   * Open `sessions` not loaded yet in tail mode: their `events` stay empty and collect only
   * the events added in this process (`eventsBase` gives the index of the first), so a
   * capture costs what the new events cost, not what the session holds. A session whose
   * events file is not exactly what `store.json` vouches for (`eventsBytes` missing or not
   * the file's size: a run stopped between the two writes, or a store older than the field)
   * is loaded whole instead (`load`). One `stat` per session; never throws.
   */
  async loadTail(sessions: Iterable<StoredSession>): Promise<void> {
    const whole: StoredSession[] = [];
    await Promise.all(
      [...new Set(sessions)]
        .filter((s) => !this.persisted.has(s))
        .map(async (session) => {
          if (session.eventCount === 0 && session.events.length === 0) return;
          const size = await stat(eventsPath(this.dir, session.info.id)).then(
            (st) => st.size,
            () => 0,
          );
          if (session.eventsBytes !== size || session.lastEdit === undefined || session.lastPrompt === undefined || session.events.length > 0) {
            whole.push(session);
            return;
          }
          tails.set(session, { base: session.eventCount, lastPrompt: session.lastPrompt });
          this.persisted.set(session, 0);
        }),
    );
    await this.load(whole);
  }

  /**
   * Append the events added since the last flush of every loaded session, and of every
   * session new in this process (`eventCount` 0: nothing stored yet). Throws on a read-only
   * or full disk.
   */
  async flush(sessions: Iterable<StoredSession>): Promise<void> {
    for (const session of sessions) {
      const path = eventsPath(this.dir, session.info.id);
      if (this.rewrite.has(session)) {
        const text = session.events.map((e) => `${JSON.stringify(e)}\n`).join('');
        await writeFileAtomic(path, text);
        session.eventsBytes = Buffer.byteLength(text);
        this.rewrite.delete(session);
        this.persisted.set(session, session.events.length);
        continue;
      }
      const done = this.persisted.get(session) ?? (session.eventCount === 0 ? 0 : undefined);
      if (done === undefined || session.events.length <= done) continue;
      await mkdir(join(this.dir, STORE_ENTRIES.events), { recursive: true });
      const bytes = await appendEvents(path, session.events, done);
      this.persisted.set(session, session.events.length);
      if (session.eventsBytes !== undefined || done === 0) session.eventsBytes = (session.eventsBytes ?? 0) + bytes;
      if (tails.has(session)) session.eventCount = eventsBase(session) + session.events.length;
    }
  }
}

/** Characters of events text encoded and appended at a time by `appendEvents`. */
const APPEND_CHARS = 256 * 1024;

/**
 * Append `events` from index `from` on to the file at `path` (created if missing), one JSON
 * line each, in pieces of about `APPEND_CHARS` characters: the text of a first capture's
 * events (megabytes, often two-byte strings) is never one string and one buffer at once,
 * at the end of the capture, when its heap is largest. The bytes are those one
 * `appendFile` of the whole text writes. Returns the bytes appended. Throws on I/O failure
 * (what was appended stays: a load drops the events `store.json` does not vouch for).
 */
async function appendEvents(path: string, events: DriftEvent[], from: number): Promise<number> {
  const file = await open(path, 'a');
  let bytes = 0;
  try {
    let lines: string[] = [];
    let chars = 0;
    for (let i = from; i < events.length; i++) {
      const line = `${JSON.stringify(events[i])}\n`;
      lines.push(line);
      chars += line.length;
      if (chars < APPEND_CHARS && i < events.length - 1) continue;
      const piece = Buffer.from(lines.join(''), 'utf8');
      await file.appendFile(piece);
      bytes += piece.length;
      [lines, chars] = [[], 0];
    }
  } finally {
    await file.close();
  }
  return bytes;
}
