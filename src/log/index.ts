/**
 * The commits of a revision range with what their drift notes say, as `git drift log --json`
 * prints them and the MCP tool `drift_log` returns them. Notes are read in one batch (two
 * git calls, beside the `git log`), whatever the number of commits, and only their heads
 * are needed: a note parsed once is not parsed again (the note-head cache under the git
 * common dir), and the YAML parser is loaded only for notes not seen before.
 */
import { gitText, GitError } from '../git/run.js';
import type { InvalidNote } from '../notes/index.js';
import { listAllNoteBlobs, readNoteHeads, type NoteHead } from '../notes/read.js';
import { openNoteHeads } from '../notes/head-cache.js';
import { tallyLines } from '../notes/counts.js';
import type { LogEntry } from '../render/log.js';
import { UserError } from '../errors.js';

/**
 * The `log --json` entries of `git log [-n maxCount] <range>` in the work tree `root`, newest
 * first; notes read in one batch, their heads through the cache under `commonDir` (the git
 * common dir, or a promise of it, so that a caller still reading the repository need not
 * hold back the git processes; asked of git when not given). `root` may be any directory
 * of the work tree. Throws `UserError` when git cannot read the range.
 */
export async function readLog(root: string, range: string, maxCount?: number, commonDir?: string | Promise<string>): Promise<LogEntry[]> {
  const blobs = listAllNoteBlobs(root);
  const cache = Promise.resolve(commonDir ?? gitText(['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: root })).then((dir) => openNoteHeads(dir.trim()));
  for (const p of [blobs, cache]) p.catch(() => undefined); // awaited once the range is read
  const commits = await readLogCommits(root, range, maxCount);
  const heads = await cache;
  const notes = await readNoteHeads(
    root,
    commits.map(([sha]) => sha),
    heads,
    await blobs,
  );
  await heads.write();
  return commits.map(([commit, subject]) => headToEntry(commit, subject, notes.get(commit) ?? null));
}

/**
 * The commits of `git log [-n maxCount] <range>` run in `root`, newest first: each its full
 * sha and subject (`''` when it has none). Throws `UserError` when git cannot read the range.
 */
export async function readLogCommits(root: string, range: string, maxCount?: number): Promise<[commit: string, subject: string][]> {
  const n = maxCount === undefined ? [] : ['-n', String(maxCount)];
  let out: string;
  try {
    out = await gitText(['log', '--format=%H%x1f%s', ...n, range, '--'], { cwd: root });
  } catch (err) {
    if (err instanceof GitError) throw new UserError(`cannot read the revision range "${range}": ${err.stderr.split('\n')[0]}`);
    throw err;
  }
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [commit = '', subject = ''] = l.split('\x1f');
      return [commit, subject];
    });
}

/** Turn one commit and its parsed note head (null: no note) into a `log --json` entry. Pure. */
export function headToEntry(commit: string, subject: string, note: NoteHead | InvalidNote | null): LogEntry {
  if (note === null) return { commit, subject, note: 'missing', reason: null, sessions: [], lines: null, partial: null };
  if ('invalid' in note) return { commit, subject, note: 'invalid', reason: note.invalid, sessions: [], lines: null, partial: null };
  const { total, perSession: per } = tallyLines(note);
  return {
    commit,
    subject,
    note: 'ok',
    reason: null,
    sessions: note.sessions.map((s) => ({
      id: s.id,
      agent: s.agent,
      model: s.model,
      source: s.source ?? null,
      edits: s.edits,
      prompts: s.prompts,
      lines: per.get(s.id) ?? { ai: 0, aiModified: 0 },
    })),
    lines: total,
    partial: note.partial ? { unread: note.partial.unread } : null,
  };
}
