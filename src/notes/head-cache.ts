/**
 * The local cache of parsed note heads (`<git-common-dir>/drift/note-heads.json`, a lowdb
 * document, see `store/document.ts`; last writer wins, no lock: it is a cache): note blobs never change, so a head parsed once never needs parsing again, and
 * `git drift blame` skips YAML parsing for every note it has seen. Deleting the file only
 * costs one slower run.
 */
import { Low } from 'lowdb';
import type { InvalidNote, NoteHead, NoteHeadCache } from './index.js';
import { keyedCache, parseJson, StoreDocument } from '../store/document.js';
import { storePath } from '../store/paths.js';

/** Most heads kept; past it the oldest entries are dropped when the cache is written. */
export const MAX_NOTE_HEADS = 50_000;

/** The cache's version: 2 since heads keep a note's `partial` marker (a version-1 cache is dropped and rebuilt). */
interface CacheData {
  version: 2;
  heads: Record<string, NoteHead | InvalidNote>;
}

/** The cache from its text, or null when it does not fit (then it starts empty). */
function parseCache(text: string): CacheData | null {
  const data = parseJson(text) as Partial<CacheData> | undefined;
  return data?.version === 2 && typeof data.heads === 'object' && data.heads !== null && !Array.isArray(data.heads) ? (data as CacheData) : null;
}

/** An opened cache: use it as a `NoteHeadCache`, then `write()` (a no-op when nothing was added). */
export interface NoteHeadStore extends NoteHeadCache {
  /** Persist new entries. Never throws: a read-only repository just keeps no cache. */
  write(): Promise<void>;
}

/** Open the cache of a repository (empty when missing, unreadable or of another version). */
export async function openNoteHeads(commonDir: string): Promise<NoteHeadStore> {
  const db = new Low<CacheData>(new StoreDocument<CacheData>(storePath(commonDir, 'noteHeads'), parseCache), { version: 2, heads: {} });
  await db.read();
  return keyedCache(db, db.data.heads, MAX_NOTE_HEADS);
}
