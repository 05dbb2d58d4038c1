/**
 * The events of each session, kept out of `store.json`: one append-only JSON-lines file per
 * session under `<store dir>/events/`, read only when a command or capture needs that
 * session's events. So the cost of a capture does not grow with the repository's agent
 * history: `store.json` holds session facts and counters, and a session untouched since its
 * last note is never read again by post-commit.
 */
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
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
        .filter((s) => !this.persisted.has(s))
        .map(async (session) => {
          let text = '';
          try {
            text = await readFile(eventsPath(this.dir, session.info.id), 'utf8');
          } catch {
            // No file yet: the session has no stored events.
          }
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
          this.persisted.set(session, events.length);
        }),
    );
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
        await writeFileAtomic(path, session.events.map((e) => `${JSON.stringify(e)}\n`).join(''));
        this.rewrite.delete(session);
        this.persisted.set(session, session.events.length);
        continue;
      }
      const done = this.persisted.get(session) ?? (session.eventCount === 0 ? 0 : undefined);
      if (done === undefined || session.events.length <= done) continue;
      await mkdir(join(this.dir, STORE_ENTRIES.events), { recursive: true });
      await appendFile(
        path,
        session.events
          .slice(done)
          .map((e) => `${JSON.stringify(e)}\n`)
          .join(''),
      );
      this.persisted.set(session, session.events.length);
    }
  }
}
