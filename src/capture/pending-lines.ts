/**
 * One file's pending lines while new edits are filed (`addPendingLines`), indexed so that
 * each filing step costs the lines it touches, not the lines already pending: a long
 * session that edits the same file thousands of times files its lines in linear time, and
 * a line filed then dropped by the cap costs its share of its edit's block. Lines are
 * indexed by text only once a question needs it (see `PendingFileLines.indexedTo`).
 */
import type { PendingLine } from '../store/index.js';
import { ownString } from './own-strings.js';
import { type Block, countNewlines, dropStale, type Key, lineOf, ownerAt, ownLines, type PendingEdit } from './pending-blocks.js';

export type { PendingEdit } from './pending-blocks.js';

/** Blocks dropped at the front by the cap that are cut from the list at once (amortised: each block is cut once). */
const TRIM_BLOCKS = 256;

/**
 * A pending-lines list (oldest first) with the operations filing needs: the edits it
 * holds, withdrawing the most recent line of a session with a given text, appending, and
 * dropping the oldest lines beyond a cap. Removed lines leave a hole until the list is
 * rebuilt; `lines()` gives the list back. Once indexed, each distinct text of a session is
 * held once, however many lines repeat it (a session that writes the same file again and
 * again files the same lines again and again). Pure (in memory).
 *
 * Lines are kept in blocks, one per edit (see `Block`): filing an edit appends one block,
 * and the cap drops whole blocks, so the cost of a line that is filed and later dropped
 * unasked is its share of its edit's block (a first capture of a long session files
 * hundreds of thousands of lines that the cap drops). Positions are absolute (the n-th
 * line ever added has position n); a block's lines are at `first`, `first + 1`, ….
 */
export class PendingFileLines {
  /** The blocks, oldest first; those before `head` are dropped by the cap. */
  private blocks: Block[] = [];
  /** Index in `blocks` of the first block not dropped. */
  private head = 0;
  /** Position of the next line added. */
  private end = 0;
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
    if (lines.length === 0) return;
    this.blocks.push({ first: 0, texts: lines.map((line) => line.text), joined: null, size: lines.length, owner: [...lines], live: lines.length });
    this.end = this.live = lines.length;
    for (const line of lines) this.count(line.edit, 1);
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
    const last = this.blocks.length > this.head ? this.blocks[this.blocks.length - 1]! : undefined;
    if (last?.owner === edit) {
      this.textsOf(last).push(ownString(text));
      last.size++;
      last.live++;
    } else {
      this.blocks.push({ first: this.end, texts: [ownString(text)], joined: null, size: 1, owner: edit, live: 1 });
    }
    this.end++;
    this.live++;
    this.count(edit.edit, 1);
  }

  /**
   * `push` each of `texts`, in order, all filed by `edit`. The lines are copied in one go:
   * they are kept as one string of their own, their join (cut into lines when needed, as
   * slices of it), which holds the edit's lines and nothing else of the log.
   */
  pushAll(texts: readonly string[], edit: PendingEdit): void {
    if (texts.length === 0) return;
    const joined = texts.length === 1 ? ownString(texts[0]!) : texts.join('\n'); // A join of two or more is a new flat string.
    const whole = countNewlines(joined) === texts.length - 1; // Else a text holds a `\n`: cut by lengths now.
    const block: Block = { first: this.end, texts: whole ? [] : ownLines(texts), joined: whole ? joined : null, size: texts.length, owner: edit, live: texts.length };
    this.blocks.push(block);
    this.end += texts.length;
    this.live += texts.length;
    this.count(edit.edit, texts.length);
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
    while (this.live > max) {
      const block = this.blocks[this.head]!;
      const next = block.first + block.size;
      if (block.live <= this.live - max && !Array.isArray(block.owner)) {
        // The whole block goes: its lines need not be visited.
        this.live -= block.live;
        this.count(block.owner.edit, -block.live);
        block.live = 0;
      } else {
        this.capInBlock(block, max);
      }
      if (block.live === 0) {
        this.start = next;
        this.head++;
        [block.texts, block.joined] = [[], null]; // Its lines are gone: their texts go now, the block itself with the next trim.
      }
    }
    if (this.head >= TRIM_BLOCKS && 2 * this.head >= this.blocks.length) {
      this.blocks.splice(0, this.head);
      this.head = 0;
    }
    // Mostly holes, or texts no line has any more: memory stays in step with the lines left.
    if (this.end - this.start > 2 * this.live + 1024 || this.keys > 2 * this.live + 1024) this.reindex();
  }

  /** The lines left, oldest first (a new array; the lines filed here with texts of their own, see `push`). */
  lines(): PendingLine[] {
    const out: PendingLine[] = [];
    for (let b = this.head; b < this.blocks.length; b++) {
      const block = this.blocks[b]!;
      const texts = this.textsOf(block);
      for (let i = Math.max(0, this.start - block.first); i < block.size; i++) {
        const slot = texts[i];
        if (slot === null || slot === undefined) continue;
        out.push(lineOf(typeof slot === 'string' ? slot : slot.text, ownerAt(block, i)));
      }
    }
    return out;
  }

  /** Drop the oldest live lines of `block` (the first block left) one by one, while more than `max` lines are live. */
  private capInBlock(block: Block, max: number): void {
    if (block.joined !== null && !Array.isArray(block.owner)) {
      // Lines not cut yet have no holes: the first `n` live ones go, by position.
      const n = Math.min(block.live, this.live - max);
      this.start = Math.max(this.start, block.first) + n;
      [block.live, this.live] = [block.live - n, this.live - n];
      this.count(block.owner.edit, -n);
      return;
    }
    let edit: string | undefined; // The edit of the run of lines being dropped, counted once per run.
    let run = 0;
    const texts = this.textsOf(block);
    for (let i = Math.max(0, this.start - block.first); i < block.size && this.live > max; i++) {
      if (texts[i] !== null) {
        const id = ownerAt(block, i).edit;
        if (id !== edit) {
          this.count(edit, -run);
          [edit, run] = [id, 0];
        }
        texts[i] = null;
        block.live--;
        this.live--;
        run++;
      }
      this.start = block.first + i + 1;
    }
    this.count(edit, -run);
  }

  /** Index the lines appended since the last time (those the cap dropped meanwhile are left out). */
  private catchUp(): void {
    const from = Math.max(this.indexedTo, this.start);
    for (let b = from < this.end ? this.blockAt(from) : this.blocks.length; b < this.blocks.length; b++) {
      const block = this.blocks[b]!;
      const texts = this.textsOf(block);
      for (let i = Math.max(0, from - block.first); i < block.size; i++) {
        const slot = texts[i];
        if (typeof slot !== 'string') continue; // removed, or indexed already
        texts[i] = this.keyFor(ownerAt(block, i).session, slot, block.first + i);
      }
    }
    this.indexedTo = this.end;
  }

  /** The texts of `block`, cut from its `joined` lines the first time they are needed. */
  private textsOf(block: Block): (Key | string | null)[] {
    if (block.joined !== null) [block.texts, block.joined] = [block.joined.split('\n'), null];
    return block.texts;
  }

  /** Index in `blocks` of the block that holds `position` (not dropped by the cap). */
  private blockAt(position: number): number {
    let lo = this.head;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.blocks[mid]!.first <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
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
    const block = this.blocks[this.blockAt(position)]!;
    const i = position - block.first;
    this.textsOf(block)[i] = null;
    block.live--;
    this.live--;
    this.count(ownerAt(block, i).edit, -1);
  }

  /** Count `n` more (or fewer, when negative) live lines of edit `edit` (none when undefined). */
  private count(edit: string | undefined, n: number): void {
    if (edit === undefined || n === 0) return;
    const left = (this.edits.get(edit) ?? 0) + n;
    if (left > 0) this.edits.set(edit, left);
    else this.edits.delete(edit);
  }

  /** Rebuild the blocks from the lines left, without holes, and drop the index (lines are indexed again when asked). */
  private reindex(): void {
    const blocks: Block[] = [];
    let position = 0;
    for (let b = this.head; b < this.blocks.length; b++) {
      const block = this.blocks[b]!;
      const slots = this.textsOf(block);
      const texts: string[] = [];
      const owners: PendingLine[] = [];
      for (let i = Math.max(0, this.start - block.first); i < block.size; i++) {
        const slot = slots[i];
        if (slot === null || slot === undefined) continue;
        texts.push(typeof slot === 'string' ? slot : slot.text);
        if (Array.isArray(block.owner)) owners.push(block.owner[i]!);
      }
      if (texts.length === 0) continue;
      blocks.push({ first: position, texts, joined: null, size: texts.length, owner: Array.isArray(block.owner) ? owners : block.owner, live: texts.length });
      position += texts.length;
    }
    this.blocks = blocks;
    this.head = 0;
    this.end = position;
    this.start = 0;
    this.indexedTo = 0;
    this.keys = 0;
    this.byKey.clear();
  }
}
