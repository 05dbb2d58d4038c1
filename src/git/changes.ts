/**
 * The uncommitted work in a work tree: tracked changes against HEAD as diff hunks (staged
 * and unstaged together), and untracked files with their first lines.
 */
import { resolveInside } from '../fs/inside.js';
import { readRegularHead } from '../fs/read.js';
import { EMPTY_TREE, parseNumstat, type DiffStat } from './branch.js';
import { runGit } from './run.js';
import { headerPath, unquote } from './diff.js';

/** One changed file of a diff, with its hunks as git printed them. */
export interface FileHunks {
  /** Repo-relative path (the new name for a rename; the old one for a deletion). */
  path: string;
  /** `modified`, `added`, `deleted` or `renamed`. */
  change: 'modified' | 'added' | 'deleted' | 'renamed';
  /** Each hunk's text: the `@@` line and its lines with their `+`/`-`/` ` markers. */
  hunks: string[];
  binary: boolean;
}

/** An untracked file and its first lines. */
export interface UntrackedFile {
  path: string;
  /** Up to `UNTRACKED_HEAD_LINES` first lines; empty for binary or unreadable files. */
  head: string[];
  /** Lines in the first `UNTRACKED_READ_BYTES` bytes. */
  lines: number;
  binary: boolean;
}

/** Uncommitted work: tracked changes against HEAD and untracked files. */
export interface WorkTreeChanges {
  /** Tracked changes against HEAD (against the empty tree before the first commit). */
  stat: DiffStat;
  files: FileHunks[];
  untracked: UntrackedFile[];
  /** Untracked files in all (only the first `MAX_UNTRACKED` are read). */
  untrackedCount: number;
}

/** No uncommitted work (for a branch that is not checked out). */
export function emptyChanges(): WorkTreeChanges {
  return { stat: { added: 0, removed: 0, files: 0 }, files: [], untracked: [], untrackedCount: 0 };
}

/** Lines kept from the head of an untracked file. */
export const UNTRACKED_HEAD_LINES = 40;
/** Bytes read from each untracked file. */
export const UNTRACKED_READ_BYTES = 16 * 1024;
/** Untracked files read. */
export const MAX_UNTRACKED = 20;

/**
 * Read the uncommitted work of the work tree at `root`, leaving out the `exclude`
 * pathspecs (e.g. `.prompts`). `head` null means an unborn branch: every staged file is
 * new. Throws `GitError` when git fails.
 */
export async function readWorkTreeChanges(root: string, head: string | null, exclude: string[] = []): Promise<WorkTreeChanges> {
  const paths = ['--', '.', ...exclude.map((p) => `:(exclude)${p}`)];
  const diff = ['-c', 'core.quotePath=false', 'diff', '-M', '--no-color', '--no-ext-diff', head ?? EMPTY_TREE];
  const [numstat, patch, others] = await Promise.all([
    runGit([...diff, '--numstat', ...paths], { cwd: root }),
    runGit([...diff, '-U3', ...paths], { cwd: root }),
    runGit(['ls-files', '--others', '--exclude-standard', '-z', ...paths], { cwd: root }),
  ]);
  const names = others.stdout.split('\0').filter(Boolean).sort();
  const untracked = await Promise.all(names.slice(0, MAX_UNTRACKED).map((p) => readHead(root, p)));
  return { stat: parseNumstat(numstat.stdout), files: parseHunks(patch.stdout), untracked, untrackedCount: names.length };
}

/**
 * The diff hunks between `from` and `to` (null: the work tree) for `paths` only (all when
 * empty), renames followed. Throws `GitError` when git fails.
 */
export async function readDiffHunks(root: string, from: string, to: string | null, paths: string[]): Promise<FileHunks[]> {
  const args = ['-c', 'core.quotePath=false', 'diff', '-M', '-U3', '--no-color', '--no-ext-diff', from, ...(to ? [to] : []), '--', ...paths.map((p) => `:(literal)${p}`)];
  const { stdout } = await runGit(args, { cwd: root });
  return parseHunks(stdout);
}

/** Split a `git diff` patch into files and hunks. Paths quoted by git are unquoted. Pure. */
export function parseHunks(patch: string): FileHunks[] {
  const files: { file: FileHunks; header: string[] }[] = [];
  let current: { file: FileHunks; header: string[] } | null = null;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = { file: { path: '', change: 'modified', hunks: [], binary: false }, header: [] };
      files.push(current);
    } else if (!current) {
    } else if (line.startsWith('@@')) {
      current.file.hunks.push(line);
    } else if (current.file.hunks.length === 0) {
      current.header.push(line);
    } else if (/^[ +\-\\]/.test(line)) {
      current.file.hunks[current.file.hunks.length - 1] += `\n${line}`;
    }
  }
  return files.map(({ file, header }) => readHeader(file, header)).filter((f) => f.path !== '');
}

/** Fill a file's path, change and binary flag from its header lines. */
function readHeader(file: FileHunks, header: string[]): FileHunks {
  const value = (prefix: string) => header.find((l) => l.startsWith(prefix))?.slice(prefix.length);
  const renamed = value('rename to ');
  const plus = value('+++ ');
  const minus = value('--- ');
  const binary = header.find((l) => l.startsWith('Binary files '));
  file.binary = binary !== undefined;
  file.change = renamed !== undefined ? 'renamed' : value('new file mode') !== undefined ? 'added' : value('deleted file mode') !== undefined ? 'deleted' : 'modified';
  if (renamed !== undefined) file.path = unquote(renamed);
  else if (plus && headerPath(plus) !== '/dev/null') file.path = strip(headerPath(plus), 'b/');
  else if (minus && headerPath(minus) !== '/dev/null') file.path = strip(headerPath(minus), 'a/');
  else if (binary) file.path = unquote(/ and (?:"?[ab]\/)?(.*?)"? differ$/.exec(binary)?.[1] ?? '');
  return file;
}

function strip(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * The first lines of an untracked file. Never follows a symlink (its target may be
 * anywhere: `~/.ssh/id_rsa`), never reads through a directory symlink out of the work tree,
 * never opens a FIFO or device (`../fs/read.ts`): those show no lines.
 */
async function readHead(root: string, path: string): Promise<UntrackedFile> {
  try {
    const bytes = await readRegularHead(await resolveInside(root, path), UNTRACKED_READ_BYTES, { follow: false });
    if (bytes.includes(0)) return { path, head: [], lines: 0, binary: true };
    const lines = bytes
      .toString('utf8')
      .replace(/\uFFFD+$/, '')
      .split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return { path, head: lines.slice(0, UNTRACKED_HEAD_LINES), lines: lines.length, binary: false };
  } catch {
    return { path, head: [], lines: 0, binary: false };
  }
}
