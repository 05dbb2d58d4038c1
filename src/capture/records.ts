/**
 * Writing the records of the sessions behind a commit into `.prompts/sessions/`, and
 * keeping the ignore rules of `drift.records` in `<git-common-dir>/info/exclude`.
 */
import { recordPath, writeRecord } from '../record/index.js';
import { renderSessionRecord } from '../record/session.js';
import { writeExclude } from '../install/exclude.js';
import { OutsideRepoError } from '../fs/inside.js';
import type { CaptureContext } from './index.js';

/**
 * Mark the sessions' stretches as told in `sha`'s note, then write (or refresh) each
 * session's record from all its events. Returns the repo-relative paths written, and why
 * records were not written when their real path leaves the work tree (a committed
 * `.prompts` symlink: nothing is written there, the note is unaffected). Throws on other
 * I/O failures.
 */
export async function writeRecords(ctx: CaptureContext, ids: string[], sha: string, relative: (p: string) => string | null): Promise<{ written: string[]; refused: string | null }> {
  const written: string[] = [];
  let refused: string | null = null;
  await ctx.store.loadEvents(ids);
  for (const id of ids) {
    const session = ctx.store.data.sessions[id];
    if (!session) continue;
    session.attributedUpTo = session.events.length;
    if (!session.commits.includes(sha)) session.commits.push(sha);
    const path = recordPath(session.info);
    if (refused) continue;
    try {
      if (await writeRecord(ctx.repo.root, path, renderSessionRecord(ctx, session, relative))) written.push(path);
    } catch (err) {
      if (!(err instanceof OutsideRepoError)) throw err;
      refused = err.message;
    }
  }
  if (ids.length > 0) await writeExclude(ctx.repo.commonDir, ctx.settings.records);
  return { written, refused };
}
