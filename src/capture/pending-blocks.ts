/**
 * The blocks `PendingFileLines` (`./pending-lines.ts`) keeps one file's pending lines in,
 * one per edit, and the pure helpers on them and their texts.
 */
import type { SessionId } from '../ids.js';
import type { PendingLine } from '../store/index.js';
import { ownString } from './own-strings.js';

/** What the lines one edit files share: everything of a `PendingLine` but its text. */
export type PendingEdit = Omit<PendingLine, 'text'>;

/** One text of one session in the index: the text (a string of its own) and the positions of its lines. */
export interface Key {
  text: string;
  /** Positions (see `PendingFileLines`) of the lines with this text, ascending; those before `start` are stale. */
  at: number[];
}

/**
 * Lines appended together, at consecutive positions: the lines of one edit (`pushAll`, or
 * `push` of the same edit in a row), or the lines already pending (`constructor`).
 */
export interface Block {
  /** Position of the block's first line. */
  first: number;
  /**
   * Each line's text: its key once indexed, the text as filed until then (see `PendingFileLines.indexedTo`);
   * null where a line was removed. Empty while `joined` holds the lines (`PendingFileLines.textsOf` cuts them).
   */
  texts: (Key | string | null)[];
  /**
   * The lines of an edit filed whole, joined by `\n` (no line holds one), until a question
   * or `lines()` needs them one by one: a block the cap drops unasked never had a string per line.
   */
  joined: string | null;
  /** Lines in the block (holes included): its positions are `first` to `first + size - 1`. */
  size: number;
  /** The edit facts every line of the block shares, or each line itself (lines already pending). */
  owner: PendingEdit | PendingLine[];
  /** Lines of the block not removed (by `withdraw` or the cap). */
  live: number;
}

/** The owner of line `i` of `block`: the block's edit, or the line itself. */
export function ownerAt(block: Block, i: number): PendingEdit | PendingLine {
  return Array.isArray(block.owner) ? block.owner[i]! : block.owner;
}

/**
 * `texts` as strings that hold nothing else: slices of one new string, their join (V8 copies
 * a slice shorter than 13 characters; a longer one points into the join). Pure.
 */
export function ownLines(texts: readonly string[]): string[] {
  if (texts.length === 1) return [ownString(texts[0]!)];
  const joined = texts.join('\n'); // A new flat string (a join of one element would be that element).
  const out = new Array<string>(texts.length);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    const length = texts[i]!.length;
    out[i] = joined.slice(at, at + length);
    at += length + 1;
  }
  return out;
}

/** How many `\n` `text` holds. Pure. */
export function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** Remove the positions before `start` from the front of `at` (ascending). */
export function dropStale(at: number[], start: number): void {
  let n = 0;
  while (n < at.length && at[n]! < start) n++;
  at.splice(0, n);
}

/** The pending line of `text` and `owner`: the line itself when it was already pending, else a new one (keys in the store's order). */
export function lineOf(text: string, owner: PendingEdit | PendingLine): PendingLine {
  if ('text' in owner) return owner;
  const { session, edit, at, prompt, state, reemitted } = owner;
  const line: PendingLine = { text, session: session as SessionId | '', edit, at };
  if (prompt !== undefined) line.prompt = prompt;
  if (state !== undefined) line.state = state;
  if (reemitted) line.reemitted = true;
  return line;
}
