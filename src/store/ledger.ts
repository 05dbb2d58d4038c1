/**
 * The LLM cost ledger: one entry per Messages API call this clone made (tokens and USD),
 * in `<git-common-dir>/drift/ledger.json` through lowdb. Local only; `git drift cost` shows
 * it, and `drift.llm.maxCostUsd` is checked against it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { storeDir } from './index.js';

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
  return join(storeDir(commonDir), 'ledger.json');
}

function db(commonDir: string): Low<LedgerData> {
  return new Low<LedgerData>(new JSONFile<LedgerData>(ledgerPath(commonDir)), { version: 1, entries: [] });
}

/** Every entry, oldest first. A missing or unreadable ledger has none. */
export async function readLedger(commonDir: string): Promise<LedgerEntry[]> {
  const ledger = db(commonDir);
  try {
    await ledger.read();
  } catch {
    return [];
  }
  return ledger.data?.version === 1 && Array.isArray(ledger.data.entries) ? ledger.data.entries : [];
}

/** Append one entry (read, add, write atomically). Throws when the ledger cannot be written. */
export async function appendLedger(commonDir: string, entry: LedgerEntry): Promise<void> {
  const ledger = db(commonDir);
  try {
    await ledger.read();
  } catch {
    ledger.data = { version: 1, entries: [] };
  }
  if (ledger.data?.version !== 1 || !Array.isArray(ledger.data.entries)) ledger.data = { version: 1, entries: [] };
  ledger.data.entries.push(entry);
  await mkdir(storeDir(commonDir), { recursive: true });
  await ledger.write();
}
