/**
 * `git drift install`: puts the git drift block into the post-commit, prepare-commit-msg,
 * pre-push, post-rewrite and post-merge hooks of the hooks directory git uses (or prints
 * the lines for husky / lefthook instead), adds `refs/notes/drift` to `notes.rewriteRef`
 * and the notes fetch refspec to each remote, and keeps the records out of commits with a
 * marked block in `<git-common-dir>/info/exclude` (src/install/exclude.ts: never an
 * untracked `.prompts/.gitignore`, which made teammates' `git pull` abort).
 */
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Args, CommandIO, ExitCode } from './io.js';
import { parseSettings } from '../config.js';
import { UserError } from '../errors.js';
import { readDriftConfig, readRepo } from '../git/repo.js';
import { addFetchRefspecs, addRewriteRef, legacyNotesFetchRefspec, notesFetchRefspec, type FetchRefspecOutcome } from '../install/config.js';
import { NOTES_REF } from '../notes/ref.js';
import { excludePath, excludeRules, removeLegacyGitignore, writeExclude } from '../install/exclude.js';
import { applyPlan, HOOK_NAMES, planInstall, readBlocks, readHookFile, type HookName, type InstallPlan } from '../install/hooks.js';
import { detectManager, renderManagerInstructions, type HookManager } from '../install/managers.js';
import { assertGitSupported } from '../git/version.js';

/** What `install` needs: the directory to run in, the environment for git, and (tests) the hook entry to call. */
export interface InstallOptions {
  /** Any directory inside the work tree. */
  cwd: string;
  /** Environment for git calls (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Absolute path the blocks call instead of this installation's `bin/git-drift-hook`. */
  hookEntry?: string;
}

/** What happened to one hook file. */
export interface HookOutcome {
  hook: HookName;
  /** Absolute path of the hook file. */
  path: string;
  action: InstallPlan['action'];
  /** For `skip`: why. */
  reason: string | null;
  /** Whether the file is executable afterwards (git ignores it otherwise). */
  executable: boolean;
}

/** Everything `install` did, for rendering. */
export interface InstallResult {
  /** Work tree root and the hooks directory git uses (absolute). */
  root: string;
  hooksDir: string;
  /** The hook manager owning the hooks directory; when set, `hooks` is empty. */
  manager: HookManager | null;
  hooks: HookOutcome[];
  rewriteRef: 'added' | 'present';
  /** Per configured remote: whether the notes fetch refspec was added or already there. */
  fetch: FetchRefspecOutcome[];
  /** The exclude file holding git drift's ignore rules (absolute), and whether install changed it. */
  exclude: { path: string; changed: boolean };
  /** Whether an untracked `.prompts/.gitignore` left by an earlier install was removed. */
  legacyGitignoreRemoved: boolean;
  records: 'notes' | 'tree';
}

async function installHook(hooksDir: string, hook: HookName, block: string): Promise<HookOutcome> {
  const path = join(hooksDir, hook);
  const file = await readHookFile(path);
  const plan = planInstall(file?.text ?? null, block);
  try {
    await applyPlan(path, plan);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw err;
    throw new UserError(`cannot write ${path} (${code}); make the hooks directory writable and run git drift install again`);
  }
  const executable = plan.action === 'create' || (file?.executable ?? false);
  return { hook, path, action: plan.action, reason: plan.reason, executable };
}

/**
 * Install git drift in the repository around `opts.cwd`. Writes nothing into a hooks
 * directory a hook manager owns. Throws `NotARepoError` outside a work tree, `UserError`
 * when a hook file cannot be written, `GitError` when git config fails, and other file
 * system errors.
 */
export async function install(opts: InstallOptions): Promise<InstallResult> {
  const env = opts.env ?? process.env;
  const repo = await readRepo(opts.cwd);
  const settings = parseSettings(await readDriftConfig(repo.root));
  const manager = await detectManager(repo);
  const hooks: HookOutcome[] = [];
  if (!manager) {
    const blocks = await readBlocks(opts.hookEntry);
    await mkdir(repo.hooksDir, { recursive: true });
    for (const hook of HOOK_NAMES) hooks.push(await installHook(repo.hooksDir, hook, blocks[hook]));
  }
  const rewriteRef = await addRewriteRef({ cwd: repo.root, env });
  const fetch = await addFetchRefspecs({ cwd: repo.root, env });
  const exclude = { path: excludePath(repo.commonDir), changed: await writeExclude(repo.commonDir, settings.records) };
  const legacyGitignoreRemoved = await removeLegacyGitignore(repo.root);
  return { root: repo.root, hooksDir: repo.hooksDir, manager, hooks, rewriteRef, fetch, exclude, legacyGitignoreRemoved, records: settings.records };
}

function renderHook(outcome: HookOutcome): string {
  const where = `${outcome.hook} → ${outcome.path}`;
  const exec = outcome.executable ? '' : ` (not executable, so git skips it: run chmod +x ${outcome.path})`;
  switch (outcome.action) {
    case 'create':
    case 'insert':
      return `installed ${where}${exec}`;
    case 'update':
      return `updated ${where} (the block was outdated)${exec}`;
    case 'unchanged':
      return `already installed ${where}${exec}`;
    case 'skip':
      return `skipped ${where}: ${outcome.reason ?? 'unknown reason'}`;
  }
}

function renderFetch(fetch: FetchRefspecOutcome[]): string[] {
  if (fetch.length === 0) return ['no remote yet: run git drift install again after git remote add, so that git fetch brings notes'];
  const lines: string[] = [];
  for (const f of fetch) {
    const spec = notesFetchRefspec(f.remote);
    lines.push(
      f.action === 'added'
        ? `added ${spec} to remote.${f.remote}.fetch (git fetch and git pull bring ${f.remote}'s notes; hooks merge them)`
        : f.action === 'repaired'
          ? `replaced ${legacyNotesFetchRefspec(f.remote)} with ${spec} in remote.${f.remote}.fetch (git fetch no longer fails while ${f.remote} has no notes)`
          : `remote.${f.remote}.fetch already has ${spec}`,
    );
    for (const d of f.dangerous) {
      lines.push(
        `warning: remote.${f.remote}.fetch has ${d}, which force-fetches into ${NOTES_REF} and can throw away notes not pushed yet; ` +
          `remove it: git config --fixed-value --unset remote.${f.remote}.fetch '${d}'`,
      );
    }
  }
  return lines;
}

function renderExcludeLine(result: InstallResult): string {
  const where = relative(result.root, result.exclude.path) || result.exclude.path;
  if (excludeRules(result.records).length === 0) return `records may be committed (drift.records=tree): no ignore rule in ${where}`;
  const rules = excludeRules(result.records).join(' ');
  return `${result.exclude.changed ? 'added' : 'kept'} ${rules} in ${where} (session records stay out of commits: drift.records=notes; local, nothing to commit)`;
}

/** The lines `git drift install` prints for a result, ending with a newline. Pure. */
export function renderInstall(result: InstallResult): string {
  const lines: string[] = result.manager ? [renderManagerInstructions(result.manager, result.root).trimEnd()] : result.hooks.map(renderHook);
  lines.push(result.rewriteRef === 'added' ? `set notes.rewriteRef=${NOTES_REF} (git copies notes on amend and rebase)` : `notes.rewriteRef already covers ${NOTES_REF}`);
  lines.push(...renderFetch(result.fetch));
  lines.push(renderExcludeLine(result));
  if (result.legacyGitignoreRemoved) lines.push('removed the untracked .prompts/.gitignore an earlier install wrote (its rule now lives in the exclude file; nothing to commit)');
  return `${lines.join('\n')}\n`;
}

/**
 * The `install` subcommand. Besides the CLI's arguments, callers such as tests may give
 * `args.hookEntry` (see `InstallOptions`); `io.env` is the environment for git.
 * Exit 0, or 1 when a hook file had to be skipped (the output says why). Throws `UserError`
 * (exit 1) on a git older than `MIN_GIT`, before changing anything.
 */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  await assertGitSupported(args.cwd, io.env);
  const result = await install({
    cwd: args.cwd,
    env: io.env,
    hookEntry: typeof args.hookEntry === 'string' ? args.hookEntry : undefined,
  });
  io.stdout.write(renderInstall(result));
  return result.hooks.some((h) => h.action === 'skip') ? 1 : 0;
}
