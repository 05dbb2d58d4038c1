/**
 * Giving lines back their owners when the commit that held them left the current history
 * (docs/format.md, "History operations"): `git reset` (soft, mixed) and a new commit, a
 * commit split in two or more, work stashed and popped or applied in another worktree,
 * `git merge --squash`, `git cherry-pick -n`, `git checkout <commit> -- <path>`. The notes
 * of commits that recently were HEAD in any worktree (their reflogs), or that a squash
 * merge named, and of their ancestors outside the current history, become a pool of lines
 * with owners, read only when a commit adds lines that pending agent lines do not explain.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readRegularHead } from '../fs/read.js';
import { readFilesAt, readManyAdditions, readOutsideHistory, readReflogCommits, type GitDirs } from '../git/recent.js';
import { readNoteTexts } from '../notes/read.js';
import { ownersOf } from '../notes/owners.js';
import type { CommitAttribution } from '../attribution/index.js';
import type { PendingLine } from '../store/index.js';
import { carriedLine, mergeSessionEntries, type Carried } from './carry.js';
import { keyedRecord, ownValue } from '../records.js';

/** Most commits outside the current history looked at (newest first). */
export const MAX_OUTSIDE_COMMITS = 200;
/** Most annotated commits whose lines join the pool (the newest ones). */
export const MAX_RECOVERED_COMMITS = 40;

/** The file in a worktree's git dir where the prepare-commit-msg script lists the commits `SQUASH_MSG` names. */
export const SQUASHED_FILE = 'drift-squashed';

/**
 * True when `attribution` gives some added line to nobody but a human: only then is the
 * pool of recovered lines worth reading.
 */
export function hasHumanLines(attribution: CommitAttribution): boolean {
  return attribution.files.some((f) => [...f.lines.values()].some((o) => o.state === 'human'));
}

/** The paths of `attribution` with at least one human line. */
export function humanPaths(attribution: CommitAttribution): string[] {
  return attribution.files.filter((f) => [...f.lines.values()].some((o) => o.state === 'human')).map((f) => f.path);
}

/**
 * The commits `SQUASH_MSG` named when this commit was prepared (`<gitDir>/drift-squashed`,
 * written by the prepare-commit-msg script, since git removes `SQUASH_MSG` before
 * post-commit), at most 64; the file is removed. Empty when there is none or it is not a
 * regular file (a FIFO or a symlink is refused without blocking, then removed).
 */
export async function takeSquashedCommits(gitDir: string): Promise<string[]> {
  const path = join(gitDir, SQUASHED_FILE);
  // A FIFO or a symlink here must not hang or redirect the hook: regular files only, bounded.
  let text: string | null;
  try {
    text = (await readRegularHead(path, 64 * 66, { follow: false })).toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []; // the usual case: nothing to remove
    text = null;
  }
  await rm(path, { force: true });
  if (text === null) return [];
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(l))
    .slice(0, 64);
}

/** Lines recovered from commits outside the history, with each commit's note body. */
export interface Recovered extends Carried {
  /** Commit sha → the body of its note (commits whose note lists a session). */
  bodyOf: Map<string, string>;
}

/**
 * The pool of lines, with the owners their notes gave them, of annotated commits outside
 * the history of `head`: reachable from `tips` (commits a squash merge named) or from the
 * HEAD reflogs of the repository's worktrees, at most `MAX_RECOVERED_COMMITS` of them,
 * oldest first so that the newest wins a tie; only the lines under `paths`. Lines the
 * current history added to a file since the old commit's parent (a split commit's first
 * part, the commit re-made after a reset; copies counted) are left out of its lines: the
 * current history owns them, so a new copy of one is not given to the commit that left.
 * Throws `GitError` when git fails.
 */
export async function readRecovered(dirs: GitDirs, head: string, paths: string[], tips: string[] = []): Promise<Recovered> {
  const none: Recovered = { pool: keyedRecord(), sessions: [], bodies: [], commits: [], unread: 0, bodyOf: new Map() };
  if (paths.length === 0) return none;
  const reflog = await readReflogCommits(dirs, head);
  const outside = await readOutsideHistory(dirs.root, [...tips, ...reflog], head, MAX_OUTSIDE_COMMITS);
  const texts = await readNoteTexts(dirs.root, outside);
  const noted = outside
    .filter((c) => texts.has(c))
    .slice(0, MAX_RECOVERED_COMMITS)
    .reverse();
  if (noted.length === 0) return none;
  const additions = await readManyAdditions(dirs.root, noted, paths);
  const versions = await readFilesAt(
    dirs.root,
    [...additions].flatMap(([c, files]) => files.flatMap((f) => [`${head}^:${f.path}`, `${c}^:${f.path}`])),
  );
  const carried = none;
  // The note parser (and its schema) loads only when there are notes to recover from.
  const { parseNote } = await import('../notes/index.js');
  for (const commit of noted) {
    const note = parseNote(texts.get(commit)!);
    const files = additions.get(commit);
    if (!files || 'invalid' in note) continue;
    carried.commits.push(commit);
    for (const file of files) {
      const owners = ownersOf(note, file.path);
      const list = (carried.pool[file.path] ??= []);
      const owned = countAdded(versions.get(`${commit}^:${file.path}`), versions.get(`${head}^:${file.path}`));
      for (const added of file.lines) {
        if (takeOne(owned, added.text)) continue;
        list.push(carriedLine(added.text, commit, owners?.get(added.line)));
      }
    }
    carried.sessions = mergeSessionEntries([...carried.sessions, ...note.sessions]);
    if (!carried.bodies.includes(note.body) && note.sessions.length > 0) carried.bodies.push(note.body);
    if (note.sessions.length > 0) carried.bodyOf.set(commit, note.body);
  }
  return carried;
}

/**
 * What of `recovered` a note should tell: the sessions that own lines in `attribution`, and
 * the note bodies of the commits whose agent lines it took (a recovered line is taken when
 * it is no longer among `attribution.pending`).
 */
export function usedRecovered(recovered: Recovered, attribution: CommitAttribution): Pick<Carried, 'sessions' | 'bodies'> {
  const owning = new Set<string>();
  for (const file of attribution.files) for (const owner of file.lines.values()) if (owner.session) owning.add(owner.session);
  const sessions = new Set<string>();
  const commits = new Set<string>();
  for (const [path, lines] of Object.entries(recovered.pool)) {
    const left = new Set<PendingLine>(ownValue(attribution.pending, path) ?? []);
    for (const line of lines) {
      if (left.has(line) || !line.session || !owning.has(line.session)) continue;
      sessions.add(line.session);
      commits.add(line.edit);
    }
  }
  const bodies = [...new Set([...commits].flatMap((c) => recovered.bodyOf.get(c) ?? []))];
  return { sessions: recovered.sessions.filter((s) => sessions.has(s.id)), bodies };
}

/** Per line, how many more times it occurs in `now` than in `then` (a file's text; undefined is empty). */
function countAdded(then: string | undefined, now: string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  const lines = (text: string | undefined) => (text ? text.replace(/\n$/, '').split('\n') : []);
  for (const line of lines(now)) counts.set(line, (counts.get(line) ?? 0) + 1);
  for (const line of lines(then)) if (counts.has(line)) counts.set(line, counts.get(line)! - 1);
  return counts;
}

/** Take one occurrence of `line` from `counts`; false when there is none left. */
function takeOne(counts: Map<string, number>, line: string): boolean {
  const n = counts.get(line) ?? 0;
  if (n <= 0) return false;
  counts.set(line, n - 1);
  return true;
}
