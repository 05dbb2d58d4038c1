/**
 * Batch reading of notes (`git notes list`, one `git cat-file --batch`) and of parsed note
 * heads through a cache. Part of the notes module, kept apart from the codec so that a
 * reader whose heads are all cached (git drift blame) never loads the YAML parser: the
 * codec (`./index.js`) is imported only to parse a note not seen before.
 */
import { runGit, runGitBytes } from '../git/run.js';
import type { InvalidNote, Note } from './index.js';
import { NOTES_REF } from './ref.js';

/**
 * The raw note texts of many commits with two git calls (`git notes list`, then one
 * `git cat-file --batch` for all blobs). Keys are full commit shas; commits without a
 * note are absent. `all` is the result of `listAllNoteBlobs` when the caller already has
 * it (then one git call).
 */
export async function readNoteTexts(cwd: string, commits: string[], all?: Map<string, string>): Promise<Map<string, string>> {
  const blobs = all ? new Map(commits.flatMap((c) => (all.has(c) ? [[c, all.get(c)!] as const] : []))) : await listNoteBlobs(cwd, commits);
  const texts = await readBlobTexts(cwd, [...blobs.values()]);
  const out = new Map<string, string>();
  for (const [commit, blob] of blobs) {
    const text = texts.get(blob);
    if (text !== undefined) out.set(commit, text);
  }
  return out;
}

/** The note blob of each of `commits` that has a note (`git notes list`): full commit sha → blob sha. */
export async function listNoteBlobs(cwd: string, commits: string[]): Promise<Map<string, string>> {
  if (commits.length === 0) return new Map();
  const all = await listAllNoteBlobs(cwd);
  const blobs = new Map<string, string>();
  for (const commit of commits) {
    const blob = all.get(commit);
    if (blob) blobs.set(commit, blob);
  }
  return blobs;
}

/**
 * Every note of `refs/notes/drift` (`git notes list`): full commit sha → blob sha, in git's
 * order (by commit sha); empty without notes. `env` defaults to the process's. Throws
 * `GitError` when git fails.
 */
export async function listAllNoteBlobs(cwd: string, env?: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const { stdout } = await runGit(['notes', `--ref=${NOTES_REF}`, 'list'], { cwd, env, allowExit: [1] });
  const blobs = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [blob, commit] = line.split(' ');
    if (blob && commit) blobs.set(commit, blob);
  }
  return blobs;
}

/**
 * The blob sha of the note of `commit` (a revision git resolves), or null when it has none
 * (`git notes list <commit>`). Throws `GitError` when git fails otherwise.
 */
export async function readNoteBlob(cwd: string, commit: string): Promise<string | null> {
  const { stdout, exitCode } = await runGit(['notes', `--ref=${NOTES_REF}`, 'list', commit], { cwd, allowExit: [1] });
  const blob = stdout.trim();
  return exitCode === 0 && /^[0-9a-f]{40,64}$/.test(blob) ? blob : null;
}

/**
 * The UTF-8 text of blobs (see `readBlobs`); bytes that are not UTF-8 become U+FFFD.
 * Throws `GitError` when git fails.
 */
export async function readBlobTexts(cwd: string, blobs: string[], env?: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const bytes = await readBlobs(cwd, blobs, env);
  return new Map([...bytes].map(([blob, data]) => [blob, data.toString('utf8')]));
}

/**
 * The raw content of blobs, with one `git cat-file --batch` call for all of them. Keys are
 * the blob shas given; a sha git does not have is absent. Throws `GitError` when git fails.
 */
export async function readBlobs(cwd: string, blobs: string[], env?: NodeJS.ProcessEnv): Promise<Map<string, Buffer>> {
  const order = [...new Set(blobs)];
  const out = new Map<string, Buffer>();
  if (order.length === 0) return out;
  const { stdout: buf } = await runGitBytes(['cat-file', '--batch'], { cwd, env, input: order.join('\n') + '\n' });
  let pos = 0;
  for (const blob of order) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl === -1) break;
    const header = buf.subarray(pos, nl).toString('utf8').split(' ');
    if (header.at(-1) === 'missing') {
      pos = nl + 1;
      continue;
    }
    const size = Number(header[2]);
    out.set(blob, buf.subarray(nl + 1, nl + 1 + size));
    pos = nl + 1 + size + 1;
  }
  return out;
}

/** A note without its body: what blame needs, and what `NoteHeadCache` keeps. */
export type NoteHead = Omit<Note, 'body'>;

/** A cache of parsed note heads by note blob sha (blobs never change, so entries never go stale). */
export interface NoteHeadCache {
  get(blob: string): NoteHead | InvalidNote | undefined;
  set(blob: string, head: NoteHead | InvalidNote): void;
}

/**
 * The parsed heads of many commits' notes: blobs already in `cache` are not read or
 * parsed again; the others are read in one batch, parsed, and added to it. `all` is the
 * result of `listAllNoteBlobs` when the caller already has it. Commits without a note are
 * absent. Throws `GitError` when git fails.
 */
export async function readNoteHeads(cwd: string, commits: string[], cache: NoteHeadCache, all?: Map<string, string>): Promise<Map<string, NoteHead | InvalidNote>> {
  const blobs = new Map<string, string>();
  const known = all ?? (await listAllNoteBlobs(cwd));
  for (const commit of commits) {
    const blob = known.get(commit);
    if (blob) blobs.set(commit, blob);
  }
  const missing = [...new Set([...blobs.values()].filter((b) => cache.get(b) === undefined))];
  const { parseNote } = missing.length > 0 ? await import('./index.js') : { parseNote: null };
  for (const [blob, text] of await readBlobTexts(cwd, missing)) {
    if (!parseNote) break;
    const note = parseNote(text);
    cache.set(blob, 'invalid' in note ? note : { drift: note.drift, sessions: note.sessions, files: note.files, ...(note.partial ? { partial: note.partial } : {}) });
  }
  const out = new Map<string, NoteHead | InvalidNote>();
  for (const [commit, blob] of blobs) {
    const head = cache.get(blob);
    if (head) out.set(commit, head);
  }
  return out;
}
