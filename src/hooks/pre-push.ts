/**
 * The pre-push hook: pushes `refs/notes/drift` to the remote the user pushes to (never
 * forced), so notes travel with the commits. When the remote's notes moved on, it fetches
 * them into `refs/notes/drift-remote/<remote>`, merges them (`git drift sync` does the
 * same) and pushes again, up to 3 rounds. It never fails the user's push: what goes wrong becomes one
 * line.
 */
import type { HookContext, HookReport } from './context.js';
import { parseSettings } from '../config.js';
import { readDriftConfig, readRepo } from '../git/repo.js';
import { GitError } from '../git/run.js';
import { addFetchRefspecs } from '../install/config.js';
import { NOTES_REF } from '../notes/index.js';
import { pushNotes, syncNotes, type NotesRepo, type SyncResult } from '../notes/remotes.js';

/**
 * Fetch-merge-push rounds after a rejected notes push. One was not enough when two clones
 * push at once under load (issue 12, item 19): each round can lose to the other clone again.
 */
const RETRY_ROUNDS = 3;

function shellWord(word: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one line shown when the notes could still not be pushed after merging the remote's
 * notes in every round: the remote kept moving meanwhile. Pure.
 */
export function renderRejected(remote: string): string {
  return `notes not pushed: the remote ${NOTES_REF} kept moving while git drift merged it; ` + `run \`git drift sync ${shellWord(remote)}\` (your push itself is unaffected)`;
}

function describeSync(sync: SyncResult): string {
  const m = sync.merge;
  const merged = m ? `${m.outcome} (${m.added} added, ${m.updated} updated, ${m.merged} merged)` : 'nothing to merge';
  return `notes push rejected; fetched ${sync.tracking}: ${merged}; push ${sync.pushed}`;
}

function failure(remote: string, err: GitError): HookReport {
  const first = err.stderr.split('\n').find((l) => l.trim() !== '') ?? err.message;
  return { line: `notes not pushed to ${remote}: ${first} (your push itself is unaffected)`, detail: err.stderr || err.message };
}

/**
 * Give a remote added after install the notes fetch refspec install would have set up, so
 * a plain `git fetch` brings teammates' notes from now on. Returns what it did for the log
 * (null when there was nothing to do); a config that cannot be written is reported there
 * too, and never stops the notes push.
 */
async function teachRemote(root: string, env: NodeJS.ProcessEnv, remote: string): Promise<string | null> {
  try {
    const outcomes = await addFetchRefspecs({ cwd: root, env }, [remote]);
    return outcomes.some((o) => o.action === 'added') ? `added the notes fetch refspec to remote ${remote}` : null;
  } catch (err) {
    return `notes fetch refspec not added to remote ${remote}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/**
 * Handle `pre-push <remote name> <remote url>` (git gives the URL twice when the push is
 * not to a named remote). When `drift.push` is true (default) and `refs/notes/drift`
 * exists, push it (`git push --no-verify <remote> refs/notes/drift:refs/notes/drift`,
 * with `GIT_DRIFT=0`). When that is rejected because the remote's notes moved on (or another
 * push held them): fetch them, merge, and push again (`syncNotes`, up to 3 rounds). Quiet on success; any failure
 * is a report line with git's stderr as detail, never an exception from git. A named
 * remote without the notes fetch refspec (added after install) gets it first, recorded
 * for uninstall like install's (`addFetchRefspecs`). `stdin`
 * (the refs being pushed) is not used.
 */
export async function run(args: string[], _stdin: string, where: HookContext): Promise<HookReport> {
  const remote = args[0] || args[1];
  if (!remote) return { line: null, detail: 'no remote given; notes not pushed' };
  if (!parseSettings(await readDriftConfig(where.cwd)).push) return { line: null, detail: null };
  const { root, commonDir } = where.repo ?? (await readRepo(where.cwd));
  const repo: NotesRepo = { root, commonDir, env: where.env };
  try {
    const quiet = args[0] && args[0] !== args[1] ? await teachRemote(root, where.env, args[0]) : null;
    if ((await pushNotes(repo, remote)) !== 'rejected') return { line: null, detail: quiet };
    const sync = await syncNotes(repo, remote, { push: true, rounds: RETRY_ROUNDS });
    const detail = [quiet, describeSync(sync)].filter(Boolean).join('; ');
    if (sync.pushed === 'rejected') return { line: renderRejected(remote), detail };
    return { line: null, detail };
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    return failure(remote, err);
  }
}
