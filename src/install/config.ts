/**
 * The configuration `git drift install` adds besides hooks, and takes back on uninstall:
 * `notes.rewriteRef` (so git copies notes on amend and rebase), a fetch refspec per remote
 * (so `git fetch` brings teammates' notes into `refs/notes/drift-remote/<remote>`), the
 * keys remembering what install added (the ignore rules live in `./exclude.ts`).
 */
import { readRemotes } from '../git/remotes.js';
import { runGit } from '../git/run.js';
import { NOTES_REF } from '../notes/ref.js';
import { remoteNotesRef } from '../notes/remotes.js';

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
    const pattern = value
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
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
 * Repository-local multi-valued git config key: one value per remote to whose
 * `remote.<name>.fetch` `git drift install` added the notes refspec; uninstall removes
 * exactly those refspecs.
 */
export const INSTALLED_FETCH_KEY = 'drift.installed.fetch';

/**
 * The fetch refspec install adds for `remote`: `+refs/notes/drift*:refs/notes/drift-remote/<remote>*`.
 * A pattern, because git fails a whole `git fetch` (and so `git pull`) when an exact source
 * ref is missing on the remote (a new team repository, an `upstream` nobody pushes notes
 * to), while a pattern that matches nothing fetches nothing. Our ref maps to exactly
 * `refs/notes/drift-remote/<remote>`. Pure.
 */
export function notesFetchRefspec(remote: string): string {
  return `+${NOTES_REF}*:${remoteNotesRef(remote)}*`;
}

/**
 * The exact refspec installs before this version added (`+refs/notes/drift:refs/notes/drift-remote/<remote>`),
 * which makes `git fetch` fail while the remote has no notes. Install replaces it, status
 * reports it, uninstall removes it. Pure.
 */
export function legacyNotesFetchRefspec(remote: string): string {
  return `+${NOTES_REF}:${remoteNotesRef(remote)}`;
}

/**
 * Whether a fetch refspec writes into `refs/notes/drift` itself (e.g. `+refs/notes/*:refs/notes/*`):
 * forced (`+`), such a fetch throws away local notes not pushed yet. Pure.
 */
export function refspecForcesNotes(refspec: string): boolean {
  if (!refspec.startsWith('+')) return false;
  const dst = refspec.slice(1).split(':')[1];
  if (!dst) return false;
  if (!dst.includes('*')) return dst === NOTES_REF;
  const [head, tail] = dst.split('*') as [string, string];
  return NOTES_REF.startsWith(head) && NOTES_REF.endsWith(tail) && NOTES_REF.length >= head.length + tail.length + 1;
}

/** What install did to one remote's fetch refspecs. */
export interface FetchRefspecOutcome {
  remote: string;
  /** `repaired`: the legacy exact refspec (`legacyNotesFetchRefspec`) was replaced by the pattern. */
  action: 'added' | 'present' | 'repaired';
  /** Fetch refspecs of this remote that force-fetch into `refs/notes/drift` (see `refspecForcesNotes`). */
  dangerous: string[];
}

async function readAll(ctx: ConfigContext, key: string, scope: string[] = []): Promise<string[]> {
  const { stdout } = await runGit(['config', ...scope, '--get-all', key], { ...ctx, allowExit: [1] });
  return stdout.split('\n').filter((line) => line !== '');
}

/**
 * Add `notesFetchRefspec(remote)` to `remote.<remote>.fetch` (repository config, `--add`)
 * for every configured remote (or those of `only` that are configured remotes) that does
 * not fetch it yet, replacing the legacy exact refspec of an older install (which breaks
 * `git fetch` while the remote has no notes), and remember each remote in `drift.installed.fetch`, so uninstall
 * takes it back. A repository with no remote gets nothing; pre-push adds the refspec of a
 * remote added since, the first time it is pushed to. Throws `GitError` when git config fails.
 */
export async function addFetchRefspecs(ctx: ConfigContext, only?: string[]): Promise<FetchRefspecOutcome[]> {
  const remotes = (await readRemotes(ctx.cwd, ctx.env)).filter((r) => !only || only.includes(r));
  if (remotes.length === 0) return [];
  let installed: string[] | undefined; // read only when a refspec is added
  const outcomes: FetchRefspecOutcome[] = [];
  for (const remote of remotes) {
    const key = `remote.${remote}.fetch`;
    const values = await readAll(ctx, key);
    const dangerous = values.filter(refspecForcesNotes);
    const spec = notesFetchRefspec(remote);
    const legacy = legacyNotesFetchRefspec(remote);
    const hadLegacy = values.includes(legacy);
    if (hadLegacy) await runGit(['config', '--local', '--fixed-value', '--unset-all', key, legacy], { ...ctx, allowExit: [5] });
    if (values.includes(spec)) {
      outcomes.push({ remote, action: hadLegacy ? 'repaired' : 'present', dangerous });
      continue;
    }
    await runGit(['config', '--local', '--add', key, spec], ctx);
    installed ??= await readAll(ctx, INSTALLED_FETCH_KEY, ['--local']);
    if (!installed.includes(remote)) await runGit(['config', '--local', '--add', INSTALLED_FETCH_KEY, remote], ctx);
    outcomes.push({ remote, action: hadLegacy ? 'repaired' : 'added', dangerous });
  }
  return outcomes;
}

/**
 * Take back what `addFetchRefspecs` added: for each remote in `drift.installed.fetch`,
 * exactly the values `notesFetchRefspec(remote)` and `legacyNotesFetchRefspec(remote)` of
 * `remote.<remote>.fetch`, then the key
 * itself. Other refspecs (the user's) stay. Returns the remotes whose refspec was removed.
 * Throws `GitError` when git config fails.
 */
export async function removeFetchRefspecs(ctx: ConfigContext): Promise<string[]> {
  const removed: string[] = [];
  for (const remote of await readAll(ctx, INSTALLED_FETCH_KEY, ['--local'])) {
    let any = false;
    for (const spec of [notesFetchRefspec(remote), legacyNotesFetchRefspec(remote)]) {
      const args = ['config', '--local', '--fixed-value', '--unset-all', `remote.${remote}.fetch`, spec];
      const { exitCode } = await runGit(args, { ...ctx, allowExit: [5] });
      any ||= exitCode === 0;
    }
    if (any) removed.push(remote);
  }
  await runGit(['config', '--local', '--unset-all', INSTALLED_FETCH_KEY], { ...ctx, allowExit: [5] });
  return removed;
}

/** How one remote fetches our notes: `ok` (the pattern), `legacy` (the exact refspec that breaks `git fetch` while the remote has no notes), `missing`. */
export interface NotesFetchState {
  remote: string;
  state: 'ok' | 'legacy' | 'missing';
}

/** How `remote` fetches our notes, given its `remote.<name>.fetch` refspecs (all of them, in config order). Pure. */
export function notesFetchStateOf(remote: string, refspecs: readonly string[]): NotesFetchState {
  const state = refspecs.includes(notesFetchRefspec(remote)) ? 'ok' : refspecs.includes(legacyNotesFetchRefspec(remote)) ? 'legacy' : 'missing';
  return { remote, state };
}
