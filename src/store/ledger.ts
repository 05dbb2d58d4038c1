/**
 * The LLM cost ledger: one entry per Messages API call this clone made (tokens and USD),
 * in `<git-common-dir>/drift/ledger.json` (a lowdb document, see `document.ts`). Local only; `git drift cost` shows
 * it, and `drift.llm.maxCostUsd` is checked against it.
 */
import { Low } from 'lowdb';
import { LOCK_WAIT_MS } from './index.js';
import { lockStore } from './files.js';
import { parseJson, StoreDocument } from './document.js';
import { storeDir, storePath } from './paths.js';

/** One LLM call. Token counts as the API reported them; cost in USD from src/llm/pricing. */
export interface LedgerEntry {
  /** ISO 8601 UTC time of the call. */
  at: string;
  /** What the call was for, e.g. `handoff`. */
  purpose: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
  /** `ok`, or the failure kind of a call that was still billed (e.g. `malformed`). */
  outcome: string;
}

/** The ledger file (version 1). */
interface LedgerData {
  version: 1;
  entries: LedgerEntry[];
}

/** Absolute path of the ledger of a repository's common git dir. */
export function ledgerPath(commonDir: string): string {
  return storePath(commonDir, 'ledger');
}

/** The ledger document from its text, or null when it does not fit (then it reads as empty). */
function parseLedger(text: string): LedgerData | null {
  const data = parseJson(text) as Partial<LedgerData> | undefined;
  return data?.version === 1 && Array.isArray(data.entries) ? (data as LedgerData) : null;
}

function db(commonDir: string): Low<LedgerData> {
  return new Low<LedgerData>(new StoreDocument<LedgerData>(ledgerPath(commonDir), parseLedger), { version: 1, entries: [] });
}

/** Every entry, oldest first. A missing or unreadable ledger has none. */
export async function readLedger(commonDir: string): Promise<LedgerEntry[]> {
  const ledger = db(commonDir);
  await ledger.read();
  return ledger.data.entries;
}

/** Appends of this process, in order (the store lock is shared within a process). */
let appending: Promise<unknown> = Promise.resolve();

/**
 * Append one entry: read, add, write atomically, under the store's lock (so concurrent LLM
 * calls of this and other processes, a handoff and a background record compaction, all
 * keep their entries: the cost cap is checked against the whole ledger). Throws when the
 * ledger cannot be written, or `StoreBusyError` when another process held the lock too long.
 */
export async function appendLedger(commonDir: string, entry: LedgerEntry): Promise<void> {
  const run = appending.then(async () => {
    const lock = await lockStore(storeDir(commonDir), LOCK_WAIT_MS);
    try {
      const ledger = db(commonDir);
      await ledger.read();
      ledger.data.entries.push(entry);
      await ledger.write();
    } finally {
      await lock.release();
    }
  });
  appending = run.catch(() => undefined);
  await run;
}
