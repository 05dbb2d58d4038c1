/**
 * The local cache of `git drift check`'s verdicts on notes (`<git-common-dir>/drift/note-checks.json`,
 * a lowdb document, see `document.ts`; last writer wins, no lock: it is a cache). A note
 * blob never changes, so its verdict (valid, schema, secrets) only changes with the rules
 * that judged it: the cache holds the verdicts of one rule set, named by a fingerprint the
 * caller gives (the tool's version and the user's redaction patterns), and starts empty
 * when the rules differ. Deleting the file only costs one slower run.
 */
import { Low } from 'lowdb';
import { keyedCache, parseJson, StoreDocument } from './document.js';
import { storePath } from './paths.js';

/** Most verdicts kept; past it the oldest entries are dropped when the cache is written. */
export const MAX_NOTE_CHECKS = 50_000;

/** A cached verdict on one note: `ok`, or `invalid` with the reason (as `git drift check --json` prints it). */
export interface NoteVerdict {
  status: 'ok' | 'invalid';
  /** Why the note is invalid, or what a passing note lacks (`partial capture: …`); null for a plain `ok`. */
  reason: string | null;
}

interface CacheData {
  version: 1;
  /** The fingerprint of the rules the verdicts were judged by. */
  rules: string;
  verdicts: Record<string, NoteVerdict>;
}

/** The cache from its text, or null when it does not fit (then it starts empty). */
function parseCache(text: string): CacheData | null {
  const data = parseJson(text) as Partial<CacheData> | undefined;
  return data?.version === 1 && typeof data.rules === 'string' && typeof data.verdicts === 'object' && data.verdicts !== null && !Array.isArray(data.verdicts) ? (data as CacheData) : null;
}

/** A verdict read from the file, or undefined when the entry is not one (a hand-edited or damaged cache). */
function fitVerdict(v: unknown): NoteVerdict | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { status, reason } = v as Partial<NoteVerdict>;
  if (status === 'ok' && (reason === null || typeof reason === 'string')) return { status, reason }; // a partial note passes with a reason
  if (status === 'invalid' && typeof reason === 'string') return { status, reason };
  return undefined;
}

/** An opened cache: `get`/`set` verdicts by note blob sha, then `write()` (a no-op when nothing was added). */
export interface NoteCheckStore {
  get(blob: string): NoteVerdict | undefined;
  set(blob: string, verdict: NoteVerdict): void;
  /** Persist new entries. Never throws: a read-only repository just keeps no cache. */
  write(): Promise<void>;
}

/**
 * Open the verdict cache of a repository for the rule set `rules` (any string that changes
 * whenever a verdict could: see the module comment). Empty when missing, unreadable, of
 * another version or of other rules. Never throws.
 */
export async function openNoteChecks(commonDir: string, rules: string): Promise<NoteCheckStore> {
  const db = new Low<CacheData>(new StoreDocument<CacheData>(storePath(commonDir, 'noteChecks'), parseCache), { version: 1, rules, verdicts: {} });
  await db.read();
  if (db.data.rules !== rules) db.data = { version: 1, rules, verdicts: {} };
  return keyedCache(db, db.data.verdicts, MAX_NOTE_CHECKS, fitVerdict);
}
