/**
 * Every path under `<git-common-dir>/drift/`, named in one place. Everything written there
 * goes through `src/store/` (`files.ts`: `writeFileAtomic`, `lockStore`; `document.ts`:
 * `StoreDocument`), also from the two modules outside it named below, so this list is the
 * whole local store:
 *
 * | name | what | written as |
 * |---|---|---|
 * | `store.json` | cursors, sessions, captures (`index.ts`) | lowdb document, atomic |
 * | `store.lock` | the lock of a capture's read-modify-write (`files.ts`) | proper-lockfile directory |
 * | `events/<hash>.jsonl` | each session's events (`events.ts`) | appended JSON lines |
 * | `pending/<hash>.json` | agent lines no commit took yet, per path (`pending.ts`) | one atomic file per path |
 * | `partial/<sha>` | captures a hook could not finish (`partial.ts`) | one atomic file per commit |
 * | `ledger.json` | billed LLM calls (`ledger.ts`) | lowdb document, atomic, under the lock |
 * | `note-heads.jsonl` | parsed note heads by blob (`src/notes/head-cache.ts`; earlier versions kept the lowdb document `note-heads.json`, removed when this file is first written) | appended JSON lines, rewritten atomically past its caps |
 * | `log-entries.jsonl` | `git drift log --json`'s rendered note-dependent entry text by note blob (`src/log/entry-cache.ts`, through `line-cache.ts`) | appended JSON lines, rewritten atomically past its caps |
 * | `note-checks.json` | `git drift check`'s verdicts by note blob (`note-checks.ts`) | lowdb document, atomic |
 * | `llm-cache/<hash>.json` | LLM answers by content hash (`llm-cache.ts`) | one atomic file per answer |
 * | `merged-remote-notes` | remote notes refs last merged (`src/notes/remotes.ts`, through `writeFileAtomic`) | atomic |
 * | `log-dirs.json` | agent log folders already looked at and other projects' files (`log-dirs.ts`) | one atomic file, under the lock |
 * | `records/<hash>.json` | each session's folded, redacted record summary, its finished items left out (`record-cache.ts`) | one atomic file per session |
 * | `records/<hash>.{prompts,decisions,rejected}.md`, `records/<hash>.asked.jsonl` | the record's finished items, rendered, and the prompts' texts (`record-journal.ts`) | appended, cut back to what the `.json` vouches for |
 * | `drift.log` | one line per hook run and details (`index.ts` `appendLog`) | appended lines |
 */
import { join } from 'node:path';

/** The entries of the store directory, by role (see the table above). */
export const STORE_ENTRIES = {
  store: 'store.json',
  lock: 'store.lock',
  events: 'events',
  pending: 'pending',
  partial: 'partial',
  ledger: 'ledger.json',
  noteHeads: 'note-heads.jsonl',
  /** The note-head cache of versions before 3 (one lowdb document), removed by its successor. */
  noteHeadsV2: 'note-heads.json',
  logEntries: 'log-entries.jsonl',
  noteChecks: 'note-checks.json',
  llmCache: 'llm-cache',
  mergedRemoteNotes: 'merged-remote-notes',
  logDirs: 'log-dirs.json',
  records: 'records',
  log: 'drift.log',
} as const;

/** One of the store's entries. */
export type StoreEntry = keyof typeof STORE_ENTRIES;

/** Absolute path of the store directory for a repository's common git dir. */
export function storeDir(commonDir: string): string {
  return join(commonDir, 'drift');
}

/** Absolute path of the store entry `entry` for a repository's common git dir. */
export function storePath(commonDir: string, entry: StoreEntry): string {
  return join(storeDir(commonDir), STORE_ENTRIES[entry]);
}
