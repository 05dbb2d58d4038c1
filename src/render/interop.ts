/**
 * Terminal text for `git drift import` and `git drift export` (pure). Text from foreign
 * input (reasons quoting a note or a record) has its control characters escaped.
 */
import type { ImportResult, Skipped } from '../interop/apply.js';

/** `\x1b` and other control characters (tab and newline included) as `\xNN`, so foreign text cannot drive the terminal. */
export function escapeControls(text: string): string {
  return text.replace(/[\0-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function skippedLines(skipped: Skipped[]): string[] {
  return skipped.map((s) => `  skipped ${s.commit ? escapeControls(s.commit.slice(0, 12)) : '(no commit)'}: ${escapeControls(s.reason)}`);
}

/** The summary of an import: counts, then one line per skipped commit or record. */
export function renderImport(result: ImportResult, from: string): string {
  const head = `Imported from ${escapeControls(from)}: ${plural(result.imported, 'new note')}, ${plural(result.merged, 'note')} merged, ${result.unchanged} unchanged, ${result.skipped.length} skipped.`;
  return [head, ...skippedLines(result.skipped)].join('\n') + '\n';
}

/** The summary of an export to git-ai notes. */
export function renderGitAiExport(result: { ref: string; exported: number; unchanged: number; skipped: Skipped[] }): string {
  const head = `Exported to ${escapeControls(result.ref)}: ${plural(result.exported, 'note')} written, ${result.unchanged} unchanged, ${result.skipped.length} skipped.`;
  return [head, ...skippedLines(result.skipped)].join('\n') + '\n';
}
