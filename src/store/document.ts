/**
 * lowdb's role in the store: each whole JSON document under `<git-common-dir>/drift/`
 * (`store.json`, `ledger.json`, `note-heads.json`) is a lowdb `Low` over this one adapter,
 * which reads the file, hands the text to the document's own checked parser, and writes
 * through `writeFileAtomic` (not lowdb's `JSONFile`, whose steno writer uses one fixed temp
 * name per file, so two processes writing the same document at once can rename each
 * other's half-written temp file into place).
 *
 * What lowdb is not used for, and why: files the store keeps one per key and loads on
 * demand (`pending/*.json`, `llm-cache/*.json`, `partial/<sha>`) are small independent
 * documents written whole with `writeFileAtomic`, as a lowdb document per key would add
 * nothing; and the session event logs (`events/*.jsonl`) and `drift.log` are append-only
 * files, never rewritten whole.
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
