/**
 * One file's pending lines while new edits are filed (`addPendingLines`), indexed so that
 * each filing step costs the lines it touches, not the lines already pending: a long
 * session that edits the same file thousands of times files its lines in linear time, and
 * a line filed then dropped by the cap costs two array slots, not an object. Lines are
 * indexed by text only once a question needs it (see `PendingFileLines.indexedTo`).
 */
import type { SessionId } from '../ids.js';
import type { PendingLine } from '../store/index.js';
import { ownString } from './own-strings.js';

/** What the lines one edit files share: everything of a `PendingLine` but its text. */
export type PendingEdit = Omit<PendingLine, 'text'>;

/** One text of one session in the index: the text (a string of its own) and the positions of its lines. */
interface Key {
  text: string;
  /** Positions (see `PendingFileLines`) of the lines with this text, ascending; those before `start` are stale. */
  at: number[];
}

/** Front slots dropped by the cap that are cut from the arrays at once (amortised: each slot is cut once). */
const TRIM_SLOTS = 4096;

/**
 * A pending-lines list (oldest first) with the operations filing needs: the edits it
 * holds, withdrawing the most recent line of a session with a given text, appending, and
 * dropping the oldest lines beyond a cap. Removed lines leave a hole until the index is
 * rebuilt; `lines()` gives the list back. Once indexed, each distinct text of a session is
 * held once, however many lines repeat it (a session that writes the same file again and
 * again files the same lines again and again). Pure (in memory).
 *
 * Positions are absolute (the n-th line ever added has position n); slot `i` of the arrays
 * holds position `base + i`, so the lines dropped at the front are cut without renumbering.
 */
export class PendingFileLines {
  /**
   * Each slot's text: its key once indexed, the text as filed until then (see `indexedTo`);
   * null where a line was removed.
   */
  private texts: (Key | string | null)[] = [];
  /** Each slot's edit facts (shared by the lines of one edit), or the line itself when it was already pending. */
  private owners: (PendingEdit | PendingLine)[] = [];
  /** Position of slot 0. */
  private base = 0;
  /** Positions before `start` are dropped by the cap. */
  private start = 0;
  /**
   * Positions before this one are in the text index. Lines are indexed only when a question
   * needs it (`has`, `withdraw`): a file that is written again and again but never edited
   * line by line files its lines without a look-up each, and the lines the cap drops before
   * any question came are never indexed.
   */
  private indexedTo = 0;
  /** Lines not removed. */
  private live = 0;
  /** Session → text → key. */
  private readonly byKey = new Map<string, Map<string, Key>>();
  /** Keys in `byKey` (some may have only stale positions left). */
  private keys = 0;
  /** Edit id → how many of its lines are live. */
  private readonly edits = new Map<string, number>();

  /** Take `lines` (not changed: `lines()` gives the result). */
  constructor(lines: PendingLine[]) {
    for (const line of lines) this.add(line.text, line);
  }

  /** Whether a line of edit `id` is pending. */
  hasEdit(id: string): boolean {
    return (this.edits.get(id) ?? 0) > 0;
  }

  /** Whether a line with `text` of `session` is pending. */
  has(session: string, text: string): boolean {
    this.catchUp();
    const at = this.byKey.get(session)?.get(text)?.at;
    return at !== undefined && at.length > 0 && at[at.length - 1]! >= this.start;
  }

  /**
   * Append a line with `text` filed by `edit`. The line keeps a copy of `text` (`ownString`):
   * an edit's lines are cut from the whole content or patch the log recorded, and a line
   * pending for the rest of a capture would keep that text alive with it.
   */
  push(text: string, edit: PendingEdit): void {
    this.add(ownString(text), edit);
  }

  /**
   * `push` each of `texts`, in order, all filed by `edit`. The lines are copied in one go:
   * they become slices of one string of their own (`ownLines`), which holds the edit's lines
   * and nothing else of the log.
   */
  pushAll(texts: readonly string[], edit: PendingEdit): void {
    if (texts.length === 0) return;
    for (const text of ownLines(texts)) {
      this.texts.push(text);
      this.owners.push(edit);
    }
    this.live += texts.length;
    this.edits.set(edit.edit, (this.edits.get(edit.edit) ?? 0) + texts.length);
  }

  /** Remove the most recent line with `text` of `session`, if any. */
  withdraw(session: string, text: string): void {
    this.catchUp();
    const texts = this.byKey.get(session);
    const key = texts?.get(text);
    if (!key || key.at.length === 0 || key.at[key.at.length - 1]! < this.start) return;
    this.remove(key.at.pop()!);
    if (key.at.length === 0) {
      texts!.delete(text);
      this.keys--;
    }
  }

  /** Drop the oldest lines until at most `max` are left. */
  cap(max: number): void {
    let edit: string | undefined; // The edit of the run of lines being dropped, counted once per run.
    let run = 0;
    while (this.live > max) {
      const i = this.start - this.base;
      if (this.texts[i] !== null) {
        const id = this.owners[i]!.edit;
        if (id !== edit) {
          this.forget(edit, run);
          [edit, run] = [id, 0];
        }
        this.texts[i] = null;
        this.live--;
        run++;
      }
      this.start++;
    }
    this.forget(edit, run);
    const dropped = this.start - this.base;
    if (dropped >= TRIM_SLOTS && 2 * dropped >= this.texts.length) {
      this.texts.splice(0, dropped);
      this.owners.splice(0, dropped);
      this.base = this.start;
    }
    // Mostly holes, or texts no line has any more: memory stays in step with the lines left.
    if (this.texts.length > 2 * this.live + 1024 || this.keys > 2 * this.live + 1024) this.reindex();
  }

  /** The lines left, oldest first (a new array; the lines filed here with texts of their own, see `push`). */
  lines(): PendingLine[] {
    const out: PendingLine[] = [];
    for (let i = this.start - this.base; i < this.texts.length; i++) {
      const slot = this.texts[i];
      if (slot === null || slot === undefined) continue;
      const owner = this.owners[i]!;
      out.push(lineOf(typeof slot === 'string' ? slot : slot.text, owner));
    }
    return out;
  }

  /** Append a line with `text` of `owner`, not indexed yet. */
  private add(text: string, owner: PendingEdit | PendingLine): void {
    this.texts.push(text);
    this.owners.push(owner);
    this.live++;
    this.edits.set(owner.edit, (this.edits.get(owner.edit) ?? 0) + 1);
  }

  /** Index the lines appended since the last time (those the cap dropped meanwhile are left out). */
  private catchUp(): void {
    const end = this.base + this.texts.length;
    for (let position = Math.max(this.indexedTo, this.start); position < end; position++) {
      const i = position - this.base;
      const slot = this.texts[i];
      if (typeof slot !== 'string') continue; // removed, or indexed already
      const owner = this.owners[i]!;
      this.texts[i] = this.keyFor(owner.session, slot, position);
    }
    this.indexedTo = end;
  }

  /** The key of `text` of `session` with `position` added. */
  private keyFor(session: string, text: string, position: number): Key {
    let texts = this.byKey.get(session);
    if (!texts) this.byKey.set(session, (texts = new Map()));
    let key = texts.get(text);
    if (!key) {
      key = { text, at: [] };
      texts.set(key.text, key);
      this.keys++;
    } else if (key.at.length >= 16 && key.at[0]! < this.start) {
      dropStale(key.at, this.start);
    }
    key.at.push(position);
    return key;
  }

  private remove(position: number): void {
    const i = position - this.base;
    this.texts[i] = null;
    this.live--;
    this.forget(this.owners[i]!.edit, 1);
  }

  /** Count `n` fewer live lines of edit `edit` (none when undefined). */
  private forget(edit: string | undefined, n: number): void {
    if (edit === undefined || n === 0) return;
    const left = (this.edits.get(edit) ?? 0) - n;
    if (left > 0) this.edits.set(edit, left);
    else this.edits.delete(edit);
  }

  /** Rebuild the arrays from the lines left, without holes, and drop the index (lines are indexed again when asked). */
  private reindex(): void {
    const texts: string[] = [];
    const owners: (PendingEdit | PendingLine)[] = [];
    for (let i = this.start - this.base; i < this.texts.length; i++) {
      const slot = this.texts[i];
      if (slot !== null && slot !== undefined) [texts[texts.length], owners[owners.length]] = [typeof slot === 'string' ? slot : slot.text, this.owners[i]!];
    }
    this.texts = [];
    this.owners = [];
    this.base = 0;
    this.start = 0;
    this.indexedTo = 0;
    this.live = 0;
    this.keys = 0;
    this.byKey.clear();
    this.edits.clear();
    texts.forEach((text, i) => this.add(text, owners[i]!));
  }
}

/**
 * `texts` as strings that hold nothing else: slices of one new string, their join (V8 copies
 * a slice shorter than 13 characters; a longer one points into the join). Pure.
 */
function ownLines(texts: readonly string[]): string[] {
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

/** Remove the positions before `start` from the front of `at` (ascending). */
function dropStale(at: number[], start: number): void {
  let n = 0;
  while (n < at.length && at[n]! < start) n++;
  at.splice(0, n);
}

/** The pending line of `text` and `owner`: the line itself when it was already pending, else a new one (keys in the store's order). */
function lineOf(text: string, owner: PendingEdit | PendingLine): PendingLine {
  if ('text' in owner) return owner;
  const { session, edit, at, prompt, state, reemitted } = owner;
  const line: PendingLine = { text, session: session as SessionId | '', edit, at };
  if (prompt !== undefined) line.prompt = prompt;
  if (state !== undefined) line.state = state;
  if (reemitted) line.reemitted = true;
  return line;
}
