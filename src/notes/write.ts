/**
 * Writing many notes as one commit of a notes ref with git plumbing: one
 * `git hash-object -w --stdin-paths` for all note blobs, a temporary index
 * (`GIT_INDEX_FILE`, `read-tree`, `update-index --index-info`), `write-tree`,
 * `commit-tree`, and `git update-ref <ref> <new> <old>`, so that a note another process
 * wrote meanwhile is never lost: a lost race rebuilds on the new tip.
 *
 * The notes tree layout follows git's (`notes.c`): a note lives at its annotated object's
 * hex name, under fanout directories of two hex digits (`ab/cdef…`, `ab/cd/ef…`). A note
 * that exists is replaced at the path it has; a new note goes where git would put it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCommit } from '../git/branch.js';
import { GitError, gitText, runGit } from '../git/run.js';
import { NOTES_REF } from './read.js';

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

/** One blob entry of a notes tree: its path (with fanout, e.g. `ab/cdef…`), mode and blob sha. */
interface Entry {
  path: string;
  mode: string;
  blob: string;
}

const OBJECT_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const FANOUT_DIR = /^[0-9a-f]{2}$/;
const DEFAULT_ATTEMPTS = 20;

/**
 * Attach (or replace) the notes of many objects at once, as ONE new commit of `opts.ref`
 * (default `refs/notes/drift`) whose parent is the ref's current commit. `notes` maps full
 * lowercase object names (40 or 64 hex digits: commit shas) to note texts, stored byte for
 * byte as UTF-8 (no whitespace cleanup, unlike `git notes add -m`). The number of git
 * processes does not grow with the number of notes.
 *
 * Never forced: the ref moves with `git update-ref <ref> <new> <old>`; when another writer
 * moved it meanwhile, the batch is applied again on the new tip (up to `opts.attempts`
 * tries, with a short random pause between them), so no note of either writer is lost.
 * An empty `notes` writes nothing. Throws `Error` on a key that is not a full object name,
 * and `GitError` when git fails or the ref kept moving through every attempt.
 */
export async function writeNotes(cwd: string, notes: Map<string, string>, opts: WriteNotesOptions = {}): Promise<WriteNotesResult> {
  const ref = opts.ref ?? NOTES_REF;
  for (const key of notes.keys()) {
    if (!OBJECT_NAME.test(key)) throw new Error(`writeNotes: not a full lowercase object name: ${JSON.stringify(key)}`);
  }
  if (notes.size === 0) return { head: await resolveCommit(cwd, ref, opts.env), written: 0, attempts: 0 };
  const dir = await mkdtemp(join(tmpdir(), 'git-drift-notes-'));
  try {
    const blobs = await writeBlobs(cwd, dir, notes, opts.env);
    const limit = Math.max(1, opts.attempts ?? DEFAULT_ATTEMPTS);
    for (let attempt = 1; ; attempt++) {
      try {
        const head = await commitOnce(cwd, dir, ref, blobs, opts);
        return { head, written: blobs.size, attempts: attempt };
      } catch (err) {
        if (!(err instanceof GitError) || !isLostRace(err) || attempt >= limit) throw err;
        await sleep(5 + Math.floor(Math.random() * 20 * Math.min(attempt, 5)));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether `update-ref` failed because the ref was not at the expected old value (or was locked). */
function isLostRace(err: GitError): boolean {
  return err.args[0] === 'update-ref' && /cannot lock ref|but expected|reference already exists|is at .* but expected/.test(err.stderr);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Store every note text as a blob with one `git hash-object -w --no-filters --stdin-paths`
 * (each text in a file of `dir`). Returns object name → blob sha.
 */
async function writeBlobs(cwd: string, dir: string, notes: Map<string, string>, env?: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const keys = [...notes.keys()];
  const files = keys.map((_, i) => join(dir, `note-${i}`));
  await Promise.all(keys.map((key, i) => writeFile(files[i]!, notes.get(key)!, 'utf8')));
  const out = await gitText(['hash-object', '-w', '--no-filters', '--stdin-paths'], { cwd, env, input: `${files.join('\n')}\n` });
  const shas = out.split('\n');
  if (shas.length !== keys.length) throw new GitError(['hash-object', '--stdin-paths'], 0, `stored ${shas.length} blobs for ${keys.length} notes`);
  return new Map(keys.map((key, i) => [key, shas[i]!]));
}

/**
 * One try: read the ref's tree, place every note, write the tree and a commit on the
 * current tip, and move the ref from that tip. Returns the new commit. Throws `GitError`.
 */
async function commitOnce(cwd: string, dir: string, ref: string, blobs: Map<string, string>, opts: WriteNotesOptions): Promise<string> {
  const env = opts.env;
  const old = await resolveCommit(cwd, ref, env);
  const existing = old ? await readNotesTree(cwd, old, env) : [];
  const lines = planIndex(existing, blobs);
  const withIndex = { ...(env ?? process.env), GIT_INDEX_FILE: join(dir, `index-${Date.now()}-${Math.random().toString(36).slice(2)}`) };
  await runGit(old ? ['read-tree', `${old}^{tree}`] : ['read-tree', '--empty'], { cwd, env: withIndex });
  await runGit(['update-index', '--add', '--remove', '--index-info'], { cwd, env: withIndex, input: lines.join('') });
  const tree = await gitText(['write-tree'], { cwd, env: withIndex });
  const message = opts.message ?? 'Notes added by git drift';
  const commit = await gitText(['commit-tree', tree, ...(old ? ['-p', old] : []), '-m', message], { cwd, env });
  await runGit(['update-ref', '-m', `git drift: ${message}`, ref, commit, old ?? ''], { cwd, env });
  return commit;
}

/** Every blob of a notes commit's tree (`git ls-tree -r -z --full-tree`). */
async function readNotesTree(cwd: string, commit: string, env?: NodeJS.ProcessEnv): Promise<Entry[]> {
  const { stdout } = await runGit(['ls-tree', '-r', '-z', '--full-tree', commit], { cwd, env });
  const entries: Entry[] = [];
  for (const record of stdout.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab === -1) continue;
    const [mode, type, blob] = record.slice(0, tab).split(' ');
    if (type === 'blob' && mode && blob) entries.push({ path: record.slice(tab + 1), mode, blob });
  }
  return entries;
}

/** The annotated object a notes tree path names (fanout slashes removed), or null for a non-note path. */
export function noteObjectOfPath(path: string): string | null {
  const parts = path.split('/');
  if (parts.slice(0, -1).some((p) => !FANOUT_DIR.test(p))) return null;
  const flat = parts.join('');
  return OBJECT_NAME.test(flat) ? flat : null;
}

/**
 * The `update-index --index-info` lines that put `blobs` (object → note blob) into a
 * notes tree holding `existing`: a note that exists is replaced at its path (a second copy
 * at another fanout depth, which git would concatenate, is removed); new notes go to the
 * paths `placeNotes` gives. Existing flat notes of a level that gets fanout directories
 * move into them, as git itself would write them.
 */
function planIndex(existing: Entry[], blobs: Map<string, string>): string[] {
  const lines: string[] = [];
  const zero = (blob: string) => '0'.repeat(blob.length);
  const found = new Map<string, Entry>();
  for (const e of existing) {
    const key = noteObjectOfPath(e.path);
    if (!key) continue;
    const first = found.get(key);
    if (!first) found.set(key, e);
    else if (blobs.has(key)) lines.push(`0 ${zero(e.blob)}\t${e.path}\n`);
  }
  const placed = placeNotes(
    [...found.entries()].map(([key, e]) => ({ key, path: e.path })),
    [...blobs.keys()].filter((k) => !found.has(k)),
  );
  for (const [key, path] of placed) {
    const old = found.get(key);
    if (old) lines.push(`0 ${zero(old.blob)}\t${old.path}\n`);
    lines.push(`${old?.mode ?? '100644'} ${blobs.get(key) ?? old!.blob}\t${path}\n`);
  }
  for (const [key, blob] of blobs) {
    const old = found.get(key);
    if (old && !placed.has(key)) lines.push(`${old.mode} ${blob}\t${old.path}\n`);
  }
  return lines;
}

/** A level of a notes tree: the notes right in it, and its fanout directories by name. */
interface Level {
  notes: string[];
  dirs: Map<string, Level>;
}

/**
 * Paths for notes: `existing` keep their paths unless their level gets fanout
 * directories (then they move into them); `added` (object names without a note yet) descend through the fanout
 * directories that exist for their prefix and stop at the first level without one. A level
 * gets fanout directories when it has some already, or when git's rule (`determine_fanout`
 * in git's notes.c) says so for the notes it would hold: each of the 16 first hex digits
 * is shared by at least two of them. Returns object name → path, for every note whose path
 * is new or changed.
 */
function placeNotes(existing: { key: string; path: string }[], added: string[]): Map<string, string> {
  const root: Level = { notes: [], dirs: new Map() };
  for (const { key, path } of existing) {
    let level = root;
    for (const dir of path.split('/').slice(0, -1)) level = level.dirs.get(dir) ?? setDir(level, dir);
    level.notes.push(key);
  }
  const out = new Map<string, string>();
  placeLevel(root, 0, added, out);
  return out;
}

function setDir(level: Level, name: string): Level {
  const dir: Level = { notes: [], dirs: new Map() };
  level.dirs.set(name, dir);
  return dir;
}

/** Place `arriving` notes (and, when this level fans out, its own flat notes) at `depth` (fanout directories above). */
function placeLevel(level: Level, depth: number, arriving: string[], out: Map<string, string>): void {
  const prefix = (key: string) => Array.from({ length: depth }, (_, i) => key.slice(2 * i, 2 * i + 2) + '/').join('');
  const fanout = level.dirs.size > 0 || wouldFanOut([...level.notes, ...arriving], 2 * depth);
  if (!fanout) {
    for (const key of arriving) out.set(key, prefix(key) + key.slice(2 * depth));
    return;
  }
  const down = new Map<string, string[]>();
  for (const key of [...level.notes, ...arriving]) {
    const name = key.slice(2 * depth, 2 * depth + 2);
    (down.get(name) ?? down.set(name, []).get(name)!).push(key);
  }
  // Flat notes of a level that fans out move down, like arriving ones; directories no
  // note arrives in are left as they are.
  for (const [name, keys] of down) placeLevel(level.dirs.get(name) ?? { notes: [], dirs: new Map() }, depth + 1, keys, out);
}

/** git's fanout rule for a tree level: every one of the 16 hex digits at `digit` starts at least two of `keys`. */
function wouldFanOut(keys: string[], digit: number): boolean {
  if (keys.length < 32) return false;
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key[digit]!, (counts.get(key[digit]!) ?? 0) + 1);
  return counts.size === 16 && [...counts.values()].every((n) => n >= 2);
}
