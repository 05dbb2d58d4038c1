/**
 * The repository around any directory of a work tree, found from the files git leaves, as
 * git's own discovery finds it (setup.c, `setup_git_directory_gently`), without a
 * `git rev-parse` process when no doubt is possible (issue 15: each process costs a read
 * command 10-20 ms of CPU). Git walks up from the directory and stops at the first
 * `<dir>/.git` that is a git directory (`HEAD`, `objects/`, `refs/`), or at a `<dir>` that is
 * one itself (a bare repository); it does not cross a filesystem boundary, honours
 * `GIT_CEILING_DIRECTORIES`, refuses a repository another user owns (`safe.directory`), and
 * reads `core.bare` and `core.worktree` from the repository's config. Only the plain layout
 * is read here: a `.git` directory that is a whole repository (no `commondir`: not a linked
 * worktree), owned by this user, whose config sets no work tree and does not make it bare or
 * include other files, reached without crossing a filesystem, with no git variable in the
 * environment that moves the repository or its config. Anything else is left to git
 * (`readRepo`, src/git/repo.ts), which gives its own answer or error.
 */
import { lstat, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readRegularText } from '../fs/read.js';
import { readRepo, type Repo } from './repo.js';
import { plainRepo } from './repo-files.js';

/** Environment variables that make git find or read a repository otherwise than by walking up to `.git`. */
const DISCOVERY_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
] as const;

/** Largest repository config read, in bytes; a bigger one is left to git. */
const MAX_CONFIG_BYTES = 256 * 1024;

/** Largest `HEAD` read, in bytes (git's own limit for a ref file is far above a real one). */
const MAX_HEAD_BYTES = 1024;

/**
 * The repository whose work tree holds `cwd` (absolute), read from its files alone, or
 * null when the layout leaves any doubt or `cwd` is in no repository (then ask git with
 * `readRepo`). `root` is the work tree's top with symlinks resolved, like
 * `git rev-parse --show-toplevel`; `gitDir` and `commonDir` are its `.git`. `hooksDir`
 * honours `core.hooksPath`, so it is asked of git (`git rev-parse --git-path hooks`) the
 * first time it is read. Never throws.
 */
export async function discoverRepoFromFiles(cwd: string, env: NodeJS.ProcessEnv): Promise<Repo | null> {
  // On Windows git writes paths with forward slashes: leave the spelling to git.
  if (process.platform === 'win32' || DISCOVERY_ENV.some((name) => env[name] !== undefined)) return null;
  try {
    const start = await realpath(cwd);
    const device = (await stat(start)).dev;
    for (let dir = start; ; ) {
      const found = await readDotGit(dir);
      if (found === 'doubt') return null;
      if (found === 'repository') return (await isPlainRepository(dir)) ? plainRepo(dir) : null;
      // No `.git` here: git would take `dir` itself for a bare repository if it looked like one.
      if (await exists(join(dir, 'HEAD'))) return null;
      const parent = dirname(dir);
      if (parent === dir || (await stat(parent)).dev !== device) return null; // the root, or a mount point: git says
      dir = parent;
    }
  } catch {
    return null;
  }
}

/**
 * The repository around `cwd`: from its files when they leave no doubt
 * (`discoverRepoFromFiles`), else from git (`readRepo`, which throws `NotARepoError`
 * outside a work tree and `GitError` for other git failures).
 */
export async function readRepoNear(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Repo> {
  return (await discoverRepoFromFiles(cwd, env)) ?? readRepo(cwd);
}

/** What `<dir>/.git` is: absent, a git directory, or anything else (a file, a symlink, an incomplete directory). */
async function readDotGit(dir: string): Promise<'absent' | 'repository' | 'doubt'> {
  const gitDir = join(dir, '.git');
  let st;
  try {
    st = await lstat(gitDir);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'doubt';
  }
  if (!st.isDirectory()) return 'doubt';
  const [head, objects, refs, linked] = await Promise.all([
    isHeadFile(join(gitDir, 'HEAD')),
    isDirectory(join(gitDir, 'objects')),
    isDirectory(join(gitDir, 'refs')),
    exists(join(gitDir, 'commondir')),
  ]);
  return head && objects && refs && !linked ? 'repository' : 'doubt';
}

/**
 * Whether the repository whose `.git` is in `top` is one git would use as it is: `top` and
 * its `.git` owned by this user, and a config that neither sets a work tree (`core.worktree`,
 * or `extensions.worktreeConfig` that lets `config.worktree` set one), nor makes the
 * repository bare (`core.bare` other than a plain `false`), nor includes other files.
 */
async function isPlainRepository(top: string): Promise<boolean> {
  const uid = process.geteuid?.();
  const gitDir = join(top, '.git');
  const [a, b, config] = await Promise.all([stat(top), stat(gitDir), readSmallFile(join(gitDir, 'config'), MAX_CONFIG_BYTES)]);
  if (uid === undefined || a.uid !== uid || b.uid !== uid || config === null) return false;
  return isPlainConfig(config);
}

/**
 * Whether a repository's config text (`.git/config`) leaves git's discovery as it is: no
 * `worktree` or `include` anywhere (`core.worktree`, `extensions.worktreeConfig`,
 * `[include]`, `[includeIf]`), and every mention of `bare` on a line `bare = false`, as
 * `git init` writes it. Conservative on purpose: a false "no" only costs a git process. Pure.
 */
export function isPlainConfig(text: string): boolean {
  const lower = text.toLowerCase();
  if (lower.includes('worktree') || lower.includes('include')) return false;
  for (const line of lower.split('\n')) {
    if (line.includes('bare') && !/^\s*bare\s*=\s*false\s*$/.test(line)) return false;
  }
  return true;
}

/** Whether `path` is a regular file holding a ref (`ref: refs/…`) or an object name, as git's `validate_headref` wants of `HEAD`. */
async function isHeadFile(path: string): Promise<boolean> {
  const text = await readSmallFile(path, MAX_HEAD_BYTES);
  return text !== null && (/^ref:\s*refs\//.test(text) || /^[0-9a-f]{40}(?:[0-9a-f]{24})?\s*$/.test(text));
}

/**
 * The UTF-8 text of the regular file `path` of at most `max` bytes, or null when it is
 * something else (a symlink is not followed, a FIFO never blocks: `readRegularText`),
 * bigger or unreadable.
 */
function readSmallFile(path: string, max: number): Promise<string | null> {
  return readRegularText(path, { follow: false, maxBytes: max }).catch(() => null);
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return false;
      throw err;
    },
  );

const isDirectory = (path: string) =>
  stat(path).then(
    (st) => st.isDirectory(),
    () => false,
  );
