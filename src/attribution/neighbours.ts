/**
 * Where a line with no information of its own (`}`, `);`, a blank) looks for its owner
 * (DESIGN.md §5 step 3): the line that opened the block it closes, else its nearest
 * informative neighbours in the same hunk. Pure.
 */
import type { AddedLine } from '../git/diff.js';
import { isTrivialLine } from './lines.js';
import { parseTokens } from './tokens.js';

/** An added line with its hunk index, as attribution sees it. */
type HunkLine = AddedLine & { hunk: number };

/** Most lines looked back for the line that opened a block. */
export const MAX_BLOCK_LINES = 400;

const OPENERS = '([{';
const CLOSERS = ')]}';

/** The brackets of a line outside string literals, in order (`foo({ a: "(" })` → `({})`). */
export function parseBrackets(text: string): string {
  const tokens = parseTokens(text);
  if (!tokens) return '';
  let out = '';
  for (const t of tokens) if (t.kind === 'punct' && (OPENERS.includes(t.text) || CLOSERS.includes(t.text))) out += t.text;
  return out;
}

/** How many brackets `brackets` closes that it did not open itself (`});` → 2, `) {` → 1, `{` → 0). */
function unmatchedClosers(brackets: string): number {
  let open = 0;
  let unmatched = 0;
  for (const ch of brackets) {
    if (OPENERS.includes(ch)) open += 1;
    else if (open > 0) open -= 1;
    else unmatched += 1;
  }
  return unmatched;
}

/**
 * The index in `lines` of the line that opened the outermost block line `index` closes
 * (for `});` the line with the `{` of the `}`… and of the `)`), looking back at most
 * `MAX_BLOCK_LINES` lines without leaving the line's hunk; -1 when the line closes
 * nothing or its opener is not among the added lines of the hunk. `brackets(i)` gives the
 * brackets of line `i` (see `parseBrackets`; callers cache it).
 */
export function openerIndex(lines: HunkLine[], index: number, brackets: (i: number) => string): number {
  let need = unmatchedClosers(brackets(index));
  if (need === 0) return -1;
  const hunk = lines[index]!.hunk;
  let depth = 0;
  for (let i = index - 1; i >= 0 && index - i <= MAX_BLOCK_LINES && lines[i]!.hunk === hunk; i--) {
    const b = brackets(i);
    for (let j = b.length - 1; j >= 0; j--) {
      if (CLOSERS.includes(b[j]!)) depth += 1;
      else if (depth > 0) depth -= 1;
      else if (--need === 0) return i;
    }
  }
  return -1;
}

/**
 * The indexes in `lines` of the nearest informative line before and after line `index`
 * inside the same hunk and `MAX_BLOCK_LINES` (-1 when there is none), and which of the two is nearest (the
 * earlier one on a tie; null when neither exists).
 */
export function informativeNeighbours(lines: HunkLine[], index: number): { before: number; after: number; nearest: number | null } {
  const { hunk } = lines[index]!;
  let before = -1;
  let after = -1;
  for (let i = index - 1; i >= 0 && index - i <= MAX_BLOCK_LINES && lines[i]!.hunk === hunk; i--) {
    if (!isTrivialLine(lines[i]!.text)) {
      before = i;
      break;
    }
  }
  for (let i = index + 1; i < lines.length && i - index <= MAX_BLOCK_LINES && lines[i]!.hunk === hunk; i++) {
    if (!isTrivialLine(lines[i]!.text)) {
      after = i;
      break;
    }
  }
  if (before < 0 && after < 0) return { before, after, nearest: null };
  if (after < 0 || (before >= 0 && index - before <= after - index)) return { before, after, nearest: before };
  return { before, after, nearest: after };
}

/** True when the line starts by closing a bracket (`}`, `);`, `])`): it ends a block. */
export function isCloser(text: string): boolean {
  return CLOSERS.includes(text.trimStart()[0] ?? '');
}
