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
  // Split at `\n`, then drop the `\r` of each `\r\n`: what splitting at /\r?\n/ gives, several times faster.
  const lines = text.split('\n');
  if (text.includes('\r')) {
    for (let i = 0; i < lines.length - 1; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
  }
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Most re-emitted (kept) lines recorded for one edit (`EditEvent.kept`). */
export const MAX_KEPT_LINES = 200;

/**
 * A line-level difference between two texts, as multisets: `added` are the lines of
 * `after` not matched by a line of `before`, `removed` the lines of `before` not matched
 * by a line of `after` (each line matches at most once), `kept` the lines of `after` that
 * are matched (at most `MAX_KEPT_LINES`). Order follows the input.
 */
export function lineDiff(before: string, after: string): { added: string[]; removed: string[]; kept: string[] } {
  const b = splitLines(before);
  const a = splitLines(after);
  return { added: unmatched(a, b), removed: unmatched(b, a), kept: commonLines(b, a) };
}

/** The lines of `after` also in `before` (as multisets, in `after`'s order), at most `MAX_KEPT_LINES`: what a change re-emitted. */
export function commonLines(before: string[], after: string[]): string[] {
  return matched(after, before).slice(0, MAX_KEPT_LINES);
}

/** The lines of `lines` matched by one line of `others` each (the complement of `unmatched`). */
function matched(lines: string[], others: string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of others) counts.set(line, (counts.get(line) ?? 0) + 1);
  return lines.filter((line) => {
    const n = counts.get(line) ?? 0;
    if (n > 0) counts.set(line, n - 1);
    return n > 0;
  });
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
 * Gemini CLI's `fileDiff`, aider's udiff blocks), markers stripped, and its context (` `)
 * lines as `kept` (at most `MAX_KEPT_LINES`). File headers (`--- `, `+++ `), hunk headers
 * and `\ No newline…` are ignored.
 */
export function unifiedDiffLines(diff: string): { added: string[]; removed: string[]; kept: string[] } {
  const added: string[] = [];
  const removed: string[] = [];
  const kept: string[] = [];
  for (const line of splitLines(diff)) {
    if (line.startsWith('+++ ') || line.startsWith('--- ')) continue;
    if (line.startsWith('+')) added.push(line.slice(1));
    else if (line.startsWith('-')) removed.push(line.slice(1));
    else if (line.startsWith(' ') && kept.length < MAX_KEPT_LINES) kept.push(line.slice(1));
  }
  return { added, removed, kept };
}

/**
 * The `kept` field of an edit event (`EditEvent.kept`): `{ kept }` for an applied edit that
 * re-emitted lines, else `{}` (a rejected edit changed nothing, and an empty list is left out).
 */
export function keptField(kept: string[] | undefined, applied: boolean): { kept?: string[] } {
  return applied && kept && kept.length > 0 ? { kept: kept.slice(0, MAX_KEPT_LINES) } : {};
}

/** The lines an `apply_patch` file op re-emitted unchanged: in both the old and the new side of its hunks (`commonLines`). */
export function patchKept(hunks: { oldLines: string[]; newLines: string[] }[]): string[] {
  return commonLines(
    hunks.flatMap((h) => h.oldLines),
    hunks.flatMap((h) => h.newLines),
  );
}
