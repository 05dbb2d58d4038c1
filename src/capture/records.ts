/**
 * Writing the records of the sessions behind a commit into `.prompts/sessions/`, and
 * keeping the ignore rules of `drift.records` in `<git-common-dir>/info/exclude`.
 */
import { recordPath, writeRecord, writeRecordChunks } from '../record/index.js';
import { renderRecordIncrement, type RecordIncrement } from '../record/parts.js';
import { renderSessionRecord } from '../record/session.js';
import { writeExclude } from '../install/exclude.js';
import { OutsideRepoError } from '../fs/inside.js';
import type { CaptureContext } from './index.js';
import { eventsBase } from '../store/events.js';
import { countRendered, foldContext, readRecordBytes, recordByteLength, writeRecordCaches, type RecordFolds, type RecordState } from '../store/record-cache.js';
import type { StoredSession } from '../store/index.js';
import { splitSummaryOfFold } from '../summary/fold.js';

/**
 * Mark the sessions' events as attributed (covered by `sha`'s note), then write (or refresh) each
 * session's record from all its events. Returns the repo-relative paths written, and why
 * records were not written when their real path leaves the work tree (a committed
 * `.prompts` symlink: nothing is written there, the note is unaffected). `folds`
 * (`prepareRecords`) gives the record caches of sessions whose events are not all in memory:
 * their records are rendered from the new items and copied from the caches' journals, and
 * the caches are saved for the next capture; the other sessions are loaded whole and
 * summarised. Throws on other I/O failures.
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
  const increments = new Map<string, RecordIncrement>();
  await ctx.store.loadEvents(ids.filter((id) => !folds?.has(id)));
  for (const id of ids) {
    const session = ctx.store.data.sessions[id];
    if (!session) continue;
    session.attributedUpTo = eventsBase(session) + session.events.length;
    if (!session.commits.includes(sha)) session.commits.push(sha);
    const path = recordPath(session.info);
    if (refused) continue;
    const state = folds?.get(id);
    try {
      if (state) {
        const increment = renderIncrement(ctx, session, state, relative);
        increments.set(id, increment);
        const size = recordByteLength(state, increment.pieces);
        if (await writeRecordChunks(ctx.repo.root, path, size, () => readRecordBytes(ctx.store.dir, id, state, increment.pieces))) written.push(path);
      } else {
        const text = renderSessionRecord(ctx, session, relative);
        countRendered(text.length);
        if (await writeRecord(ctx.repo.root, path, text)) written.push(path);
      }
    } catch (err) {
      if (!(err instanceof OutsideRepoError)) throw err;
      refused = err.message;
    }
  }
  if (folds) await writeRecordCaches(ctx, folds, (id, state) => increments.get(id) ?? renderIncrement(ctx, ctx.store.data.sessions[id]!, state, relative));
  if (ids.length > 0) await writeExclude(ctx.repo.commonDir, ctx.settings.records);
  return { written, refused };
}

/** The record of `session` rendered from its cache `state`: only the items folded since the journals are rendered (counted, `readRecordWork`). */
function renderIncrement(ctx: CaptureContext, session: StoredSession, state: RecordState, relative: (p: string) => string | null): RecordIncrement {
  const fc = foldContext(ctx, relative);
  const increment = renderRecordIncrement(ctx.redactor.deep(session.info), splitSummaryOfFold(state.fold, fc), state.kept, session.commits, ctx.settings.prompts);
  countRendered(increment.pieces.reduce((n, p) => n + (typeof p === 'string' ? p.length : 0), 0));
  return increment;
}
