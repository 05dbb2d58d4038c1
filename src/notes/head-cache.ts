/**
 * The local cache of parsed note heads (`<git-common-dir>/drift/note-heads.jsonl`; last
 * writer wins, no lock: it is a cache): note blobs never change, so a head parsed once never
 * needs parsing again, and `git drift log` and `blame` skip YAML parsing for every note they
 * have seen. Deleting the file only costs one slower run.
 *
 * Format: a first line `drift-note-heads <version>`, then one line per head,
 * `<note blob sha> <the head as compact JSON>`. A reader indexes the lines by their sha
 * (one scan, no parse) and parses only the heads it is asked for, so a run over ten commits
 * does not pay for the 50,000 heads of a long history; new heads are appended, and the file
 * is rewritten (atomically, the newest three quarters kept) only past its caps or when it
 * is missing, of another version or unreadable. A damaged or torn line is skipped (its note
 * is parsed again and appended). Not a lowdb document, for that reason: a whole JSON
 * document is parsed whole and rewritten whole.
 */
import { appendFile, rm } from 'node:fs/promises';
import type { InvalidNote, NoteHead, NoteHeadCache } from './index.js';
import { readRegularFile } from '../fs/read.js';
import { storePath } from '../store/paths.js';

/** Most heads kept; past it the file is rewritten with the newest three quarters. */
export const MAX_NOTE_HEADS = 50_000;

/** Largest cache file kept, in bytes (a head is at most a note's 64 KiB); past it, as above. A bigger file is not read. */
export const MAX_NOTE_HEADS_BYTES = 64 * 1024 * 1024;

/** The first line: the format's version (3 since heads are lines; 2 added a note's `partial` marker). */
const HEADER = 'drift-note-heads 3\n';

/** Longest sha a line may start with (SHA-256). */
const MAX_SHA = 64;

/** An opened cache: use it as a `NoteHeadCache`, then `write()` (a no-op when nothing was added). */
export interface NoteHeadStore extends NoteHeadCache {
  /** Persist new entries. Never throws: a read-only repository just keeps no cache. */
  write(): Promise<void>;
}

/** The cache file as read (bytes, never decoded whole): its lines indexed by sha (last line wins). */
interface CacheLines {
  bytes: Buffer;
  /** Blob sha → byte offset of its head's JSON in `bytes`. */
  index: Map<string, number>;
  /** Lines after the header, damaged ones included. */
  count: number;
}

const NL = 0x0a;
const SPACE = 0x20;

/** Index the lines of the cache file's `bytes` (pure): null when it is not of this version. */
function indexNoteHeadLines(bytes: Buffer): CacheLines | null {
  if (bytes.toString('latin1', 0, HEADER.length) !== HEADER) return null;
  const index = new Map<string, number>();
  let count = 0;
  for (let pos = HEADER.length; pos < bytes.length; ) {
    const nl = bytes.indexOf(NL, pos);
    if (nl === -1) break; // a torn last line
    count += 1;
    const space = bytes.indexOf(SPACE, pos);
    if (space > pos && space < nl && space - pos <= MAX_SHA) index.set(bytes.toString('latin1', pos, space), space + 1);
    pos = nl + 1;
  }
  return { bytes, index, count };
}

/** The head on the line whose JSON starts at byte `at` of `bytes`, or undefined when it is damaged. Pure. */
function parseHeadLine(bytes: Buffer, at: number): NoteHead | InvalidNote | undefined {
  try {
    const value = JSON.parse(bytes.toString('utf8', at, bytes.indexOf(NL, at))) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as NoteHead | InvalidNote) : undefined;
  } catch {
    return undefined;
  }
}

/** One cache line. Pure. */
const renderHeadLine = (blob: string, head: NoteHead | InvalidNote) => `${blob} ${JSON.stringify(head)}\n`;

/** The cache file's bytes, or none when it is missing, not a regular file, too big or unreadable. */
async function readCacheBytes(path: string): Promise<Buffer> {
  try {
    return await readRegularFile(path, { maxBytes: MAX_NOTE_HEADS_BYTES * 2 });
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * The whole file rewritten: the header, the newest of the old lines (the last ones) within
 * three quarters of both caps, then `added`. Pure.
 */
function renderTrimmed(old: CacheLines | null, added: Buffer, addedLines: number): Buffer {
  const keep: Buffer[] = [];
  let size = HEADER.length + added.length;
  let lines = addedLines;
  if (old) {
    const bytes = old.bytes;
    let end = bytes.lastIndexOf(NL) + 1;
    while (end > HEADER.length) {
      const start = bytes.lastIndexOf(NL, end - 2) + 1;
      if ((lines + 1) * 4 > MAX_NOTE_HEADS * 3 || (size + end - start) * 4 > MAX_NOTE_HEADS_BYTES * 3) break;
      keep.push(bytes.subarray(start, end));
      size += end - start;
      lines += 1;
      end = start;
    }
  }
  return Buffer.concat([Buffer.from(HEADER), ...keep.reverse(), added]);
}

/**
 * Open the cache of a repository (empty when missing, unreadable or of another version).
 * Only reads and indexes the file: each head is parsed when first asked for. Never throws.
 */
export async function openNoteHeads(commonDir: string): Promise<NoteHeadStore> {
  const path = storePath(commonDir, 'noteHeads');
  const lines = indexNoteHeadLines(await readCacheBytes(path));
  const parsed = new Map<string, NoteHead | InvalidNote | undefined>();
  const added = new Map<string, NoteHead | InvalidNote>();
  return {
    get(blob) {
      const known = added.get(blob) ?? parsed.get(blob);
      if (known !== undefined || parsed.has(blob) || !lines) return known;
      const at = lines.index.get(blob);
      const head = at === undefined ? undefined : parseHeadLine(lines.bytes, at);
      parsed.set(blob, head);
      return head;
    },
    set(blob, head) {
      added.set(blob, head);
    },
    async write() {
      if (added.size === 0) return;
      const text = Buffer.from([...added].map(([blob, head]) => renderHeadLine(blob, head)).join(''));
      try {
        const fits = lines && lines.count + added.size <= MAX_NOTE_HEADS && lines.bytes.length + text.length <= MAX_NOTE_HEADS_BYTES;
        if (fits) await appendFile(path, lines.bytes.at(-1) === NL ? text : Buffer.concat([Buffer.from('\n'), text]));
        else {
          const { writeFileAtomic } = await import('../store/files.js'); // only now: a run that adds nothing never loads it
          await writeFileAtomic(path, renderTrimmed(lines, text, added.size));
          await rm(storePath(commonDir, 'noteHeadsV2'), { force: true }); // the whole-document cache of versions before 3
        }
      } catch {
        // A read-only repository: the next run parses these notes again.
      }
    },
  };
}
