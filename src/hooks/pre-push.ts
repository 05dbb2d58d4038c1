/**
 * The pre-push hook: pushes `refs/notes/drift` to the remote the user pushes to (never
 * forced), so notes travel with the commits. It never fails the user's push: a rejected
 * notes push becomes one line saying how to merge the remote's notes.
 */
import type { HookReport } from '../hook.js';
import { parseSettings } from '../config.js';
import { readDriftConfig } from '../git/repo.js';
import { GitError, runGit } from '../git/run.js';

/** The notes ref pushed. */
const NOTES_REF = 'refs/notes/drift';

/** Where the hook runs: the work tree git runs hooks in, and the environment. */
export interface HookContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** A remote name git accepts as one path component of a ref (`origin`, `upstream`…), as opposed to a URL or path. */
function isRemoteName(remote: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(remote) && !remote.endsWith('.lock') && !remote.includes('..');
}

function shellWord(word: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one line shown when the remote's `refs/notes/drift` moved on: how to fetch it into
 * `refs/notes/drift-remote/<remote>` (never into `refs/notes/drift` itself), merge and push
 * again. A URL remote gets `refs/notes/drift-remote/pushed`. Pure.
 */
export function renderRejected(remote: string): string {
  const local = `refs/notes/drift-remote/${isRemoteName(remote) ? remote : 'pushed'}`;
  return (
    `notes not pushed: the remote ${NOTES_REF} has moved; run ` +
    `\`git fetch ${shellWord(remote)} +${NOTES_REF}:${local}\` then merge with ` +
    `\`git notes --ref=drift merge -s union ${local}\` and push again (your push itself is unaffected)`
  );
}

/** Whether git's stderr says the remote ref could not be fast-forwarded. */
function isRejection(stderr: string): boolean {
  return /\[rejected\]|non-fast-forward|fetch first/.test(stderr);
}

async function hasNotes(ctx: HookContext): Promise<boolean> {
  const { exitCode } = await runGit(['rev-parse', '--verify', '--quiet', `${NOTES_REF}^{commit}`], { ...ctx, allowExit: [1] });
  return exitCode === 0;
}

/**
 * Handle `pre-push <remote name> <remote url>` (git gives the URL twice when the push is
 * not to a named remote). When `drift.push` is true (default) and `refs/notes/drift`
 * exists, run `git push --no-verify <remote> refs/notes/drift:refs/notes/drift` with
 * `GIT_DRIFT=0` (no hook recursion). Quiet on success; a rejection or any other push
 * failure is a report line with git's stderr as detail, never an exception from git.
 * `stdin` (the refs being pushed) is not used. `ctx` defaults to the process's cwd and env.
 */
export async function run(args: string[], _stdin: string, ctx?: HookContext): Promise<HookReport> {
  const where: HookContext = ctx ?? { cwd: process.cwd(), env: process.env };
  const remote = args[0] || args[1];
  if (!remote) return { line: null, detail: 'no remote given; notes not pushed' };
  if (!parseSettings(await readDriftConfig(where.cwd)).push) return { line: null, detail: null };
  if (!(await hasNotes(where))) return { line: null, detail: null };
  try {
    await runGit(['push', '--no-verify', '--quiet', remote, `${NOTES_REF}:${NOTES_REF}`], {
      cwd: where.cwd,
      env: { ...where.env, GIT_DRIFT: '0' },
    });
    return { line: null, detail: null };
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    if (isRejection(err.stderr)) return { line: renderRejected(remote), detail: err.stderr };
    const first = err.stderr.split('\n').find((l) => l.trim() !== '') ?? err.message;
    return { line: `notes not pushed to ${remote}: ${first} (your push itself is unaffected)`, detail: err.stderr };
  }
}
