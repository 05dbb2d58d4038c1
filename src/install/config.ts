/**
 * The configuration `git drift install` adds besides hooks, and takes back on uninstall:
 * `notes.rewriteRef` (so git copies notes on amend and rebase) with the key remembering
 * that install added it, and `.prompts/.gitignore`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runGit } from '../git/run.js';
import { NOTES_REF } from '../notes/index.js';
import { recordsGitignore } from '../record/index.js';

export { NOTES_REF };


/**
 * Repository-local git config key set to `true` when `git drift install` added
 * `refs/notes/drift` to `notes.rewriteRef`; uninstall removes that value only when it is set.
 */
export const INSTALLED_REWRITE_REF_KEY = 'drift.installed.rewriteRef';

/** The context of one git config change: where to run git and with which environment. */
export interface ConfigContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Whether `notes.rewriteRef` values (each a ref or a glob such as `refs/notes/*`) cover
 * `ref`. Pure.
 */
export function rewriteRefCovers(values: string[], ref = NOTES_REF): boolean {
  return values.some((value) => {
    if (!value.includes('*')) return value === ref;
    const pattern = value.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp(`^${pattern}$`).test(ref);
  });
}

/** Every `notes.rewriteRef` value in force (all config scopes), in git's order. */
export async function readRewriteRefs(ctx: ConfigContext): Promise<string[]> {
  const { stdout } = await runGit(['config', '--get-all', 'notes.rewriteRef'], { ...ctx, allowExit: [1] });
  return stdout.split('\n').filter((line) => line !== '');
}

/** Whether the repository config says install added `refs/notes/drift` to `notes.rewriteRef`. */
export async function readInstalledRewriteRef(ctx: ConfigContext): Promise<boolean> {
  const { stdout } = await runGit(['config', '--local', '--type=bool', '--get', INSTALLED_REWRITE_REF_KEY], { ...ctx, allowExit: [1, 128] });
  return stdout.trim() === 'true';
}

/**
 * Add `refs/notes/drift` to the repository's `notes.rewriteRef` (with `--add`: other
 * values stay) unless a value in force already covers it, and remember that we did.
 * Returns `added` or `present`. Throws `GitError` when git config fails.
 */
export async function addRewriteRef(ctx: ConfigContext): Promise<'added' | 'present'> {
  if (rewriteRefCovers(await readRewriteRefs(ctx))) return 'present';
  await runGit(['config', '--local', '--add', 'notes.rewriteRef', NOTES_REF], ctx);
  await runGit(['config', '--local', INSTALLED_REWRITE_REF_KEY, 'true'], ctx);
  return 'added';
}

/**
 * Take back what `addRewriteRef` added: the `refs/notes/drift` value of the repository's
 * `notes.rewriteRef` and the key remembering it. Other values (the user's) stay. Returns
 * `removed`, or `untouched` when install had not added it. Throws `GitError` when git config fails.
 */
export async function removeRewriteRef(ctx: ConfigContext): Promise<'removed' | 'untouched'> {
  if (!(await readInstalledRewriteRef(ctx))) return 'untouched';
  await runGit(['config', '--local', '--unset-all', 'notes.rewriteRef', `^${NOTES_REF}$`], { ...ctx, allowExit: [5] });
  await runGit(['config', '--local', '--unset-all', INSTALLED_REWRITE_REF_KEY], { ...ctx, allowExit: [5] });
  return 'removed';
}

/**
 * Create `<root>/.prompts/.gitignore` for `records` when it is missing; an existing file
 * is never changed. Returns `created` or `present`. Throws file system errors.
 */
export async function writePromptsGitignore(root: string, records: 'notes' | 'tree'): Promise<'created' | 'present'> {
  const dir = join(root, '.prompts');
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(join(dir, '.gitignore'), recordsGitignore(records), { flag: 'wx' });
    return 'created';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'present';
    throw err;
  }
}
