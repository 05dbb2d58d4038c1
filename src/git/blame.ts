/**
 * Reading `git blame --porcelain`: for each line of a file at a revision, the commit that
 * last changed it and the line's number and path in that commit. Format: git-blame(1),
 * "THE PORCELAIN FORMAT".
 */
import { runGit } from './run.js';
import { unquote } from './diff.js';

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

/** What to blame: a repo-relative or cwd-relative file, an optional revision and 1-based inclusive line range. */
export interface BlameRequest {
  file: string;
  revision?: string;
  range?: { start: number; end: number };
}

/**
 * Run `git blame --porcelain` in `cwd`. Without a revision, the work tree is blamed (like
 * `git blame`), so uncommitted lines come back with `UNCOMMITTED`. Throws `GitError` when
 * git fails (unknown file or revision, range past the end).
 */
export async function readBlame(cwd: string, req: BlameRequest): Promise<BlameEntry[]> {
  const args = ['-c', 'core.quotePath=false', 'blame', '--porcelain'];
  if (req.range) args.push('-L', `${req.range.start},${req.range.end}`);
  if (req.revision) args.push(req.revision);
  args.push('--', req.file);
  const { stdout } = await runGit(args, { cwd });
  return parsePorcelain(stdout);
}

/**
 * Parse `git blame --porcelain` output. Pure. Each group starts with
 * `<sha> <orig> <final> <count>`, later lines of a group with `<sha> <orig> <final>`;
 * headers follow (a commit's author fields only the first time it appears, `filename` in
 * every group); the line's text follows a TAB.
 */
export function parsePorcelain(text: string): BlameEntry[] {
  const entries: BlameEntry[] = [];
  let commit = '';
  let origLine = 0;
  let line = 0;
  let open = false;
  let filename = '';
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    if (text.charCodeAt(pos) === 9) {
      if (open) entries.push({ line, commit, origLine, origPath: filename, text: text.slice(pos + 1, end) });
      open = false;
    } else if (text.startsWith('filename ', pos)) {
      filename = unquote(text.slice(pos + 9, end));
    } else if (end - pos >= 44 && text.charCodeAt(pos + 40) === 32 && HEAD.test(text.slice(pos, end))) {
      const [sha, orig, final] = text.slice(pos, end).split(' ');
      commit = sha!;
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

/** One commit that touched a line, from `git log -L`: newest first. */
export interface LineHistoryEntry {
  commit: string;
  /** ISO 8601 committer date. */
  date: string;
  subject: string;
  /** Path of the file in that commit. */
  path: string;
  /** 1-based lines of the traced range in that commit's version (empty when the commit removed them). */
  lines: number[];
}

/**
 * Every commit that touched line `line` of `file` at `revision` (default HEAD), newest
 * first, from `git log -L<line>,<line>:<file>`. Throws `GitError` when git refuses.
 */
export async function readLineHistory(cwd: string, file: string, line: number, revision = 'HEAD'): Promise<LineHistoryEntry[]> {
  const args = ['-c', 'core.quotePath=false', 'log', `-L${line},${line}:${file}`, '--format=%x1e%H%x1f%cI%x1f%s', '--no-color', revision];
  const { stdout } = await runGit(args, { cwd });
  return parseLineLog(stdout);
}

/** Parse the output of `readLineHistory`'s `git log -L` (a record separator before each commit, then its patch). Pure. */
export function parseLineLog(text: string): LineHistoryEntry[] {
  const out: LineHistoryEntry[] = [];
  for (const record of text.split('\x1e').slice(1)) {
    const [head = '', ...patch] = record.split('\n');
    const [commit = '', date = '', subject = ''] = head.split('\x1f');
    let path = '';
    const lines: number[] = [];
    for (const l of patch) {
      if (l.startsWith('+++ ')) path = l === '+++ /dev/null' ? path : unquote(l.slice(4)).replace(/^b\//, '');
      else if (l.startsWith('--- ') && !path) path = unquote(l.slice(4)).replace(/^a\//, '');
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(l);
      if (m) {
        const start = Number(m[1]);
        const count = m[2] === undefined ? 1 : Number(m[2]);
        for (let n = start; n < start + count; n++) lines.push(n);
      }
    }
    out.push({ commit, date, subject, path, lines });
  }
  return out;
}
