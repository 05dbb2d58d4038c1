/**
 * The note codec and notes I/O: the only module that reads or writes `refs/notes/drift`
 * and the only owner of the note format `drift-note/1` (docs/format.md). Parsing and
 * rendering are pure; `readNotes`/`writeNote` call git.
 */
import matter from 'gray-matter';
import { runGit } from '../git/run.js';
import { NOTES_REF } from './read.js';
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

/** A parsed note (schema `drift: 1`). */
export interface Note {
  drift: 1;
  sessions: NoteSession[];
  /** Repo-relative path → ranges; only files with added text lines appear. */
  files: Record<string, NoteFile>;
  /** The markdown body: per session, prompts, decisions, rejected approaches, open threads. */
  body: string;
}

/** Why a note could not be read as `drift-note/1`. */
export interface InvalidNote {
  invalid: string;
}

/**
 * Render a note as markdown with YAML frontmatter. Deterministic: the same note gives the
 * same bytes. A body that would push the note past `NOTE_MAX_BYTES` is truncated with a
 * `[truncated: N bytes]` marker; the frontmatter (the attribution) is never cut.
 */
export function renderNote(note: Note): string {
  const data = { drift: 1, sessions: note.sessions, files: sortKeys(note.files) };
  const head = matter.stringify('', data);
  const room = NOTE_MAX_BYTES - Buffer.byteLength(head, 'utf8') - 64;
  return head + truncateBytes(note.body, Math.max(0, room));
}

/** Cut `text` to at most `max` UTF-8 bytes on a line boundary, adding a marker with the bytes dropped. */
export function truncateBytes(text: string, max: number): string {
  const size = Buffer.byteLength(text, 'utf8');
  if (size <= max) return text;
  let cut = Buffer.from(text, 'utf8').subarray(0, max).toString('utf8').replace(/\uFFFD+$/, '');
  const nl = cut.lastIndexOf('\n');
  if (nl > 0) cut = cut.slice(0, nl + 1);
  return `${cut}\n[truncated: ${size - Buffer.byteLength(cut, 'utf8')} bytes]\n`;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]!]));
}

/**
 * Parse a note's text. Returns the note, or `{invalid}` with the reason when the text is
 * not `drift-note/1` (no frontmatter, YAML error, wrong schema version, wrong field types).
 * `body` is the text after the frontmatter without the one blank line `renderNote` puts
 * there, so `renderNote(parseNote(t))` is `t` for any `t` that `renderNote` wrote.
 */
export function parseNote(text: string): Note | InvalidNote {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, {});
  } catch (err) {
    return { invalid: `frontmatter is not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  const data = parsed.data as Record<string, unknown>;
  if (data.drift !== 1) return { invalid: `not a drift-note/1 (drift: ${JSON.stringify(data.drift)})` };
  if (!Array.isArray(data.sessions)) return { invalid: '`sessions` must be a list' };
  if (data.files === null || typeof data.files !== 'object' || Array.isArray(data.files)) return { invalid: '`files` must be a mapping' };
  for (const s of data.sessions as unknown[]) {
    const problem = checkSession(s);
    if (problem) return { invalid: problem };
  }
  for (const [path, f] of Object.entries(data.files as Record<string, unknown>)) {
    const problem = checkFile(path, f);
    if (problem) return { invalid: problem };
  }
  // renderNote puts one blank line between the frontmatter and the body: take it back off,
  // so that renderNote(parseNote(text)) gives back `text` for every rendered note.
  const body = parsed.content.startsWith('\n') ? parsed.content.slice(1) : parsed.content;
  return { drift: 1, sessions: data.sessions as NoteSession[], files: data.files as Record<string, NoteFile>, body };
}

function checkSession(s: unknown): string | null {
  if (!s || typeof s !== 'object') return 'a session entry is not a mapping';
  const o = s as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.agent !== 'string') return 'a session lacks `id` or `agent`';
  const edits = o.edits as Record<string, unknown> | undefined;
  if (!edits || typeof edits.applied !== 'number' || typeof edits.rejected !== 'number') return `session ${o.id}: \`edits\` must be {applied, rejected}`;
  if (typeof o.prompts !== 'number') return `session ${o.id}: \`prompts\` must be a number`;
  if (o.asked !== undefined && (!Array.isArray(o.asked) || o.asked.some((a) => typeof a !== 'string'))) return `session ${o.id}: \`asked\` must be a list of strings`;
  if (o.source !== undefined && typeof o.source !== 'string') return `session ${o.id}: \`source\` must be a string`;
  if (o.author !== undefined && typeof o.author !== 'string') return `session ${o.id}: \`author\` must be a string`;
  return null;
}

const RANGES = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;

function checkFile(path: string, f: unknown): string | null {
  if (!f || typeof f !== 'object') return `file ${path}: not a mapping`;
  const o = f as Record<string, unknown>;
  if (o.human !== undefined && (typeof o.human !== 'string' || !RANGES.test(o.human))) return `file ${path}: bad human ranges`;
  for (const state of ['ai', 'ai-modified', 'prompt']) {
    const v = o[state];
    if (v === undefined) continue;
    if (!v || typeof v !== 'object') return `file ${path}: ${state} must map sessions to ranges`;
    for (const r of Object.values(v)) if (typeof r !== 'string' || !RANGES.test(r)) return `file ${path}: bad ${state} ranges`;
  }
  return null;
}

/**
 * Attach (or replace) the note of `commit` (a full sha) in `refs/notes/drift`, byte for
 * byte, with `writeNotes`: a note another process writes meanwhile is kept. Throws
 * `GitError` when git refuses.
 */
export async function writeNote(cwd: string, commit: string, text: string): Promise<void> {
  await writeNotes(cwd, new Map([[commit, text]]));
}

/** The raw note text of `commit`, or null when it has none. */
export async function readNoteText(cwd: string, commit: string): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['notes', `--ref=${NOTES_REF}`, 'show', commit], { cwd, allowExit: [1] });
  return exitCode === 0 ? stdout : null;
}

export { writeNotes, noteObjectOfPath, type WriteNotesOptions, type WriteNotesResult } from './write.js';
export { listAllNoteBlobs, listNoteBlobs, readBlobs, readBlobTexts, readNoteHeads, readNoteTexts, type NoteHead, type NoteHeadCache } from './read.js';
