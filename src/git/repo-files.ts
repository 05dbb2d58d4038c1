/**
 * The repository of a hook, from the files git leaves, without a `git rev-parse` process
 * when no doubt is possible (issue 15: every process costs a commit ~10-20 ms). githooks(5):
 * git runs a hook at the top of the work tree, and exports `GIT_DIR` whenever the
 * repository is not that top's `.git` directory (`--git-dir`, `core.worktree`); a linked
 * worktree or a submodule has a `.git` file. So with no `GIT_DIR`, `GIT_WORK_TREE` or
 * `GIT_COMMON_DIR` in the environment and a real `.git` directory (no symlink, no
 * `commondir` file, a `HEAD` file) in the hook's directory, that directory is the work
 * tree and its `.git` both the git dir and the common dir, as `git rev-parse` would say.
 * Anything else is left to `readRepo` (src/git/repo.ts).
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Repo } from './repo.js';
import { gitTextSync } from './run.js';

/** Environment variables under which git may find a repository elsewhere than `<cwd>/.git`. */
const LOCATING_ENV = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR'] as const;

/**
 * The repository whose work tree's top is `cwd` (absolute, as `process.cwd()` gives it:
 * symlinks resolved, like `git rev-parse --show-toplevel`), read from its `.git` directory
 * alone, or null when the layout leaves any doubt (then ask git with `readRepo`).
 * `hooksDir` honours `core.hooksPath`, so it is asked of git (`git rev-parse --git-path
 * hooks`) the first time it is read: the hooks never read it. Never throws.
 */
export async function readRepoFromFiles(cwd: string, env: NodeJS.ProcessEnv): Promise<Repo | null> {
  // On Windows git writes paths with forward slashes: leave the spelling to git.
  if (process.platform === 'win32' || LOCATING_ENV.some((name) => env[name] !== undefined)) return null;
  const gitDir = join(cwd, '.git');
  try {
    // All three at once; a `commondir` file makes a linked worktree's git dir: leave it to git.
    const linked = lstat(join(gitDir, 'commondir')).then(
      () => true,
      () => false,
    );
    const [dir, head, hasCommonDir] = await Promise.all([lstat(gitDir), lstat(join(gitDir, 'HEAD')), linked]);
    if (!dir.isDirectory() || !head.isFile() || hasCommonDir) return null;
  } catch {
    return null;
  }
  return plainRepo(cwd);
}

/**
 * The `Repo` of a plain repository whose work tree's top is `top` (absolute, symlinks
 * resolved) and whose `.git` directory there is both its git dir and its common dir.
 * `hooksDir` honours `core.hooksPath`, so it is asked of git (`git rev-parse --git-path
 * hooks`) the first time it is read. Throws only then, what that git call throws.
 */
export function plainRepo(top: string): Repo {
  const gitDir = join(top, '.git');
  let hooksDir: string | undefined;
  return {
    root: top,
    gitDir,
    commonDir: gitDir,
    get hooksDir(): string {
      hooksDir ??= gitTextSync(['rev-parse', '--path-format=absolute', '--git-path', 'hooks'], { cwd: top });
      return hooksDir;
    },
  };
}
