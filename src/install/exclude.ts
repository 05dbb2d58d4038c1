/**
 * git drift's local ignore rules, kept as a marked block in `<git-common-dir>/info/exclude`
 * (gitignore(5): per-repository rules that are never committed, shared by every worktree).
 *
 * Why not `.prompts/.gitignore`: an untracked file that install creates and asks users to
 * commit breaks onboarding. Once one teammate commits it, every other clone that already
 * has its own untracked copy sees `git pull` abort ("untracked working tree files would be
 * overwritten"). `info/exclude` is local, so nothing can collide with a teammate's commit;
 * a team that wants the rule in the tree commits its own `.prompts/.gitignore`, which git
 * drift never writes, reads or deletes (except an untracked copy with exactly the text
 * an earlier install wrote, which install removes as the leftover of that conflict).
 *
 * `drift.records=notes` (default): the block ignores what is in `/.prompts/` (records and
 * briefs stay out of commits; tracked files there stay tracked) except a
 * `.prompts/.gitignore`, which a team may commit without `git add -f`.
 * `drift.records=tree`: no block.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readRegularText, RefusedFileError } from '../fs/read.js';
import { runGit } from '../git/run.js';
import { resolveInside } from '../fs/inside.js';

/** First and last lines of the block. */
export const EXCLUDE_BEGIN = '# >>> git drift: session records stay out of commits (drift.records=notes); git drift uninstall removes this block';
export const EXCLUDE_END = '# <<< git drift';

/** The rules of the block for a records mode (none for `tree`). Pure. */
export function excludeRules(mode: 'notes' | 'tree'): string[] {
  return mode === 'notes' ? ['/.prompts/*', '!/.prompts/.gitignore'] : [];
}

/**
 * `text` (an exclude file's content, '' when missing) with git drift's block replaced by the
 * rules of `mode`, appended when absent, removed when `mode` has none or `mode` is null
 * (uninstall). The user's lines are kept byte for byte. Pure.
 */
export function renderExclude(text: string, mode: 'notes' | 'tree' | null): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const begin = lines.findIndex((l) => l.startsWith('# >>> git drift'));
  const end = begin === -1 ? -1 : lines.indexOf(EXCLUDE_END, begin);
  const kept = begin === -1 || end === -1 ? lines : [...lines.slice(0, begin), ...lines.slice(end + 1)];
  const rules = mode ? excludeRules(mode) : [];
  const out = rules.length > 0 ? [...kept, EXCLUDE_BEGIN, ...rules, EXCLUDE_END] : kept;
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

/** Absolute path of the exclude file of the repository whose common git dir is `commonDir`. */
export function excludePath(commonDir: string): string {
  return join(commonDir, 'info', 'exclude');
}

/**
 * Bring the block of `<commonDir>/info/exclude` in line with `mode` (null: remove it).
 * Writes only when the text changes (a temporary file renamed over it). Returns whether it
 * wrote. Throws file system errors; a special file or symlink there is refused
 * (`RefusedFileError`) and left alone.
 */
export async function writeExclude(commonDir: string, mode: 'notes' | 'tree' | null): Promise<boolean> {
  const path = excludePath(commonDir);
  let current = '';
  try {
    current = await readRegularText(path, { maxBytes: 1024 * 1024, follow: false });
  } catch (err) {
    if (err instanceof RefusedFileError || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const wanted = renderExclude(current, mode);
  if (wanted === current) return false;
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.drift-${process.pid}.tmp`;
  await writeFile(tmp, wanted);
  await rename(tmp, path);
  return true;
}

/** The two texts earlier installs wrote into `.prompts/.gitignore`. */
const LEGACY_GITIGNORES = [
  '# git drift: session records stay out of commits (drift.records=notes).\n# Set `git config drift.records tree` to commit them.\n*\n!.gitignore\n',
  '# git drift: session records may be committed (drift.records=tree).\n',
];

/**
 * Remove `<root>/.prompts/.gitignore` when it is untracked and holds exactly the text an
 * earlier install wrote (the file behind the `git pull` conflict). A tracked file, a file
 * the user edited, or anything that is not a regular file is left alone. Returns whether
 * it removed the file. Throws `GitError` when git fails.
 */
export async function removeLegacyGitignore(root: string): Promise<boolean> {
  const path = await resolveInside(root, '.prompts/.gitignore').catch(() => null); // Never through a symlink out of the work tree.
  if (path === null) return false;
  const text = await readRegularText(path, { maxBytes: 64 * 1024, follow: false }).catch(() => null);
  if (text === null || !LEGACY_GITIGNORES.includes(text)) return false;
  const tracked = await runGit(['ls-files', '--error-unmatch', '--', '.prompts/.gitignore'], { cwd: root, allowExit: [1] });
  if (tracked.exitCode === 0) return false;
  await rm(path, { force: true });
  return true;
}
