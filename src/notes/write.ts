/**
 * Writing many notes as one commit of a notes ref, with one `git fast-import` process:
 * fast-import reads the ref's notes tree, places each note (`N inline <object>`) where
 * git's notes code would (fanout directories of two hex digits, re-fanned as the tree
 * grows; a note that exists is replaced), writes the commit, and moves the ref only if it
 * still points at the commit the new one was built on (it checks the old value under the
 * ref's lock), so a note another process wrote meanwhile is never lost: a lost race is
 * tried again on the new tip. The format is git's (git-fast-import(1), "notemodify").
 */
import { GitError, runGit } from '../git/run.js';
import { readCommitterIdent, type IdentConfig } from '../git/ident.js';
import { NOTES_REF } from './ref.js';

/** How to write a batch of notes. */
export interface WriteNotesOptions {
  /** The notes ref to write (default `refs/notes/drift`). */
  ref?: string;
  /** Environment for git (default: the process's). */
  env?: NodeJS.ProcessEnv;
  /** The notes commit's message (default `Notes added by git drift`). */
  message?: string;
  /** Attempts when another writer moves the ref between reading and updating it (default 20). */
  attempts?: number;
  /**
   * The ident keys of the configuration, when already read (`readRepoConfig`): the notes
   * commit's committer is then built without `git var` when that is certain
   * (src/git/ident.ts).
   */
  ident?: IdentConfig;
}

/** What `writeNotes` did. */
export interface WriteNotesResult {
  /** The notes commit the ref points at afterwards; null when `notes` was empty and the ref does not exist. */
  head: string | null;
  /** Notes written (new or replaced). */
  written: number;
  /** Tries it took (1 unless another writer moved the ref meanwhile). */
  attempts: number;
}

const OBJECT_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const FANOUT_DIR = /^[0-9a-f]{2}$/;
const DEFAULT_ATTEMPTS = 20;

/**
 * Attach (or replace) the notes of many objects at once, as ONE new commit of `opts.ref`
 * (default `refs/notes/drift`) whose parent is the ref's current commit. `notes` maps full
 * lowercase object names (40 or 64 hex digits: commit shas) to note texts, stored byte for
 * byte as UTF-8 (no whitespace cleanup, unlike `git notes add -m`). One `git fast-import`
 * whatever the number of notes, and `git var` for the committer unless `opts.ident` lets
 * it be built (`readCommitterIdent`); one more try to create the ref the first time. Throws `Error` on a key that is not a full object name,
 * and `GitError` when git fails or the ref kept moving through every attempt.
 */
export async function writeNotes(cwd: string, notes: Map<string, string>, opts: WriteNotesOptions = {}): Promise<WriteNotesResult> {
  const ref = opts.ref ?? NOTES_REF;
  for (const key of notes.keys()) {
    if (!OBJECT_NAME.test(key)) throw new Error(`writeNotes: not a full lowercase object name: ${JSON.stringify(key)}`);
  }
  const env = opts.env;
  if (notes.size === 0) return { head: await readTip(cwd, ref, env), written: 0, attempts: 0 };
  const committer = await readCommitterIdent(cwd, env, opts.ident);
  const message = opts.message ?? 'Notes added by git drift';
  const limit = Math.max(1, opts.attempts ?? DEFAULT_ATTEMPTS);
  let onTip = true; // build on the ref's tip; false once it turned out not to exist
  for (let attempt = 1; ; ) {
    const stream = renderImport(ref, committer, message, onTip, notes);
    const { exitCode, stderr, stdout } = await runGit(['fast-import', '--quiet', '--done'], { cwd, env, input: stream, allowExit: [1, 128] });
    if (exitCode === 0) return { head: stdout.trim().split('\n').at(-1) ?? null, written: notes.size, attempts: attempt };
    const missing = onTip && /not a valid (object name|commit)|Invalid ref name or SHA1 expression|Not a valid object name|unknown revision/i.test(stderr);
    if (missing) {
      onTip = false; // the first note ever: a root notes commit (fails below if someone created the ref meanwhile)
      continue; // not a lost race: the same attempt again
    }
    const lost = /Not updating|cannot lock ref|but expected|does not contain/i.test(stderr);
    if (!lost || attempt >= limit) throw new GitError(['fast-import', '--quiet', '--done'], exitCode, stderr);
    onTip = true;
    attempt++;
    await sleep(5 + Math.floor(Math.random() * 20 * Math.min(attempt, 5)));
  }
}

/**
 * The fast-import stream of one notes commit on `ref` (mark `:1`, printed back with
 * `get-mark`): parent `ref^0` as fast-import reads it (`onTip`), or none for the first
 * commit; one `N inline` command per note. `data` sizes are UTF-8 bytes. Pure.
 */
export function renderImport(ref: string, committer: string, message: string, onTip: boolean, notes: Map<string, string>): string {
  const data = (s: string) => `data ${Buffer.byteLength(s, 'utf8')}\n${s}\n`;
  const out = [`commit ${ref}\nmark :1\ncommitter ${committer}\n`, data(message)];
  if (onTip) out.push(`from ${ref}^0\n`);
  for (const [object, note] of notes) out.push(`N inline ${object}\n`, data(note));
  out.push('\nget-mark :1\ndone\n');
  return out.join('');
}

/** The commit `ref` points at, or null when it does not exist. */
async function readTip(cwd: string, ref: string, env?: NodeJS.ProcessEnv): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['rev-parse', '-q', '--verify', `${ref}^{commit}`], { cwd, env, allowExit: [1, 128] });
  return exitCode === 0 ? stdout.trim() : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The annotated object a notes tree path names (fanout slashes removed), or null for a non-note path. */
export function noteObjectOfPath(path: string): string | null {
  const parts = path.split('/');
  if (parts.slice(0, -1).some((p) => !FANOUT_DIR.test(p))) return null;
  const flat = parts.join('');
  return OBJECT_NAME.test(flat) ? flat : null;
}

/**
 * Attach (or replace) the note of `commit` (a full sha) in `refs/notes/drift`, byte for
 * byte, with `writeNotes` (and its `opts`): a note another process writes meanwhile is kept. Throws
 * `GitError` when git refuses.
 */
export async function writeNote(cwd: string, commit: string, text: string, opts: WriteNotesOptions = {}): Promise<void> {
  await writeNotes(cwd, new Map([[commit, text]]), opts);
}
