/**
 * A local cache file of one line per key (a note blob sha): a first line naming the format,
 * then `<key> <value>` lines, the value one line of JSON; last writer wins, no lock (it is a
 * cache). A reader indexes the lines by key in one scan of the bytes, without decoding or
 * parsing them, and decodes only the values it is asked for, so a run over ten commits does
 * not pay for the 50,000 lines of a long history. New lines are appended; the file is
 * rewritten (atomically, the newest three quarters kept) only past its caps or when it is
 * missing, of another format or unreadable. A damaged or torn line only loses its own
 * value. Not a lowdb document, for that reason: a whole JSON document is parsed whole and
 * rewritten whole. Used by the note-head cache (`src/notes/head-cache.ts`) and `git drift
 * log --json`'s entry cache (`src/log/entry-cache.ts`).
 */
import { appendFile } from 'node:fs/promises';
import { readRegularFile } from '../fs/read.js';

/** Where a line cache lives and how big it may grow. */
export interface LineCacheOptions {
  /** The cache file (under `<git-common-dir>/drift/`, see `./paths.ts`). */
  path: string;
  /** The first line, without its newline: the format and anything else the values depend on. */
  header: string;
  /** Most lines kept; past it the file is rewritten with the newest three quarters. */
  maxLines: number;
  /** Largest file kept, in bytes; past it, as above. A file twice as big is not read. */
  maxBytes: number;
  /** Run after the file was rewritten whole (e.g. to remove an older format's file). Errors are ignored. */
  afterRewrite?: () => Promise<void>;
}

/** An opened line cache: `get`/`set` values (one-line JSON texts) by key, then `write()`. */
export interface LineCache {
  /** The value of `key`'s last line in the file or set since opening, or undefined. */
  get(key: string): string | undefined;
  /** Add `key` with `value` (one line of JSON: no newline). */
  set(key: string, value: string): void;
  /** Persist what was set (a no-op when nothing was). Never throws: a read-only repository just keeps no cache. */
  write(): Promise<void>;
}

/** The cache file as read (bytes, never decoded whole): its lines indexed by key (last line wins). */
interface CacheLines {
  bytes: Buffer;
  /** Key → byte offset of its value in `bytes`. */
  index: Map<string, number>;
  /** Lines after the header, damaged ones included. */
  count: number;
}

const NL = 0x0a;
const SPACE = 0x20;

/** Longest key a line may start with (a SHA-256 sha). */
const MAX_KEY = 64;

/** Index the lines of a cache file's `bytes` (pure): null when its first line is not `header`. */
function indexLines(bytes: Buffer, header: string): CacheLines | null {
  if (bytes.toString('latin1', 0, header.length) !== header) return null;
  const index = new Map<string, number>();
  let count = 0;
  for (let pos = header.length; pos < bytes.length; ) {
    const nl = bytes.indexOf(NL, pos);
    if (nl === -1) break; // a torn last line
    count += 1;
    const space = bytes.indexOf(SPACE, pos);
    if (space > pos && space < nl && space - pos <= MAX_KEY) index.set(bytes.toString('latin1', pos, space), space + 1);
    pos = nl + 1;
  }
  return { bytes, index, count };
}

/** The cache file's bytes, or none when it is missing, not a regular file, too big or unreadable. */
async function readCacheBytes(path: string, maxBytes: number): Promise<Buffer> {
  try {
    return await readRegularFile(path, { maxBytes: maxBytes * 2 });
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * The whole file rewritten: the header, the newest of the old lines (the last ones) within
 * three quarters of both caps, then `added`. Pure.
 */
function renderTrimmed(header: string, old: CacheLines | null, added: Buffer, addedLines: number, opts: LineCacheOptions): Buffer {
  const keep: Buffer[] = [];
  let size = header.length + added.length;
  let lines = addedLines;
  if (old) {
    const bytes = old.bytes;
    let end = bytes.lastIndexOf(NL) + 1;
    while (end > header.length) {
      const start = bytes.lastIndexOf(NL, end - 2) + 1;
      if ((lines + 1) * 4 > opts.maxLines * 3 || (size + end - start) * 4 > opts.maxBytes * 3) break;
      keep.push(bytes.subarray(start, end));
      size += end - start;
      lines += 1;
      end = start;
    }
  }
  return Buffer.concat([Buffer.from(header), ...keep.reverse(), added]);
}

/**
 * Open the line cache at `opts.path` (empty when missing, unreadable or of another
 * header). Only reads and indexes the file: each value is decoded when first asked for.
 * Never throws.
 */
export async function openLineCache(opts: LineCacheOptions): Promise<LineCache> {
  const header = `${opts.header}\n`;
  const lines = indexLines(await readCacheBytes(opts.path, opts.maxBytes), header);
  const added = new Map<string, string>();
  return {
    get(key) {
      const value = added.get(key);
      if (value !== undefined || !lines) return value;
      const at = lines.index.get(key);
      return at === undefined ? undefined : lines.bytes.toString('utf8', at, lines.bytes.indexOf(NL, at));
    },
    set(key, value) {
      added.set(key, value);
    },
    async write() {
      if (added.size === 0) return;
      const text = Buffer.from([...added].map(([key, value]) => `${key} ${value}\n`).join(''));
      try {
        const fits = lines && lines.count + added.size <= opts.maxLines && lines.bytes.length + text.length <= opts.maxBytes;
        if (fits) await appendFile(opts.path, lines.bytes.at(-1) === NL ? text : Buffer.concat([Buffer.from('\n'), text]));
        else {
          const { writeFileAtomic } = await import('./files.js'); // only now: a run that adds nothing never loads it
          await writeFileAtomic(opts.path, renderTrimmed(header, lines, text, added.size, opts));
          await opts.afterRewrite?.().catch(() => undefined);
        }
      } catch {
        // A read-only repository: the next run computes these values again.
      }
    },
  };
}
