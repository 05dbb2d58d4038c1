/**
 * Writing the records of the sessions behind a commit into `.prompts/sessions/`, and
 * keeping the ignore rules of `drift.records` in `<git-common-dir>/info/exclude`.
 */
import { recordPath, renderRecord, writeRecord } from '../record/index.js';
import { renderSessionRecord } from '../record/session.js';
import { writeExclude } from '../install/exclude.js';
import { OutsideRepoError } from '../fs/inside.js';
import type { CaptureContext } from './index.js';
import { eventsBase } from '../store/events.js';
import { foldContext, writeRecordCaches, type RecordFolds } from '../store/record-cache.js';
import { summaryOfFold } from '../summary/fold.js';

/**
 * Mark the sessions' events as attributed (covered by `sha`'s note), then write (or refresh) each
 * session's record from all its events. Returns the repo-relative paths written, and why
 * records were not written when their real path leaves the work tree (a committed
 * `.prompts` symlink: nothing is written there, the note is unaffected). `folds`
 * (`prepareRecords`) gives the summaries of sessions whose events are not all in memory:
 * their records are rendered from it, and the folds are saved for the next capture; the
 * other sessions are loaded whole and summarised. Throws on other I/O failures.
 */
export async function writeRecords(
  ctx: CaptureContext,
  ids: string[],
  sha: string,
  relative: (p: string) => string | null,
  folds: RecordFolds | null = null,
): Promise<{ written: string[]; refused: string | null }> {
  const written: string[] = [];
  let refused: string | null = null;
  await ctx.store.loadEvents(ids.filter((id) => !folds?.has(id)));
  for (const id of ids) {
    const session = ctx.store.data.sessions[id];
    if (!session) continue;
    session.attributedUpTo = eventsBase(session) + session.events.length;
    if (!session.commits.includes(sha)) session.commits.push(sha);
    const path = recordPath(session.info);
    if (refused) continue;
    const fold = folds?.get(id);
    const text = fold
      ? renderRecord(ctx.redactor.deep(session.info), summaryOfFold(fold, foldContext(ctx, relative)), session.commits, ctx.settings.prompts)
      : renderSessionRecord(ctx, session, relative);
    try {
      if (await writeRecord(ctx.repo.root, path, text)) written.push(path);
    } catch (err) {
      if (!(err instanceof OutsideRepoError)) throw err;
      refused = err.message;
    }
  }
  if (folds) await writeRecordCaches(ctx, folds);
  if (ids.length > 0) await writeExclude(ctx.repo.commonDir, ctx.settings.records);
  return { written, refused };
}
