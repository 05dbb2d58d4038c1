/**
 * `git drift sync [<remote>]`: fetch the remote's notes into
 * `refs/notes/drift-remote/<remote>` (never a forced fetch into `refs/notes/drift`), merge
 * them into `refs/notes/drift` so nothing of either side is lost, then push the result.
 */
import type { Args, CommandIO, ExitCode } from './io.js';
import { parseSettings } from '../config.js';
import { UserError } from '../errors.js';
import { readDefaultRemote } from '../git/remotes.js';
import { readDriftConfig, readRepo } from '../git/repo.js';
import { GitError } from '../git/run.js';
import { NOTES_REF } from '../notes/index.js';
import { syncNotes, type SyncResult } from '../notes/remotes.js';

/** Fetch-merge-push rounds before giving up on a remote whose notes keep moving. */
const ROUNDS = 3;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The lines `git drift sync` prints for a result, ending with a newline. Pure. */
export function renderSync(result: SyncResult): string {
  const { remote, tracking, merge } = result;
  const lines: string[] = [];
  if (result.fetched === 'absent') lines.push(`${remote} has no ${NOTES_REF} yet`);
  else lines.push(`fetched ${remote}'s ${NOTES_REF} into ${tracking}`);
  if (merge) {
    switch (merge.outcome) {
      case 'absent':
      case 'up-to-date':
        lines.push(`${NOTES_REF} already holds every note of ${remote}`);
        break;
      case 'created':
        lines.push(`${NOTES_REF} created from ${remote}'s notes`);
        break;
      case 'fast-forward':
        lines.push(`${NOTES_REF} fast-forwarded to ${remote}'s notes`);
        break;
      case 'merged':
        lines.push(
          `merged ${remote}'s notes into ${NOTES_REF}: ${plural(merge.added, 'note')} added, ${merge.updated} updated, ` + `${merge.merged} merged from both sides (commit ${merge.head?.slice(0, 8)})`,
        );
    }
  }
  const pushed = {
    pushed: `pushed ${NOTES_REF} to ${remote}`,
    none: 'no notes to push',
    skipped: `not pushed: drift.push is false`,
    rejected: `not pushed: ${remote}'s notes kept moving (${plural(result.rounds, 'attempt')}); run git drift sync again`,
  }[result.pushed];
  lines.push(pushed);
  return `${lines.join('\n')}\n`;
}

/**
 * The `sync` subcommand: `args.remote` (default: the current branch's upstream remote,
 * else `origin`, else the only remote). Pushes unless `drift.push` is false. Exit 0, or 1
 * when the push was still rejected after 3 rounds. Throws `UserError` when no remote can
 * be chosen, the remote cannot be reached, or git has no committer identity for the
 * merge commit, saying what to do.
 */
export async function run(args: Args, io: CommandIO): Promise<ExitCode> {
  const repo = await readRepo(args.cwd);
  const env = io.env;
  const remote = typeof args.remote === 'string' && args.remote !== '' ? args.remote : await readDefaultRemote(repo.root);
  if (!remote) throw new UserError('no remote to sync with: add one (git remote add origin <url>) or name it: git drift sync <remote>');
  const push = parseSettings(await readDriftConfig(repo.root)).push;
  let result: SyncResult;
  try {
    result = await syncNotes({ root: repo.root, commonDir: repo.commonDir, env }, remote, { push, rounds: ROUNDS });
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    if (/Please tell me who you are|identity unknown/i.test(err.stderr)) {
      throw new UserError('merging the notes makes a commit, and git does not know who you are: set user.name and user.email (git config user.email you@example.com), then run git drift sync again');
    }
    const first = err.stderr.split('\n').find((l) => l.trim() !== '') ?? err.message;
    throw new UserError(`cannot sync notes with ${remote}: ${first} (check the remote with: git remote -v)`);
  }
  io.stdout.write(renderSync(result));
  return result.pushed === 'rejected' ? 1 : 0;
}
