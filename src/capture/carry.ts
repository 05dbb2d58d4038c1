/**
 * Carrying attribution across history rewrites (docs/format.md, "History operations"):
 * the lines of original commits, with the states their notes gave them, become a pool
 * that the new commit's added lines are matched against, exactly like pending agent
 * lines. Used for rebase (post-rewrite), squash/fixup (many originals → one commit) and
 * cherry-pick (post-commit, `CHERRY_PICK_HEAD`).
 */
import { readCommitAdditions } from '../git/diff.js';
import type { NoteSession } from '../notes/index.js';
import { readNoteTexts } from '../notes/read.js';
import { ownersOf, type NoteOwner } from '../notes/owners.js';
import { mergeSessions } from '../notes/sessions.js';
import type { PendingLine } from '../store/index.js';
import { parseSessionId } from '../ids.js';
import { keyedRecord } from '../records.js';

/** Prefix of a carried line's `prompt`: the prompt's text follows (not an event id). */
export const CARRIED_PROMPT = 'asked:';

/** What original commits hand on to their rewritten successor. */
export interface Carried {
  /** Per repo-relative path, the originals' added lines with their owners, oldest commit first. */
  pool: Record<string, PendingLine[]>;
  /** The originals' sessions merged by id (`asked` left out: it is rebuilt from the lines). */
  sessions: NoteSession[];
  /** The originals' note bodies, in order, without repeats. */
  bodies: string[];
  /** Originals that had a valid note. */
  commits: string[];
  /** The largest `partial.unread` of the originals' notes: log files their captures left unread (0: every note complete). */
  unread: number;
}

/**
 * Read the notes and added lines of `commits` (oldest first). Commits without a valid note
 * hand on nothing, so their lines come out `human`. Throws `GitError` when git fails.
 */
export async function readCarried(cwd: string, commits: string[]): Promise<Carried> {
  const texts = await readNoteTexts(cwd, commits);
  // The parser (and its zod schema) loads only when a commit carries notes over.
  const { parseNote } = texts.size > 0 ? await import('../notes/index.js') : { parseNote: () => null };
  const carried: Carried = { pool: keyedRecord(), sessions: [], bodies: [], commits: [], unread: 0 };
  for (const commit of commits) {
    const text = texts.get(commit);
    const note = text === undefined ? null : parseNote(text);
    if (!note || 'invalid' in note) continue;
    carried.commits.push(commit);
    carried.unread = Math.max(carried.unread, note.partial?.unread ?? 0);
    const { additions } = await readCommitAdditions(cwd, commit);
    for (const file of additions) {
      const owners = ownersOf(note, file.path);
      const list = (carried.pool[file.path] ??= []);
      for (const added of file.lines) list.push(carriedLine(added.text, commit, owners?.get(added.line)));
    }
    carried.sessions = mergeSessionEntries([...carried.sessions, ...note.sessions]);
    if (!carried.bodies.includes(note.body) && note.sessions.length > 0) carried.bodies.push(note.body);
  }
  return carried;
}

/**
 * One added line of an original `commit` as a pool line: the owner its note gave it (a
 * missing or human owner, or one whose session is not `<agent>:<native id>`, gives a human
 * line; `edit` is the commit's sha).
 */
export function carriedLine(text: string, commit: string, owner: NoteOwner | undefined): PendingLine {
  const session = owner?.session ? parseSessionId(owner.session) : null;
  if (!owner || owner.state === 'human' || !session) return { text, session: '', edit: commit, at: null, state: 'human' };
  const line: PendingLine = { text, session, edit: commit, at: null };
  if (owner.state === 'ai-modified') line.state = 'ai-modified';
  if (owner.prompt) line.prompt = CARRIED_PROMPT + owner.prompt;
  return line;
}

/**
 * Session entries of several notes merged by id (`mergeSessions` with counts added up),
 * without `asked`: it is rebuilt from the lines a new note holds.
 */
export function mergeSessionEntries(entries: NoteSession[]): NoteSession[] {
  return mergeSessions(entries, 'sum').map(({ asked: _asked, ...rest }) => rest);
}
