/**
 * The repository git drift works in: its directories (work tree, common dir, hooks dir),
 * its linked worktrees, and its `drift.*` configuration (with the committer ident keys),
 * each read with one git call.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { GitError, gitText, runGit } from './run.js';
import { IDENT_KEYS, type IdentConfig } from './ident.js';
import { parseConfigEntries } from './config-entries.js';

/** Absolute directories of one repository as git itself resolves them. */
export interface Repo {
  /** The work tree git drift runs in (`git rev-parse --show-toplevel`). */
  root: string;
  /** The git dir of this work tree (differs from `commonDir` in a linked worktree). */
  gitDir: string;
  /** The common git dir shared by all worktrees; our local store lives in `<commonDir>/drift/`. */
  commonDir: string;
  /** The hooks directory git actually uses (`git rev-parse --git-path hooks`, honours `core.hooksPath`). */
  hooksDir: string;
}

/** Raised when the directory is not inside a git work tree. */
export class NotARepoError extends UserError {
  constructor(cwd: string) {
    super(`not a git repository (or not inside a work tree): ${cwd}. Run git drift inside a repository.`);
    this.name = 'NotARepoError';
  }
}

/**
 * Resolve the repository around `cwd` with one `git rev-parse` call.
 * Throws `NotARepoError` outside a work tree, `GitError` for other git failures.
 */
export async function readRepo(cwd: string): Promise<Repo> {
  let out: string;
  try {
    out = await gitText(['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-dir', '--git-common-dir', '--git-path', 'hooks'], { cwd });
  } catch (err) {
    if (err instanceof GitError && /not a git repository|must be run in a work tree|this operation must be run/.test(err.stderr)) {
      throw new NotARepoError(cwd);
    }
    throw err;
  }
  const [root, gitDir, commonDir, hooksDir] = out.split('\n');
  if (!root || !gitDir || !commonDir || !hooksDir) throw new NotARepoError(cwd);
  return { root, gitDir, commonDir, hooksDir };
}

/**
 * The work trees of the repository: the main one and every linked worktree, read from
 * `<commonDir>/worktrees/*\/gitdir` (no git call). Absolute paths; `repo.root` first.
 */
export async function readWorktreeRoots(repo: Repo): Promise<string[]> {
  const roots = new Set<string>([repo.root]);
  const main = dirname(repo.commonDir);
  if (repo.commonDir.endsWith('/.git')) roots.add(main);
  let names: string[] = [];
  try {
    names = await readdir(join(repo.commonDir, 'worktrees'));
  } catch {
    return [...roots];
  }
  for (const name of names) {
    try {
      const gitdirFile = (await readFile(join(repo.commonDir, 'worktrees', name, 'gitdir'), 'utf8')).trim();
      if (gitdirFile) roots.add(dirname(gitdirFile));
    } catch {
      // A worktree being removed: skip it.
    }
  }
  return [...roots];
}

/** `drift.*` configuration: each key (lower-cased, without the `drift.` prefix) to all its values, last one winning for single-valued keys. */
export type DriftConfig = Map<string, string[]>;

/**
 * Read every `drift.*` key with one `git config --get-regexp` call (repository config
 * overrides global as git resolves it). Keys are lower-cased by git; an unset
 * configuration gives an empty map.
 */
export async function readDriftConfig(cwd: string): Promise<DriftConfig> {
  return (await readRepoConfig(cwd)).drift;
}

/** What `readRepoConfig` reads: the `drift.*` settings and the committer ident keys. */
export interface RepoConfig {
  drift: DriftConfig;
  /** `user.name`, `user.email`, `committer.name`, `committer.email` (for `readCommitterIdent`, src/git/ident.ts). */
  ident: IdentConfig;
}

/**
 * Read every `drift.*` key and the ident keys (`user.name`, `user.email`,
 * `committer.name`, `committer.email`) with one `git config --null --get-regexp` call, as
 * git resolves them (includes, `-c`, repository over global; last value wins). Throws
 * `GitError` when git fails (a malformed configuration file).
 */
export async function readRepoConfig(cwd: string): Promise<RepoConfig> {
  const { stdout } = await runGit(['config', '--null', '--get-regexp', '^(drift\\.|(user|committer)\\.(name|email)$)'], { cwd, allowExit: [1] });
  return parseRepoConfig(stdout);
}

/**
 * The `RepoConfig` in the output of `git config --null --get-regexp` (entries `key\nvalue\0`,
 * a valueless key without the newline); keys other than `drift.*` and the ident keys are
 * skipped. Pure.
 */
export function parseRepoConfig(stdout: string): RepoConfig {
  const drift: DriftConfig = new Map();
  const ident: IdentConfig = {};
  for (const { key, value } of parseConfigEntries(stdout)) {
    if (!key.startsWith('drift.')) {
      if (!(IDENT_KEYS as readonly string[]).includes(key)) continue;
      if (value === null) (ident.valueless ??= []).push(key);
      else ident[key as (typeof IDENT_KEYS)[number]] = value;
      continue;
    }
    const values = drift.get(key.slice('drift.'.length)) ?? [];
    values.push(value ?? 'true');
    drift.set(key.slice('drift.'.length), values);
  }
  return { drift, ident };
}
