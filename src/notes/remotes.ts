/**
 * Notes and remotes: fetching a remote's `refs/notes/drift` into
 * `refs/notes/drift-remote/<remote>` (never into `refs/notes/drift` itself), merging those
 * remote-tracking notes refs into `refs/notes/drift` (`mergeNotesRef`), remembering which
 * ones are merged so hooks can skip them cheaply, and pushing — what `git drift sync`, the
 * pre-push hook and the start of every hook run share.
 */
import { readFile } from 'node:fs/promises';
import { resolveCommit } from '../git/branch.js';
import { GitError, runGit } from '../git/run.js';
import { readMayHaveRefs } from '../git/ref-files.js';
import { NOTES_REF } from './ref.js';
import type { RefMergeResult } from './refs.js';
import { storePath } from '../store/paths.js';

/** Prefix of the refs that hold each remote's notes as last fetched. */
export const REMOTE_NOTES_PREFIX = 'refs/notes/drift-remote/';

/** Where a repository is and the environment to run git with. */
export interface NotesRepo {
  /** The work tree (or any directory git accepts as cwd). */
  root: string;
  /** The common git dir; the merge state lives in `<commonDir>/drift/`. */
  commonDir: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Whether `remote` reads as a remote name (`origin`, `upstream`, `team/shared`) that can
 * end a ref name, as opposed to a URL or a path (`https://…`, `../repo.git`, `/srv/x`). Pure.
 */
export function isRemoteName(remote: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(remote) && !remote.includes('..') && !remote.split('/').some((part) => part.endsWith('.lock') || part.endsWith('.'));
}

/**
 * The remote-tracking notes ref of `remote`: `refs/notes/drift-remote/<remote>`, or
 * `refs/notes/drift-remote/pushed` for a URL or path given instead of a remote name. Pure.
 */
export function remoteNotesRef(remote: string): string {
  return `${REMOTE_NOTES_PREFIX}${isRemoteName(remote) ? remote : 'pushed'}`;
}

/** The file remembering, per remote-tracking notes ref, the sha last merged (`<sha> <ref>` lines). */
function stateFile(commonDir: string): string {
  return storePath(commonDir, 'mergedRemoteNotes');
}

function parseState(text: string): Map<string, string> {
  const state = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [sha, ref] = line.split(' ');
    if (sha && ref) state.set(ref, sha);
  }
  return state;
}

async function readState(commonDir: string): Promise<Map<string, string>> {
  try {
    return parseState(await readFile(stateFile(commonDir), 'utf8'));
  } catch {
    return new Map();
  }
}

async function writeState(commonDir: string, state: Map<string, string>): Promise<void> {
  const text = [...state]
    .sort(([p], [q]) => (p < q ? -1 : 1))
    .map(([ref, sha]) => `${sha} ${ref}\n`)
    .join('');
  // Loaded here, not up front: every hook run starts by asking whether fetched notes moved,
  // and post-commit's first git process should not wait for the store's modules.
  const { writeFileAtomic } = await import('../store/files.js');
  await writeFileAtomic(stateFile(commonDir), text);
}

/** Every remote-tracking notes ref and its sha, with one `git for-each-ref`. */
async function readRemoteNotesRefs(repo: NotesRepo): Promise<Map<string, string>> {
  const { stdout } = await runGit(['for-each-ref', '--format=%(objectname) %(refname)', REMOTE_NOTES_PREFIX], { cwd: repo.root, env: repo.env });
  return parseState(stdout);
}

/** One remote-tracking notes ref merged into `refs/notes/drift`. */
export interface TrackedMerge {
  ref: string;
  result: RefMergeResult;
}

/**
 * Merge into `refs/notes/drift` every remote-tracking notes ref (`refs/notes/drift-remote/*`)
 * that moved since it was last merged here, and remember its sha. Refs in `always` are
 * merged even when unchanged (`git drift sync` after a fetch). Costs no git process when
 * the ref files show there is no such ref (`readMayHaveRefs`; the common case of a
 * repository never fetched from), else one `git for-each-ref` and a small file read when
 * nothing moved, which is what keeps hooks fast. A ref that fails to merge is not
 * remembered, so the next run tries again; the first failure is thrown (`GitError`) after
 * the other refs were tried.
 */
export async function mergeRemoteNotes(repo: NotesRepo, always: string[] = []): Promise<TrackedMerge[]> {
  if (always.length === 0 && !(await readMayHaveRefs(repo.commonDir, REMOTE_NOTES_PREFIX))) return [];
  const [refs, state] = await Promise.all([readRemoteNotesRefs(repo), readState(repo.commonDir)]);
  const done: TrackedMerge[] = [];
  let failure: unknown = null;
  for (const [ref, sha] of refs) {
    if (state.get(ref) === sha && !always.includes(ref)) continue;
    try {
      // The merge (and the note parser with its schema) loads only when a ref moved: every hook starts here.
      const { mergeNotesRef } = await import('./refs.js');
      done.push({ ref, result: await mergeNotesRef(repo.root, sha, { env: repo.env, label: `${ref} (${sha.slice(0, 8)})` }) });
      state.set(ref, sha);
    } catch (err) {
      failure ??= err;
    }
  }
  if (done.length > 0) await writeState(repo.commonDir, state);
  if (failure) throw failure;
  return done;
}

/**
 * Fetch `remote`'s `refs/notes/drift` into its remote-tracking notes ref. That ref is
 * only a mirror of the remote, so the fetch is forced into it; `refs/notes/drift` itself
 * is never touched. Returns `absent` when the remote has no notes yet. Throws `GitError`
 * for other failures (unknown remote, network).
 */
export async function fetchNotes(repo: NotesRepo, remote: string): Promise<'fetched' | 'absent'> {
  const refspec = `+${NOTES_REF}:${remoteNotesRef(remote)}`;
  try {
    await runGit(['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', remote, refspec], { cwd: repo.root, env: repo.env });
    return 'fetched';
  } catch (err) {
    if (err instanceof GitError && /couldn't find remote ref/i.test(err.stderr)) return 'absent';
    throw err;
  }
}

/**
 * Push `refs/notes/drift` to `remote`, never forced, with `--no-verify` and `GIT_DRIFT=0`
 * (no hook recursion). Returns `pushed` (also when already up to date), `rejected` when
 * the remote's notes moved on (not a fast-forward), or `none` when there are no local
 * notes. Throws `GitError` for any other failure.
 */
export async function pushNotes(repo: NotesRepo, remote: string): Promise<'pushed' | 'rejected' | 'none'> {
  if (!(await resolveCommit(repo.root, NOTES_REF, repo.env))) return 'none';
  try {
    await runGit(['push', '--no-verify', '--quiet', remote, `${NOTES_REF}:${NOTES_REF}`], {
      cwd: repo.root,
      env: { ...(repo.env ?? process.env), GIT_DRIFT: '0' },
    });
    return 'pushed';
  } catch (err) {
    if (err instanceof GitError && isRejection(err.stderr)) return 'rejected';
    throw err;
  }
}

/**
 * Whether git's stderr says the remote ref could not be moved because another push moved or
 * held it: not a fast-forward, or the remote's own compare-and-swap lost the race (git 2.39
 * receive-pack: `remote: error: cannot lock ref '…': is at <a> but expected <b>`, or
 * `… Unable to create '….lock': File exists`, then `[remote rejected] … (failed to update
 * ref)`). Both pass once the remote's notes are fetched and merged again. Pure.
 */
export function isRejection(stderr: string): boolean {
  if (/\[rejected\]|non-fast-forward|fetch first|\[remote rejected\].*(stale|lock)/.test(stderr)) return true;
  return /cannot lock ref '[^'\n]*': (?:is at [0-9a-f]+ but expected|reference already exists|Unable to create '[^'\n]*': File exists)/.test(stderr);
}

/** Upper bound of the random pause before another fetch-merge-push round, per round made (ms). */
const ROUND_PAUSE_MS = 100;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What `syncNotes` did. */
export interface SyncResult {
  remote: string;
  /** The remote-tracking notes ref fetched into. */
  tracking: string;
  fetched: 'fetched' | 'absent';
  /** The merge of the fetched notes, or null when the remote had none. */
  merge: RefMergeResult | null;
  /** `skipped`: not asked to push. */
  pushed: 'pushed' | 'rejected' | 'none' | 'skipped';
  /** Fetch-merge-push rounds made (another round follows a rejected push). */
  rounds: number;
}

/**
 * Fetch `remote`'s notes, merge them into `refs/notes/drift`, and (with `push`) push the
 * result; when the push is rejected because the remote moved again meanwhile (or another
 * push held its ref), start over after a random pause (up to 100 ms × rounds made), at most
 * `rounds` times in all. Never forces anything. Throws `GitError` for failures
 * other than a rejected push.
 */
export async function syncNotes(repo: NotesRepo, remote: string, opts: { push: boolean; rounds: number }): Promise<SyncResult> {
  const tracking = remoteNotesRef(remote);
  let result: SyncResult = { remote, tracking, fetched: 'absent', merge: null, pushed: 'skipped', rounds: 0 };
  for (let round = 1; round <= Math.max(1, opts.rounds); round++) {
    // Two clones syncing in step keep rejecting each other: a random pause breaks the step.
    if (round > 1) await sleep(Math.floor(Math.random() * ROUND_PAUSE_MS * round));
    const fetched = await fetchNotes(repo, remote);
    const merges = fetched === 'fetched' ? await mergeRemoteNotes(repo, [tracking]) : [];
    const merge = merges.find((m) => m.ref === tracking)?.result ?? null;
    result = { remote, tracking, fetched, merge: merge ?? result.merge, pushed: 'skipped', rounds: round };
    if (!opts.push) return result;
    result.pushed = await pushNotes(repo, remote);
    if (result.pushed !== 'rejected') return result;
  }
  return result;
}
