/**
 * The local cache of parsed note heads (`<git-common-dir>/drift/note-heads.json`, through
 * lowdb): note blobs never change, so a head parsed once never needs parsing again, and
 * `git drift blame` skips YAML parsing for every note it has seen. Deleting the file only
 * costs one slower run.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { InvalidNote, NoteHead, NoteHeadCache } from '../notes/index.js';
import { storeDir } from './index.js';

/** Most heads kept; past it the oldest entries are dropped when the cache is written. */
export const MAX_NOTE_HEADS = 50_000;

interface CacheData {
  version: 1;
  heads: Record<string, NoteHead | InvalidNote>;
}

/** An opened cache: use it as a `NoteHeadCache`, then `write()` (a no-op when nothing was added). */
export interface NoteHeadStore extends NoteHeadCache {
  /** Persist new entries. Never throws: a read-only repository just keeps no cache. */
  write(): Promise<void>;
}

/** Open the cache of a repository (empty when missing, unreadable or of another version). */
export async function openNoteHeads(commonDir: string): Promise<NoteHeadStore> {
  const dir = storeDir(commonDir);
  const db = new Low<CacheData>(new JSONFile<CacheData>(join(dir, 'note-heads.json')), { version: 1, heads: {} });
  try {
    await db.read();
  } catch {
    db.data = { version: 1, heads: {} };
  }
  if (db.data?.version !== 1 || typeof db.data.heads !== 'object') db.data = { version: 1, heads: {} };
  const heads = db.data.heads;
  let added = 0;
  return {
    get: (blob) => heads[blob],
    set: (blob, head) => {
      heads[blob] = head;
      added += 1;
    },
    async write() {
      if (added === 0) return;
      const keys = Object.keys(heads);
      for (const key of keys.slice(0, Math.max(0, keys.length - MAX_NOTE_HEADS))) delete heads[key];
      try {
        await mkdir(dir, { recursive: true });
        await db.write();
      } catch {
        // A read-only repository: the next run parses again.
      }
    },
  };
}
