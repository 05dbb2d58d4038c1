/**
 * Rendering a `drift-note/1` note (docs/format.md, "Layout" and "Size cap"), pure. Kept
 * apart from the parser (`./index.ts`) so that a capture, which writes a note on every
 * commit, loads no validation code (zod) unless it parses one.
 */
import { renderFrontmatter } from '../frontmatter/index.js';
import { capNoteData, type NoteData } from './cap.js';
import type { Note } from './index.js';

/** Largest note written, in bytes (UTF-8); larger bodies are truncated with a marker. */
export const NOTE_MAX_BYTES = 64 * 1024;

/** Longest prompt text kept in `sessions[].asked`, in characters (a longer one ends with `…`). */
export const ASKED_MAX_CHARS = 200;

/** Bytes kept free below `NOTE_MAX_BYTES` for the body's marker and margin when the frontmatter is capped. */
const HEAD_ROOM = 128;

/**
 * Render a note as markdown with YAML frontmatter. Deterministic: the same note gives the
 * same bytes. The note stays within `NOTE_MAX_BYTES`: the body gives way first (cut on a
 * line with a `[truncated: N bytes]` marker); a frontmatter that alone would pass
 * `NOTE_MAX_BYTES - 128` is cut too, attribution last, with a `truncated` field saying what
 * was cut (`capNoteData`).
 */
export function renderNote(note: Note): string {
  const full: NoteData = {
    drift: 1,
    sessions: note.sessions,
    files: sortKeys(note.files),
    ...(note.truncated ? { truncated: note.truncated } : {}),
    ...(note.partial ? { partial: note.partial } : {}),
  };
  let head = renderFrontmatter('', full);
  if (Buffer.byteLength(head, 'utf8') > NOTE_MAX_BYTES - HEAD_ROOM) head = renderFrontmatter('', capNoteData(full, NOTE_MAX_BYTES - HEAD_ROOM));
  const room = NOTE_MAX_BYTES - Buffer.byteLength(head, 'utf8') - 64;
  return head + truncateBytes(note.body, Math.max(0, room));
}

/** Cut `text` to at most `max` UTF-8 bytes on a line boundary, adding a marker with the bytes dropped. */
export function truncateBytes(text: string, max: number): string {
  const size = Buffer.byteLength(text, 'utf8');
  if (size <= max) return text;
  let cut = Buffer.from(text, 'utf8')
    .subarray(0, max)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  const nl = cut.lastIndexOf('\n');
  if (nl > 0) cut = cut.slice(0, nl + 1);
  return `${cut}\n[truncated: ${size - Buffer.byteLength(cut, 'utf8')} bytes]\n`;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]!]),
  );
}
