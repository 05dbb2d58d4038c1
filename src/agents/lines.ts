/**
 * Pure line helpers shared by the readers: splitting a text into lines and the multiset
 * line difference used when a log records the old and new text of a change but no hunks.
 */

/**
 * Split text into lines: `\n` or `\r\n` separated, a final empty element (from a trailing
 * newline) dropped; the empty string has no lines.
 */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * A line-level difference between two texts, as multisets: `added` are the lines of
 * `after` not matched by a line of `before`, `removed` the lines of `before` not matched
 * by a line of `after` (each line matches at most once). Order follows the input.
 */
export function lineDiff(before: string, after: string): { added: string[]; removed: string[] } {
  return { added: unmatched(splitLines(after), splitLines(before)), removed: unmatched(splitLines(before), splitLines(after)) };
}

/** The lines of `lines` left over after matching each against one line of `others`. */
function unmatched(lines: string[], others: string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of others) counts.set(line, (counts.get(line) ?? 0) + 1);
  return lines.filter((line) => {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    return left === 0;
  });
}

/**
 * The added (`+`) and removed (`-`) lines of unified-diff text (hunk bodies of `git diff`,
 * Gemini CLI's `fileDiff`, aider's udiff blocks), markers stripped. File headers
 * (`--- `, `+++ `), hunk headers, `\ No newline…` and context lines are ignored.
 */
export function unifiedDiffLines(diff: string): { added: string[]; removed: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  for (const line of splitLines(diff)) {
    if (line.startsWith('+++ ') || line.startsWith('--- ')) continue;
    if (line.startsWith('+')) added.push(line.slice(1));
    else if (line.startsWith('-')) removed.push(line.slice(1));
  }
  return { added, removed };
}
