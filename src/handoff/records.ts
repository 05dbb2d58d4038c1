/**
 * Background LLM compaction of session records (`drift.llm.records`): for each session the
 * note of a commit lists, the same material as a brief's (that session only, without git
 * state) is condensed and the result added to the record as a `## Condensed by <model>`
 * section. Runs in the detached `git drift compact-records` process that post-commit starts,
 * never in the hook itself.
 */
import { readWorkTreeText, writeInside } from '../fs/inside.js';
import type { SessionContext } from '../repo/context.js';
import { repoRelative } from '../repo/scope.js';
import type { BranchState } from '../git/branch.js';
import { emptyChanges } from '../git/changes.js';
import { parseNote, readNoteText } from '../notes/index.js';
import { withCondensed } from '../record/index.js';
import { renderCondensedSection } from '../render/brief/condensed.js';
import { condense } from './compaction.js';
import { buildMaterial } from './extract/index.js';
import { redactBrief } from './redaction.js';
import { loadSessionEvents, type HandoffSession } from './sessions.js';

/** What happened to one record. */
export interface RecordOutcome {
  /** Repo-relative path of the record. */
  record: string;
  /** `condensed`, `missing` (no record file), `changed` (rewritten meanwhile: left alone), or `fallback` (no compaction). */
  result: 'condensed' | 'missing' | 'changed' | 'fallback';
  /** The fallback line, if any. */
  line: string | null;
}

/**
 * Condense the records of the sessions in `commit`'s note. A record that changed while the
 * LLM was answering (a newer capture rewrote it) is left alone. Throws `GitError` when git
 * fails; API failures are outcomes.
 */
export async function condenseRecords(ctx: SessionContext, commit: string, now: Date): Promise<RecordOutcome[]> {
  const text = await readNoteText(ctx.repo.root, commit);
  const note = text === null ? null : parseNote(text);
  if (!note || 'invalid' in note || note.sessions.length === 0) return [];
  const sessions = await loadSessionEvents(
    ctx,
    note.sessions.map((s) => s.id),
    false,
  ); // Never save: a newer capture may be writing the store.
  const out: RecordOutcome[] = [];
  for (const s of note.sessions) {
    const session = sessions.find((x) => x.info.id === s.id);
    if (session) out.push(await condenseRecord(ctx, session, s.record, now));
  }
  return out;
}

async function condenseRecord(ctx: SessionContext, session: HandoffSession, record: string, now: Date): Promise<RecordOutcome> {
  const before = await readWorkTreeText(ctx.repo.root, record); // A record path comes from a note: never read outside the work tree.
  if (before === null) return { record, result: 'missing', line: null };
  const relative = (p: string) => repoRelative(p, ctx.scope);
  const material = redactBrief(
    ctx.redactor,
    buildMaterial({
      scope: `the record of one session`,
      sessions: [session],
      state: noState(session),
      notes: new Map(),
      relative,
      mode: ctx.settings.prompts,
      changes: emptyChanges(),
      committedHunks: [],
    }),
  );
  const { compaction, line } = await condense(ctx, material, 'auto', now, 'record');
  if (!compaction) return { record, result: 'fallback', line };
  if ((await readWorkTreeText(ctx.repo.root, record)) !== before) return { record, result: 'changed', line: null };
  await writeInside(ctx.repo.root, record, withCondensed(before, renderCondensedSection(compaction), compaction.model));
  return { record, result: 'condensed', line: null };
}

/** A branch state that says nothing: a record is about one session, not about git. */
function noState(session: HandoffSession): BranchState {
  return { branch: session.info.branch, head: null, defaultBranch: null, compareWith: null, base: null, commits: [], commitCount: 0, diff: null };
}
