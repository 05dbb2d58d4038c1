/**
 * The LLM result cache: one JSON file per content hash under
 * `<git-common-dir>/drift/llm-cache/`, so asking the same question twice costs nothing.
 * Local only; deleting it only costs new calls.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { storePath } from './paths.js';
import { writeFileAtomic } from './files.js';

function cacheFile(commonDir: string, key: string): string {
  return join(storePath(commonDir, 'llmCache'), `${key.replace(/[^A-Za-z0-9]/g, '').slice(0, 64)}.json`);
}

/** The cached value for `key` (a hex content hash), or null when there is none or it is unreadable. */
export async function readCached(commonDir: string, key: string): Promise<unknown | null> {
  try {
    return JSON.parse(await readFile(cacheFile(commonDir, key), 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** Store `value` (JSON-serialisable) under `key`, atomically. Throws when it cannot be written. */
export async function writeCached(commonDir: string, key: string, value: unknown): Promise<void> {
  await writeFileAtomic(cacheFile(commonDir, key), `${JSON.stringify(value)}\n`);
}
