/**
 * The note module's public entry: the only owner of the note format `drift-note/1`
 * (docs/format.md) and of `refs/notes/drift`. Here: the types and the parser (`parseNote`,
 * checked by the zod/mini schema of ./schema.ts); re-exported from their own modules: the
 * ref name (./ref.ts), the renderer (./render.ts), the range codec (./ranges.ts), batch
 * reading (./read.ts) and writing (./write.ts). The hooks import the renderer, reader and
 * writer directly, so that they load the parser only when they parse a note.
 */
import { parseFrontmatter } from '../frontmatter/index.js';
import { runGit } from '../git/run.js';
import { NOTES_REF } from './ref.js';
import { noteShapeProblem } from './schema.js';

export { NOTES_REF };
export { ASKED_MAX_CHARS, NOTE_MAX_BYTES, renderNote, truncateBytes } from './render.js';

/** One session behind a commit, as listed in the note's frontmatter. */
export interface NoteSession {
  /** `<agent>:<native id>`. */
  id: string;
  agent: string;
  model: string | null;
  branch: string | null;
  /** Human prompts in the session's capture window this commit covers. */
  prompts: number;
  /** Edits in that capture window, by outcome. */
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

/**
 * A note written by a capture that stopped at the hook's time budget (`drift.hookBudgetMs`)
 * before every agent log was read (docs/format.md, `partial`): `unread` log files were left,
 * so lines the note calls `human` may be an agent's until `git drift capture` finishes it.
 */
export interface NotePartial {
  unread: number;
}

/** A parsed note (schema `drift: 1`). */
export interface Note {
  drift: 1;
  sessions: NoteSession[];
  /** Repo-relative path → ranges; only files with added text lines appear. */
  files: Record<string, NoteFile>;
  /** Present when the size cap cut the frontmatter. */
  truncated?: NoteTruncation;
  /** Present when the capture that wrote the note was cut short by the hook budget. */
  partial?: NotePartial;
  /** The markdown body: per session, prompts, decisions, rejected approaches, open threads. */
  body: string;
}

/** Why a note could not be read as `drift-note/1`. */
export interface InvalidNote {
  invalid: string;
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
  if (data.partial !== undefined) note.partial = data.partial as NotePartial;
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

/** The raw note text of `commit` (a revision git resolves), or null when it has none. `env` defaults to the process's. */
export async function readNoteText(cwd: string, commit: string, env?: NodeJS.ProcessEnv): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['notes', `--ref=${NOTES_REF}`, 'show', commit], { cwd, env, allowExit: [1] });
  return exitCode === 0 ? stdout : null;
}

export { writeNote, writeNotes, noteObjectOfPath, type WriteNotesOptions, type WriteNotesResult } from './write.js';
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
