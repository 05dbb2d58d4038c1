/**
 * The journals of the record cache (`record-cache.ts`): per session, append-only files
 * beside its head `records/<hash>.json` holding what never changes once written:
 * `<hash>.prompts.md`, `<hash>.decisions.md`, `<hash>.rejected.md` (the rendered markdown
 * of a record section's finished items, `src/record/parts.ts`) and `<hash>.asked.jsonl`
 * (each prompt's text as logged, `{"id","raw"}` per line, for the note's `asked`).
 *
 * Torn-write safety: the head, written atomically after the journals, vouches for each
 * journal's length; bytes past it (a run stopped between the two writes) are cut off before
 * the next append and never read. A journal shorter than its head says, or that is not a
 * regular file, makes the cache unusable (rebuilt from the events).
 */
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The record sections whose finished items are kept rendered, in record order (`src/record/parts.ts`). */
export const JOURNALS = ['prompts', 'decisions', 'rejected'] as const;

/** A journal of a record section: the rendered markdown of its finished items, in order. */
export type JournalName = (typeof JOURNALS)[number];

/** A count (or a size in bytes) per record section journal. */
export type PerJournal = Record<JournalName, number>;

/** A piece of a record: markdown, or the whole content of a journal as it was before this capture. */
export type RecordPiece = string | { journal: JournalName };

/** What a capture appends to a session's section journals: the markdown of the new finished items, and how many. */
export interface JournalAppend {
  appended: Record<JournalName, string>;
  added: PerJournal;
}

/** The journals of one session: the three record sections and the prompts' texts. */
export const JOURNAL_FILES = ['prompts', 'decisions', 'rejected', 'asked'] as const;

/** One journal of a session. */
export type JournalFile = (typeof JOURNAL_FILES)[number];

/** Bytes read from a journal at a time. */
const CHUNK_BYTES = 64 * 1024;

/** Largest line of `asked` looked at (bytes): a longer one is skipped. */
const MAX_ASKED_LINE = 4 * 1024 * 1024;

/** Path of journal `name` beside the cache head `head` (`…/records/<hash>.json`). */
export function journalPath(head: string, name: JournalFile): string {
  return head.replace(/\.json$/, name === 'asked' ? '.asked.jsonl' : `.${name}.md`);
}

/**
 * Whether every journal beside `head` holds at least the bytes `bytes` vouches for, as a
 * regular file (a missing one counts as empty). One `lstat` per journal; never throws.
 */
export async function readJournalsUsable(head: string, bytes: Record<JournalFile, number>): Promise<boolean> {
  const sizes = await Promise.all(
    JOURNAL_FILES.map((name) =>
      lstat(journalPath(head, name)).then(
        (st: Stats) => (st.isFile() ? st.size : -1),
        () => 0,
      ),
    ),
  );
  return JOURNAL_FILES.every((name, i) => sizes[i]! >= bytes[name]);
}

/**
 * Append `text` to journal `name` right after its first `vouched` bytes (anything past them
 * is cut off first). Returns the journal's new length in bytes. Throws on I/O failure (a
 * symlink in the journal's place included: `O_NOFOLLOW`).
 */
export async function appendJournal(head: string, name: JournalFile, vouched: number, text: string): Promise<number> {
  const path = journalPath(head, name);
  await mkdir(dirname(path), { recursive: true });
  const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o644);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    if (st.size !== vouched) await fh.truncate(vouched);
    const data = Buffer.from(text, 'utf8');
    let at = 0;
    while (at < data.length) at += (await fh.write(data, at, data.length - at, vouched + at)).bytesWritten;
    return vouched + data.length;
  } finally {
    await fh.close();
  }
}

/**
 * The first `length` bytes of journal `name`, `CHUNK_BYTES` at a time (each chunk a new
 * Buffer). Throws when the journal is not a regular file or holds fewer bytes.
 */
export async function* readJournalChunks(head: string, name: JournalFile, length: number): AsyncGenerator<Buffer> {
  if (length === 0) return;
  const path = journalPath(head, name);
  const fh = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!(await fh.stat()).isFile()) throw new Error(`${path} is not a regular file`);
    let at = 0;
    while (at < length) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, length - at));
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) throw new Error(`${path} holds ${at} bytes, ${length} expected`);
      at += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/**
 * The texts of the prompts `ids` found in the first `length` bytes of the `asked` journal
 * (id → text as logged), reading it from the start until all are found. Lines that do not
 * parse, or longer than 4 MiB, are skipped. Never throws (an unreadable journal finds nothing).
 */
export async function readAskedTexts(head: string, length: number, ids: Set<string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (ids.size === 0) return found;
  let rest = Buffer.alloc(0);
  try {
    for await (const chunk of readJournalChunks(head, 'asked', length)) {
      let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let nl = data.indexOf(10);
      while (nl !== -1) {
        takeAsked(data.subarray(0, nl), ids, found);
        data = data.subarray(nl + 1);
        nl = data.indexOf(10);
      }
      rest = data.length > MAX_ASKED_LINE ? Buffer.alloc(0) : Buffer.from(data);
      if (found.size === ids.size) break;
    }
  } catch {
    // What was found before the failure stands.
  }
  return found;
}

function takeAsked(line: Buffer, ids: Set<string>, found: Map<string, string>): void {
  try {
    const entry = JSON.parse(line.toString('utf8')) as { id?: unknown; raw?: unknown };
    if (typeof entry.id === 'string' && typeof entry.raw === 'string' && ids.has(entry.id)) found.set(entry.id, entry.raw);
  } catch {
    // A damaged line: skipped.
  }
}
