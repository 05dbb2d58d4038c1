/**
 * `git drift log [<range>] [-n N] [--json]`: per commit, the agents and sessions behind it
 * with their edits applied and rejected, and the human line count. Notes are read in one
 * batch (two git calls), whatever the number of commits.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { gitText } from '../git/run.js';
import { readRepo } from '../git/repo.js';
import { parseNote, readNoteTexts } from '../notes/index.js';
import { countLines, linesPerSession } from '../notes/counts.js';
import { renderLog, type LogEntry } from '../render/log.js';
import { UserError } from '../errors.js';
import { writeText } from './output.js';
import { GitError } from '../git/run.js';

/** Read the commits of the range and their notes, then print them. */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const repo = await readRepo(args.cwd);
  const range = typeof args.range === 'string' ? args.range : 'HEAD';
  const n = typeof args.n === 'number' && Number.isFinite(args.n) ? Math.max(0, Math.floor(args.n)) : undefined;
  const entries = await readLog(repo.root, range, n);
  if (args.json) io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  else writeText(io.stdout, renderLog(entries));
  return 0;
}

/**
 * The `log --json` entries of `git log [-n maxCount] <range>` in the work tree `root`, newest
 * first; notes read in one batch. Throws `UserError` when git cannot read the range.
 */
export async function readLog(root: string, range: string, maxCount?: number): Promise<LogEntry[]> {
  const n = maxCount === undefined ? [] : ['-n', String(maxCount)];
  let out: string;
  try {
    out = await gitText(['log', '--format=%H%x1f%s', ...n, range, '--'], { cwd: root });
  } catch (err) {
    if (err instanceof GitError) throw new UserError(`cannot read the revision range "${range}": ${err.stderr.split('\n')[0]}`);
    throw err;
  }
  const commits = out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\x1f') as [string, string]);
  const notes = await readNoteTexts(
    root,
    commits.map(([sha]) => sha),
  );
  return commits.map(([commit, subject]) => toEntry(commit, subject ?? '', notes.get(commit) ?? null));
}

/** Turn one commit and its note text into a `log --json` entry. Pure. */
export function toEntry(commit: string, subject: string, text: string | null): LogEntry {
  if (text === null) return { commit, subject, note: 'missing', reason: null, sessions: [], lines: null };
  const note = parseNote(text);
  if ('invalid' in note) return { commit, subject, note: 'invalid', reason: note.invalid, sessions: [], lines: null };
  const per = linesPerSession(note);
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
    lines: countLines(note),
  };
}
