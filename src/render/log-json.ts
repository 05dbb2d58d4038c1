/**
 * Pure rendering of `git drift log --json` from parts: each entry's note-dependent part
 * (`note`, `reason`, `sessions`, `lines`, `partial`) is rendered once per note blob and
 * kept (src/log/entry-cache.ts), and the output is put together from those texts and each
 * commit's sha and subject, byte for byte what `JSON.stringify(entries, null, 2)` prints.
 * That holds because `JSON.stringify` indents by depth alone and escapes every newline
 * inside strings: a member rendered at depth 0 is the same text at depth 2 with two spaces
 * after each of its newlines.
 */
import type { LogEntry } from './log.js';

/**
 * The members of `entry` but its commit and subject, as they appear inside the `log --json`
 * array (depth 2: each line indented by four spaces), from `"note"` to the entry's closing
 * `  }`: every other member, in the entry's order (commit and subject come first in an
 * entry), so a member added to `LogEntry` is rendered here too. Pure.
 */
export function renderLogEntryTail(entry: LogEntry): string {
  const { commit: _commit, subject: _subject, ...tail } = entry;
  return `  ${JSON.stringify(tail, null, 2).slice(2).replaceAll('\n', '\n  ')}`;
}

/**
 * `log --json`'s output without its final newline: `rows` (each a commit's sha, subject and
 * `renderLogEntryTail` text) in order, exactly as `JSON.stringify` prints the entries with
 * an indent of 2. Pure.
 */
export function renderLogJson(rows: { commit: string; subject: string; tail: string }[]): string {
  if (rows.length === 0) return '[]';
  const entries = rows.map((r) => `{\n    "commit": ${JSON.stringify(r.commit)},\n    "subject": ${JSON.stringify(r.subject)},\n${r.tail}`);
  return `[\n  ${entries.join(',\n  ')}\n]`;
}
