/**
 * One `git blame --porcelain` process and the parsing of its output. Format: git-blame(1),
 * "THE PORCELAIN FORMAT".
 */
import { runGit } from '../run.js';
import { unquote } from '../diff.js';

/** The sha git blame uses for lines not committed yet. */
export const UNCOMMITTED = '0000000000000000000000000000000000000000';

/** One line of the blamed file. */
export interface BlameEntry {
  /** 1-based line number in the blamed revision (or work tree). */
  line: number;
  /** Full sha of the commit that last changed the line; `UNCOMMITTED` for work-tree changes. */
  commit: string;
  /** 1-based line number in that commit's version of the file (the "original line"). */
  origLine: number;
  /** Repo-relative path of the file in that commit (differs from the blamed path across renames). */
  origPath: string;
  /** The line's text, without newline. */
  text: string;
}

/** One git blame's entries, and the commits it marked `boundary` (where its revision range stopped it). */
export interface PorcelainBlame {
  entries: BlameEntry[];
  boundaries: Set<string>;
}

/** What one `git blame --porcelain` blames (see `readPorcelainBlame`). */
export interface PorcelainRequest {
  /** The revision to blame at; the work tree when absent. */
  revision?: string;
  /** 1-based inclusive line ranges, one `-L` each; every line when empty. */
  ranges: { start: number; end: number }[];
  /** Stop at this commit (`^below`): the blame of the revision range `below..revision`. */
  below?: string;
  /** Pass `--root`: root commits are not boundaries (implied by `below`). */
  root?: boolean;
}

/**
 * Run one `git blame --porcelain` of `file` (relative to `cwd`) as `at` says. With `below`
 * or `root`, `--root` keeps root commits from being boundaries, so that only the revision
 * range's edge is one. `signal` stops git. Throws `GitError` when git fails or is stopped.
 */
export async function readPorcelainBlame(cwd: string, file: string, at: PorcelainRequest, signal?: AbortSignal): Promise<PorcelainBlame> {
  const args = ['-c', 'core.quotePath=false', 'blame', '--porcelain'];
  if (at.below) args.push(`^${at.below}`);
  if (at.below || at.root) args.push('--root');
  for (const r of at.ranges) args.push('-L', `${r.start},${r.end}`);
  if (at.revision) args.push(at.revision);
  args.push('--', file);
  const { stdout } = await runGit(args, { cwd, signal });
  const boundaries = new Set<string>();
  const entries = parsePorcelain(stdout, boundaries);
  return { entries, boundaries };
}

/**
 * Parse `git blame --porcelain` output. Pure but for `boundaries`, which receives each
 * commit marked `boundary` (the edge of a revision range, or a root commit without
 * `--root`). Each group starts with `<sha> <orig> <final> <count>`, later lines of a group
 * with `<sha> <orig> <final>`; headers follow only the first time a commit appears (its
 * author fields, `boundary`, `filename`), except that `filename` is repeated for a commit
 * whose lines come from more than one path (git's builtin/blame.c, `emit_porcelain_details`):
 * a group without one has its commit's last filename. The line's text follows a TAB.
 */
export function parsePorcelain(text: string, boundaries?: Set<string>): BlameEntry[] {
  const entries: BlameEntry[] = [];
  let commit = '';
  let origLine = 0;
  let line = 0;
  let open = false;
  let filename = '';
  const filenames = new Map<string, string>();
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    if (text.charCodeAt(pos) === 9) {
      if (open) entries.push({ line, commit, origLine, origPath: filename, text: text.slice(pos + 1, end) });
      open = false;
    } else if (text.startsWith('filename ', pos)) {
      filename = unquote(text.slice(pos + 9, end));
      filenames.set(commit, filename);
    } else if (end - pos === 8 && text.startsWith('boundary', pos)) {
      boundaries?.add(commit);
    } else if (end - pos >= 44 && text.charCodeAt(pos + 40) === 32 && HEAD.test(text.slice(pos, end))) {
      const [sha, orig, final] = text.slice(pos, end).split(' ');
      commit = sha!;
      filename = filenames.get(commit) ?? '';
      origLine = Number(orig);
      line = Number(final);
      open = true;
    }
    pos = end + 1;
  }
  return entries;
}

/** A group or line header: `<sha> <orig> <final>[ <count>]`. */
const HEAD = /^[0-9a-f]{40} \d+ \d+(?: \d+)?$/;
