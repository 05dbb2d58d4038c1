/**
 * The note codec and notes I/O: the only module that reads or writes `refs/notes/drift`
 * and the only owner of the note format `drift-note/1` (docs/format.md). Parsing and
 * rendering are pure; `readNotes`/`writeNote` call git.
 */
import { parseFrontmatter, renderFrontmatter } from '../frontmatter/index.js';
import { runGit } from '../git/run.js';
import { NOTES_REF } from './ref.js';
import { capNoteData, type NoteData } from './cap.js';
import { noteShapeProblem } from './schema.js';
import { writeNotes } from './write.js';

export { NOTES_REF };

/** Largest note written, in bytes (UTF-8); larger bodies are truncated with a marker. */
export const NOTE_MAX_BYTES = 64 * 1024;

/** One session behind a commit, as listed in the note's frontmatter. */
export interface NoteSession {
  /** `<agent>:<native id>`. */
  id: string;
  agent: string;
  model: string | null;
  branch: string | null;
  /** Human prompts in the stretch of the session this commit covers. */
  prompts: number;
  /** Edits in that stretch, by outcome. */
  edits: { applied: number; rejected: number };
  /** Repo-relative path of the session's record in `.prompts/sessions/`. */
  record: string;
  /**
   * The prompts that led to the edits whose lines this commit holds, in order of first use (files by path, lines ascending), each
   * at most `ASKED_MAX_CHARS` characters on one line. Omitted when none is known or
   * `drift.prompts=none`. Indexed by `files.<path>.prompt`.
   */
  asked?: string[];
  /**
   * Where the session was learnt from, when it was not captured from this machine's agent
   * logs: `git-ai` (a git-ai authorship note) or `agent-trace` (an Agent Trace record),
   * written by `git drift import`. Omitted for captured sessions.
   */
  source?: SessionSource;
  /** The human who drove the session, as the imported format names them (git-ai's `human_author`: an email or `Name <email>`). Omitted when unknown. */
  author?: string;
}

/** The formats a session can be imported from (`NoteSession.source`). */
export type SessionSource = 'git-ai' | 'agent-trace';

/** Every value `NoteSession.source` may take. */
export const SESSION_SOURCES: readonly SessionSource[] = ['git-ai', 'agent-trace'];

/** Longest prompt text kept in `sessions[].asked`, in characters (a longer one ends with `…`). */
export const ASKED_MAX_CHARS = 200;

/** Line ranges of one file (`"12-40,55"`, 1-based lines of the commit's version), per owner. */
export interface NoteFile {
  ai?: Record<string, string>;
  'ai-modified'?: Record<string, string>;
  human?: string;
  /** Lines by the prompt behind them: `"<session id>#<k>"` (k: 0-based index into that session's `asked`) → ranges. */
  prompt?: Record<string, string>;
}

/**
 * What the size cap cut from a note's frontmatter (docs/format.md, "Size cap"): `cut` lists,
 * in order, `asked` (`sessions[].asked` and `files.<path>.prompt`), `human`
 * (`files.<path>.human`) and `files` (whole entries); `files` counts the entries dropped.
 */
export interface NoteTruncation {
  cut: string[];
  files?: number;
}

/** A parsed note (schema `drift: 1`). */
export interface Note {
  drift: 1;
  sessions: NoteSession[];
  /** Repo-relative path → ranges; only files with added text lines appear. */
  files: Record<string, NoteFile>;
  /** Present when the size cap cut the frontmatter. */
  truncated?: NoteTruncation;
  /** The markdown body: per session, prompts, decisions, rejected approaches, open threads. */
  body: string;
}

/** Why a note could not be read as `drift-note/1`. */
export interface InvalidNote {
  invalid: string;
}

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
  const full: NoteData = { drift: 1, sessions: note.sessions, files: sortKeys(note.files), ...(note.truncated ? { truncated: note.truncated } : {}) };
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

/**
 * Parse a note's text (pure, never throws). Returns the note, or `{invalid}` with the
 * reason when the text is not `drift-note/1`: no frontmatter, a fence other than YAML, a
 * frontmatter over a limit (see `parseFrontmatter`), a YAML error, wrong schema version, or
 * a field of the wrong shape (`noteShapeProblem`, ./schema.ts).
 * `body` is the text after the frontmatter without the one blank line `renderNote` puts
 * there, so `renderNote(parseNote(t))` is `t` for any `t` that `renderNote` wrote.
 */
export function parseNote(text: string): Note | InvalidNote {
  const parsed = parseFrontmatter(text);
  if ('invalid' in parsed) return parsed;
  const data = parsed.data;
  const problem = noteShapeProblem(data);
  if (problem) return { invalid: problem };
  // renderNote puts one blank line between the frontmatter and the body: take it back off,
  // so that renderNote(parseNote(text)) gives back `text` for every rendered note.
  const body = parsed.content.startsWith('\n') ? parsed.content.slice(1) : parsed.content;
  const note: Note = { drift: 1, sessions: (data.sessions as NoteSession[]).map(withDefaults), files: data.files as Record<string, NoteFile>, body };
  if (data.truncated !== undefined) note.truncated = data.truncated as NoteTruncation;
  return note;
}

/**
 * A session entry with the fields the format lets a note leave out filled in (`model` and
 * `branch` null, `record` empty), so that every reader can rely on `NoteSession`. The
 * entry is returned as is when nothing is missing (key order, and so rendering, unchanged).
 */
function withDefaults(s: NoteSession): NoteSession {
  if (s.model !== undefined && s.branch !== undefined && s.record !== undefined) return s;
  return { ...s, model: s.model ?? null, branch: s.branch ?? null, record: s.record ?? '' };
}

/**
 * Attach (or replace) the note of `commit` (a full sha) in `refs/notes/drift`, byte for
 * byte, with `writeNotes`: a note another process writes meanwhile is kept. Throws
 * `GitError` when git refuses.
 */
export async function writeNote(cwd: string, commit: string, text: string): Promise<void> {
  await writeNotes(cwd, new Map([[commit, text]]));
}

/** The raw note text of `commit` (a revision git resolves), or null when it has none. `env` defaults to the process's. */
export async function readNoteText(cwd: string, commit: string, env?: NodeJS.ProcessEnv): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['notes', `--ref=${NOTES_REF}`, 'show', commit], { cwd, env, allowExit: [1] });
  return exitCode === 0 ? stdout : null;
}

export { writeNotes, noteObjectOfPath, type WriteNotesOptions, type WriteNotesResult } from './write.js';
export { listAllNoteBlobs, listNoteBlobs, readBlobs, readBlobTexts, readNoteBlob, readNoteHeads, readNoteTexts, type NoteHead, type NoteHeadCache } from './read.js';
export {
  countRangeLines,
  formatRangeIntervals,
  formatRanges,
  isRangeText,
  MAX_RANGE_PART_LINES,
  parseRangeIntervals,
  parseRanges,
  readableRangeIntervals,
  unionIntervals,
  type LineInterval,
} from './ranges.js';
