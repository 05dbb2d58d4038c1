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
 * document is parsed whole and rewritten whole. The file itself is a line cache
 * (`src/store/line-cache.ts`).
 */
import { rm } from 'node:fs/promises';
import type { InvalidNote, NoteHead, NoteHeadCache } from './index.js';
import { openLineCache } from '../store/line-cache.js';
import { storePath } from '../store/paths.js';

/** Most heads kept; past it the file is rewritten with the newest three quarters. */
export const MAX_NOTE_HEADS = 50_000;

/** Largest cache file kept, in bytes (a head is at most a note's 64 KiB); past it, as above. A bigger file is not read. */
export const MAX_NOTE_HEADS_BYTES = 64 * 1024 * 1024;

/** The first line: the format's version (3 since heads are lines; 2 added a note's `partial` marker). */
const HEADER = 'drift-note-heads 3';

/** An opened cache: use it as a `NoteHeadCache`, then `write()` (a no-op when nothing was added). */
export interface NoteHeadStore extends NoteHeadCache {
  /** Persist new entries. Never throws: a read-only repository just keeps no cache. */
  write(): Promise<void>;
}

/** The head in a line's JSON text, or undefined when it is damaged. Pure. */
function parseHeadLine(json: string): NoteHead | InvalidNote | undefined {
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as NoteHead | InvalidNote) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Open the cache of a repository (empty when missing, unreadable or of another version).
 * Only reads and indexes the file: each head is parsed when first asked for. Never throws.
 */
export async function openNoteHeads(commonDir: string): Promise<NoteHeadStore> {
  const lines = await openLineCache({
    path: storePath(commonDir, 'noteHeads'),
    header: HEADER,
    maxLines: MAX_NOTE_HEADS,
    maxBytes: MAX_NOTE_HEADS_BYTES,
    afterRewrite: () => rm(storePath(commonDir, 'noteHeadsV2'), { force: true }), // the whole-document cache of versions before 3
  });
  const parsed = new Map<string, NoteHead | InvalidNote | undefined>();
  return {
    get(blob) {
      if (parsed.has(blob)) return parsed.get(blob);
      const json = lines.get(blob);
      const head = json === undefined ? undefined : parseHeadLine(json);
      parsed.set(blob, head);
      return head;
    },
    set(blob, head) {
      parsed.set(blob, head);
      lines.set(blob, JSON.stringify(head));
    },
    write: () => lines.write(),
  };
}
