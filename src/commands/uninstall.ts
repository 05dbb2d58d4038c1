/**
 * `git drift uninstall`: removes exactly what install added — the git drift blocks in the
 * hook files (deleting the files install created), the `notes.rewriteRef` value and the
 * notes fetch refspecs it set — and leaves `.prompts/` (the user's records), the notes and
 * every line of the user's own alone.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Args, CommandIO, ExitCode } from './io.js';
import { readRepo } from '../git/repo.js';
import { notesFetchRefspec, removeFetchRefspecs, removeRewriteRef } from '../install/config.js';
import { NOTES_REF } from '../notes/ref.js';
import { REMOTE_NOTES_PREFIX } from '../notes/remotes.js';
import { applyPlan, HOOK_NAMES, planUninstall, readHookFile, type HookName } from '../install/hooks.js';
import { writeExclude } from '../install/exclude.js';
import { detectManager, managerRunsHook, type HookManager } from '../install/managers.js';

/** What `uninstall` needs: the directory to run in and the environment for git. */
export interface UninstallOptions {
  /** Any directory inside the work tree. */
  cwd: string;
  /** Environment for git calls (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** What happened to one hook file that held a block. */
export interface UninstallOutcome {
  hook: HookName;
  /** Absolute path of the hook file. */
  path: string;
  /** `rewrite`: the block was taken out; `delete`: the file held nothing else and was removed. */
  action: 'rewrite' | 'delete';
}

/** Everything `uninstall` did, for rendering. */
export interface UninstallResult {
  root: string;
  /** The directories searched: the hooks directory in use and `<common dir>/hooks`. */
  hooksDirs: string[];
  hooks: UninstallOutcome[];
  /** Files of a hook manager that still call git-drift-hook (the user removes those lines). */
  managed: { manager: HookManager; paths: string[] } | null;
  rewriteRef: 'removed' | 'untouched';
  /** Remotes whose notes fetch refspec (added by install) was removed. */
  fetch: string[];
  /** Whether `.prompts/` exists (it is left in place). */
  prompts: boolean;
  /** Whether git drift's block was removed from `<git-common-dir>/info/exclude`. */
  exclude: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function uninstallHooks(dirs: string[]): Promise<UninstallOutcome[]> {
  const outcomes: UninstallOutcome[] = [];
  for (const dir of dirs) {
    for (const hook of HOOK_NAMES) {
      const path = join(dir, hook);
      const plan = planUninstall((await readHookFile(path))?.text ?? null);
      if (plan.action === 'absent') continue;
      await applyPlan(path, plan);
      outcomes.push({ hook, path, action: plan.action });
    }
  }
  return outcomes;
}

async function readManaged(manager: HookManager | null): Promise<UninstallResult['managed']> {
  if (!manager) return null;
  const paths = new Set<string>();
  for (const hook of HOOK_NAMES) {
    const { wired, path } = await managerRunsHook(manager, hook);
    if (wired) paths.add(path);
  }
  return paths.size ? { manager, paths: [...paths] } : null;
}

/**
 * Uninstall git drift from the repository around `opts.cwd`. Blocks are looked for in the
 * hooks directory git uses and in `<common dir>/hooks` (where they stay when
 * `core.hooksPath` changed since install). Throws `NotARepoError` outside a work tree,
 * `GitError` when git config fails, and file system errors.
 */
export async function uninstall(opts: UninstallOptions): Promise<UninstallResult> {
  const env = opts.env ?? process.env;
  const repo = await readRepo(opts.cwd);
  const hooksDirs = [...new Set([repo.hooksDir, join(repo.commonDir, 'hooks')])];
  const hooks = await uninstallHooks(hooksDirs);
  const managed = await readManaged(await detectManager(repo));
  const rewriteRef = await removeRewriteRef({ cwd: repo.root, env });
  const fetch = await removeFetchRefspecs({ cwd: repo.root, env });
  const prompts = await exists(join(repo.root, '.prompts'));
  const exclude = await writeExclude(repo.commonDir, null);
  return { root: repo.root, hooksDirs, hooks, managed, rewriteRef, fetch, prompts, exclude };
}

/** The lines `git drift uninstall` prints for a result, ending with a newline. Pure. */
export function renderUninstall(result: UninstallResult): string {
  const lines = result.hooks.map((h) => (h.action === 'delete' ? `removed ${h.hook} → ${h.path} (git drift had created it)` : `removed the git drift block from ${h.hook} → ${h.path}`));
  if (result.hooks.length === 0) lines.push(`no git drift block found in ${result.hooksDirs.join(' or ')}`);
  if (result.managed) {
    const { manager, paths } = result.managed;
    lines.push(`${manager.kind} still runs git-drift-hook: remove those lines yourself from ${paths.join(', ')}`);
  }
  lines.push(result.rewriteRef === 'removed' ? `removed ${NOTES_REF} from notes.rewriteRef` : `notes.rewriteRef left as is (git drift install had not added ${NOTES_REF} to it)`);
  for (const remote of result.fetch) lines.push(`removed ${notesFetchRefspec(remote)} from remote.${remote}.fetch`);
  if (result.exclude) lines.push('removed the git drift block from .git/info/exclude');
  if (result.prompts) lines.push('.prompts/ left in place: it holds your session records (delete it yourself if you no longer want them)');
  lines.push(`notes under ${NOTES_REF} (and fetched ones under ${REMOTE_NOTES_PREFIX}) are kept`);
  return `${lines.join('\n')}\n`;
}

/**
 * The `uninstall` subcommand, in `io.cwd`'s repository with `io.env` for git, printing to
 * `io.stdout`.
 * Always exit 0 once it ran.
 */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const result = await uninstall({ cwd: args.cwd, env: io.env });
  io.stdout.write(renderUninstall(result));
  return 0;
}
