/**
 * One file's pending lines while new edits are filed (`addPendingLines`), indexed so that
 * each filing step costs the lines it touches, not the lines already pending: a long
 * session that edits the same file thousands of times files its lines in linear time, and
 * a line filed then dropped by the cap costs two array slots, not an object.
 */
import type { SessionId } from '../ids.js';
import type { PendingLine } from '../store/index.js';
import { ownString } from './own-strings.js';

/** What the lines one edit files share: everything of a `PendingLine` but its text. */
export type PendingEdit = Omit<PendingLine, 'text'>;

/**
 * A pending-lines list (oldest first) with the operations filing needs: the edits it
 * holds, withdrawing the most recent line of a session with a given text, appending, and
 * dropping the oldest lines beyond a cap. Removed lines leave a hole until the index is
 * rebuilt; `lines()` gives the list back. Pure (in memory).
 */
export class PendingFileLines {
  /** Each line's text, in order; null where a line was removed. */
  private readonly texts: (string | null)[] = [];
  /** Each line's edit facts (shared by the lines of one edit), or the line itself when it was already pending. */
  private readonly owners: (PendingEdit | PendingLine)[] = [];
  /** Slots before `start` are dropped by the cap. */
  private start = 0;
  /** Lines not removed. */
  private live = 0;
  /** Session → text → positions, ascending; the entries before `start` are stale. */
  private readonly byKey = new Map<string, Map<string, number[]>>();
  /** Edit id → how many of its lines are live. */
  private readonly edits = new Map<string, number>();

  /** Index `lines` (not changed: `lines()` gives the result). */
  constructor(lines: PendingLine[]) {
    for (const line of lines) this.add(line.text, line);
  }

  /** Whether a line of edit `id` is pending. */
  hasEdit(id: string): boolean {
    return (this.edits.get(id) ?? 0) > 0;
  }

  /** Whether a line with `text` of `session` is pending. */
  has(session: string, text: string): boolean {
    const at = this.byKey.get(session)?.get(text);
    return at !== undefined && at.length > 0 && at[at.length - 1]! >= this.start;
  }

  /** Append a line with `text` filed by `edit`. */
  push(text: string, edit: PendingEdit): void {
    this.add(text, edit);
  }

  /** Remove the most recent line with `text` of `session`, if any. */
  withdraw(session: string, text: string): void {
    const texts = this.byKey.get(session);
    const at = texts?.get(text);
    if (!at || at.length === 0 || at[at.length - 1]! < this.start) return;
    this.remove(at.pop()!);
    if (at.length === 0) texts!.delete(text);
  }

  /** Drop the oldest lines until at most `max` are left. */
  cap(max: number): void {
    while (this.live > max) {
      if (this.texts[this.start] !== null) this.remove(this.start);
      this.start++;
    }
    if (this.texts.length > 2 * this.live + 1024) this.reindex(); // Mostly holes: memory stays in step with the lines left.
  }

  /** The lines left, oldest first (a new array; the lines filed here with texts of their own, see `ownString`). */
  lines(): PendingLine[] {
    const out: PendingLine[] = [];
    for (let i = this.start; i < this.texts.length; i++) {
      const text = this.texts[i];
      if (text !== null && text !== undefined) out.push(lineOf(text, this.owners[i]!));
    }
    return out;
  }

  private add(text: string, owner: PendingEdit | PendingLine): void {
    let texts = this.byKey.get(owner.session);
    if (!texts) this.byKey.set(owner.session, (texts = new Map()));
    let at = texts.get(text);
    if (!at) texts.set(text, (at = []));
    at.push(this.texts.length);
    this.texts.push(text);
    this.owners.push(owner);
    this.live++;
    this.edits.set(owner.edit, (this.edits.get(owner.edit) ?? 0) + 1);
  }

  private remove(i: number): void {
    const owner = this.owners[i]!;
    this.texts[i] = null;
    this.live--;
    const n = (this.edits.get(owner.edit) ?? 0) - 1;
    if (n > 0) this.edits.set(owner.edit, n);
    else this.edits.delete(owner.edit);
  }

  /** Rebuild the index from the lines left, without holes. */
  private reindex(): void {
    const texts: string[] = [];
    const owners: (PendingEdit | PendingLine)[] = [];
    for (let i = this.start; i < this.texts.length; i++) {
      const text = this.texts[i];
      if (text !== null && text !== undefined) [texts[texts.length], owners[owners.length]] = [text, this.owners[i]!];
    }
    this.texts.length = 0;
    this.owners.length = 0;
    this.start = 0;
    this.live = 0;
    this.byKey.clear();
    this.edits.clear();
    texts.forEach((text, i) => this.add(text, owners[i]!));
  }
}

/** The pending line of `text` and `owner`: the line itself when it was already pending, else a new one (keys in the store's order). */
function lineOf(text: string, owner: PendingEdit | PendingLine): PendingLine {
  if ('text' in owner) return owner;
  const { session, edit, at, prompt, state, reemitted } = owner;
  const line: PendingLine = { text: ownString(text), session: session as SessionId | '', edit, at };
  if (prompt !== undefined) line.prompt = prompt;
  if (state !== undefined) line.state = state;
  if (reemitted) line.reemitted = true;
  return line;
}
