/**
 * One line's history: every commit that touched it, from `git log -L` (git-log(1),
 * "-L<start>,<end>:<file>").
 */
import { runGit } from '../run.js';
import { unquote } from '../diff.js';

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
