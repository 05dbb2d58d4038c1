/**
 * The lines a commit adds, per file, from `git diff-tree -p -U0 -M`: the input of
 * attribution (DESIGN.md §5 step 1).
 */
import { runGit } from './run.js';
import { assertSha, type Sha } from '../ids.js';

/** One added line: its 1-based number in the commit's version of the file, and its text (no newline). */
export interface AddedLine {
  line: number;
  text: string;
}

/** One hunk's added lines; consecutive added lines of a hunk share `hunk`. */
export interface FileAdditions {
  /** Repo-relative path in the commit (the new name for renames). */
  path: string;
  /** The path in the parent when the file was renamed or copied, else null. */
  from: string | null;
  /** Added lines, ordered by line number, with the index of the hunk they belong to. */
  lines: (AddedLine & { hunk: number })[];
  /** True when git reports the file as binary (no lines then). */
  binary: boolean;
  /** The texts of the lines the commit removes from the file, in order, when the patch read had them (plain `-U0` patches). */
  removed?: string[];
}

/**
 * The added lines of `rev` against its parent (the empty tree for a root commit); for a
 * merge commit, only the lines it adds against every parent (see `parseCombined`). One git
 * process: `git diff-tree --cc -p -U0 -M --root -r <rev>` prints the commit's sha, then a
 * plain patch for an ordinary commit or a combined one for a merge. Throws `GitError` when
 * git fails.
 */
export async function readCommitAdditions(cwd: string, rev: string): Promise<{ sha: Sha; additions: FileAdditions[] }> {
  const args = ['-c', 'core.quotePath=false', 'diff-tree', '--cc', '-p', '-U0', '-M', '--no-color', '--no-ext-diff', '--root', '-r', rev, '--'];
  const { stdout } = await runGit(args, { cwd });
  const nl = stdout.indexOf('\n');
  const sha = assertSha((nl === -1 ? stdout : stdout.slice(0, nl)).trim().split(' ')[0] ?? '', 'commit');
  const patch = nl === -1 ? '' : stdout.slice(nl + 1);
  const combined = patch.startsWith('diff --cc ') || patch.includes('\ndiff --cc ');
  return { sha, additions: combined ? parseCombined(patch) : parseUnifiedZero(patch) };
}

/**
 * Parse `git diff -U0` output (git's unified diff with no context) into added lines (and
 * the removed lines' texts).
 * Paths quoted by git (C-style, for unusual characters) are unquoted. Pure.
 */
export function parseUnifiedZero(patch: string): FileAdditions[] {
  const files: FileAdditions[] = [];
  let current: FileAdditions | null = null;
  let nextLine = 0;
  let hunk = -1;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = { path: '', from: null, lines: [], binary: false };
      files.push(current);
      hunk = -1;
      continue;
    }
    if (!current) continue;
    if (line.startsWith('@@')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      nextLine = m ? Number(m[1]) : 0;
      hunk += 1;
    } else if (hunk >= 0 && line.startsWith('+')) {
      current.lines.push({ line: nextLine, text: line.slice(1), hunk });
      nextLine += 1;
    } else if (hunk >= 0 && line.startsWith('-')) {
      (current.removed ??= []).push(line.slice(1));
    } else if (hunk < 0) {
      readHeaderLine(current, line);
    }
  }
  return files.filter((f) => f.path !== '');
}

function readHeaderLine(file: FileAdditions, line: string): void {
  if (line.startsWith('+++ ')) {
    const p = headerPath(line.slice(4));
    if (p !== '/dev/null') file.path = stripPrefix(p, 'b/');
  } else if (line.startsWith('--- ')) {
    const p = headerPath(line.slice(4));
    if (p !== '/dev/null') file.from = stripPrefix(p, 'a/');
  } else if (line.startsWith('rename to ') || line.startsWith('copy to ')) {
    file.path = unquote(line.slice(line.indexOf(' to ') + 4));
  } else if (line.startsWith('rename from ') || line.startsWith('copy from ')) {
    file.from = unquote(line.slice(line.indexOf(' from ') + 6));
  } else if (line.startsWith('Binary files ')) {
    file.binary = true;
    const m = / and (?:"?b\/)(.*?)"? differ$/.exec(line);
    if (m?.[1] && !file.path) file.path = unquote(m[1]);
  }
  if (file.from !== null && file.from === file.path) file.from = null;
}

function stripPrefix(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * The path of a `--- ` / `+++ ` header line as git wrote it (after the marker): C-quoted
 * names are unquoted; an unquoted name that holds a space comes with a TAB after it (git's
 * `diff.c` adds one for GNU patch), which is not part of the name: git quotes a TAB that is
 * in a name, so an unquoted name never ends with one. Pure.
 */
export function headerPath(raw: string): string {
  if (raw.startsWith('"')) return unquote(raw.replace(/\t$/, ''));
  return raw.replace(/\t$/, '');
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };

/** Undo git's C-style quoting of a path (`"a\tb\303\251"` → `a<TAB>bé`); unquoted input is returned as is. */
export function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"') || path.length < 2) return path;
  const body = path.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(...Buffer.from(ESCAPES[next] ?? next, 'utf8'));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Parse git's combined diff (`diff --cc`, git-diff(1) "COMBINED DIFF FORMAT") into the
 * lines added against all parents. A hunk header has one `@` more than parents; each line
 * has one marker column per parent; a line with no `-` column is in the result. Pure.
 */
export function parseCombined(patch: string): FileAdditions[] {
  const files: FileAdditions[] = [];
  let current: FileAdditions | null = null;
  let parents = 0;
  let nextLine = 0;
  let hunk = -1;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      current = { path: unquote(line.slice(line.indexOf(' ', 5) + 1)), from: null, lines: [], binary: false };
      files.push(current);
      hunk = -1;
      continue;
    }
    if (!current) continue;
    const head = /^(@@@+) (.*) @@@+/.exec(line);
    if (head) {
      parents = head[1]!.length - 1;
      const plus = /\+(\d+)(?:,\d+)?$/.exec(head[2]!.trim());
      nextLine = plus ? Number(plus[1]) : 0;
      hunk += 1;
      continue;
    }
    if (hunk < 0) {
      if (line.startsWith('Binary files ')) current.binary = true;
      continue;
    }
    if (line.length < parents) continue;
    const marks = line.slice(0, parents);
    if (marks.includes('-')) continue;
    if (/^\++$/.test(marks)) current.lines.push({ line: nextLine, text: line.slice(parents), hunk });
    nextLine += 1;
  }
  return files.filter((f) => f.lines.length > 0 || f.binary);
}
