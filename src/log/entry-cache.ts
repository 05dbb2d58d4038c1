/**
 * The local cache of `git drift log --json`'s note-dependent text per note blob
 * (`<git-common-dir>/drift/log-entries.jsonl`, a line cache: `src/store/line-cache.ts`):
 * a note blob never changes, so the part of its commits' entries that the note decides
 * (`renderLogEntryTail`) is rendered once, and a later `log --json` over those commits
 * neither parses their heads nor counts their ranges nor renders them again. The values
 * are JSON strings holding that text. The first line names the format and the version of
 * git drift that rendered the texts: another version starts the file afresh. Deleting the
 * file only costs one slower run.
 */
import { openLineCache } from '../store/line-cache.js';
import { storePath } from '../store/paths.js';

/** Bumped whenever `log --json`'s entries change in a way the tool's version does not show. */
const ENTRY_FORMAT = 1;

/** Most texts kept; past it the file is rewritten with the newest three quarters. */
export const MAX_LOG_ENTRIES = 50_000;

/** Largest cache file kept, in bytes; past it, as above. */
export const MAX_LOG_ENTRIES_BYTES = 64 * 1024 * 1024;

/** An opened cache of entry texts by note blob sha; `write()` persists what was added. */
export interface LogEntryCache {
  get(blob: string): string | undefined;
  set(blob: string, tail: string): void;
  /** Never throws: a read-only repository just keeps no cache. */
  write(): Promise<void>;
}

/**
 * Open the cache of the repository whose git common dir is `commonDir`, for the texts
 * git drift `version` renders (empty when missing, unreadable, or of another format or
 * version). A damaged line's text is rendered again. Never throws.
 */
export async function openLogEntries(commonDir: string, version: string): Promise<LogEntryCache> {
  const lines = await openLineCache({
    path: storePath(commonDir, 'logEntries'),
    header: `drift-log-entries ${ENTRY_FORMAT} ${JSON.stringify(version)}`,
    maxLines: MAX_LOG_ENTRIES,
    maxBytes: MAX_LOG_ENTRIES_BYTES,
  });
  return {
    get(blob) {
      const json = lines.get(blob);
      if (json === undefined) return undefined;
      try {
        const text = JSON.parse(json) as unknown;
        return typeof text === 'string' && text.startsWith('    "note": ') && text.endsWith('\n  }') ? text : undefined; // what renderLogEntryTail gives
      } catch {
        return undefined;
      }
    },
    set: (blob, tail) => lines.set(blob, JSON.stringify(tail)),
    write: () => lines.write(),
  };
}
