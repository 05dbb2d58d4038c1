/**
 * lowdb's role in the store: each whole JSON document under `<git-common-dir>/drift/`
 * (`store.json`, `ledger.json`, `note-checks.json`) is a lowdb `Low` over this one adapter,
 * which reads the file, hands the text to the document's own checked parser, and writes
 * through `writeFileAtomic` (not lowdb's `JSONFile`, whose steno writer uses one fixed temp
 * name per file, so two processes writing the same document at once can rename each
 * other's half-written temp file into place).
 *
 * What lowdb is not used for, and why: files the store keeps one per key and loads on
 * demand (`pending/*.json`, `llm-cache/*.json`, `partial/<sha>`) are small independent
 * documents written whole with `writeFileAtomic`, as a lowdb document per key would add
 * nothing; the session event logs (`events/*.jsonl`) and `drift.log` are append-only
 * files, never rewritten whole; and the note-head cache (`note-heads.jsonl`,
 * `src/notes/head-cache.ts`) is appended to and read line by line, as a whole document
 * would be parsed whole on every `git drift log` or `blame`.
 */
// Node's types for programs that reach the store only through type imports (the report
// client's type check, src/report/client/tsconfig.json, which lowdb/node's JSONFile used to
// bring them to).
/// <reference types="node" />
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter for one JSON document of the store. `parse` turns the file's text into
 * the document (null: it does not fit, start from the default); `render` turns it back into
 * text (default: compact JSON). A missing or unreadable file reads as null.
 */
export class StoreDocument<T> implements Adapter<T> {
  constructor(
    private readonly path: string,
    private readonly parse: (text: string) => T | null,
    private readonly render: (data: T) => string = (data) => JSON.stringify(data),
  ) {}

  /** The document, or null when the file is missing, unreadable or does not fit. Never throws. */
  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return null;
    }
    return this.parse(text);
  }

  /**
   * Write the whole document atomically (`writeFileAtomic`, loaded only now: a reader that
   * writes nothing, such as `git drift blame` over cached note heads, never loads the
   * store's file and lock code). Throws the I/O error.
   */
  async write(data: T): Promise<void> {
    const { writeFileAtomic } = await import('./files.js');
    await writeFileAtomic(this.path, this.render(data));
  }
}

/** `JSON.parse` of `text`, or undefined when it is not JSON. Pure. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A cache of entries keyed by an id whose content never changes (a note blob sha), kept in one document. */
export interface KeyedCache<T> {
  /** The entry of `key`, or undefined when absent or not of the expected shape. */
  get(key: string): T | undefined;
  /** Add or replace the entry of `key` (kept in memory until `write`). */
  set(key: string, value: T): void;
  /** Persist when something was added, keeping the newest `max` entries. Never throws: a read-only repository just keeps no cache. */
  write(): Promise<void>;
}

/**
 * The `KeyedCache` over `entries`, an object inside the lowdb document `db` (read already),
 * at most `max` entries once written (the oldest dropped first). `fit` checks an entry read
 * back from disk (default: taken as it is).
 */
export function keyedCache<T>(db: { write(): Promise<void> }, entries: Record<string, T>, max: number, fit: (value: unknown) => T | undefined = (v) => v as T): KeyedCache<T> {
  let added = 0;
  return {
    get: (key) => (Object.hasOwn(entries, key) ? fit(entries[key]) : undefined),
    set: (key, value) => {
      entries[key] = value;
      added += 1;
    },
    async write() {
      if (added === 0) return;
      const keys = Object.keys(entries);
      for (const key of keys.slice(0, Math.max(0, keys.length - max))) delete entries[key];
      try {
        await db.write();
      } catch {
        // A read-only repository: the next run computes the entries again.
      }
    },
  };
}
