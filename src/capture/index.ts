/**
 * Capture orchestration (what post-commit runs): read the new agent events of this
 * repository, attribute the commit's added lines, write the session records and attach
 * the `drift-note/1` note. Idempotent: capturing a commit again gives the same note.
 */
import { readRepo, type Repo, type RepoConfig } from '../git/repo.js';
import { readCommitAdditions, type FileAdditions } from '../git/diff.js';
import type { Sha } from '../ids.js';
import { readRepoContext, type LogsRead, type SessionContext } from '../repo/context.js';
import { openStore, StoreBusyError, type OpenStoreOptions, type PendingLine, type StoredSession, type StoreData } from '../store/index.js';
import { attributeCommit, type CommitAttribution } from '../attribution/index.js';
import { aiderCommitLines } from './aider-commits.js';
import { renderNote } from '../notes/render.js';
import { writeNote } from '../notes/write.js';
import type { Note } from '../notes/index.js';
import { repoRelative } from '../repo/scope.js';
import { readNewEvents, scanLogs } from './read-logs.js';
import { readLogDirs } from '../store/log-dirs.js';
import type { LogFile } from '../agents/reader.js';
import { compactEvents, PendingFiler, touchedPaths } from './pending.js';
import { boundHeapGrowthWhenBig } from './heap.js';
import { buildNote } from './note.js';
import { countLines, type LineCounts } from '../notes/counts.js';
import { writeRecords } from './records.js';
import { mergeSessionEntries, readCarried, type Carried } from './carry.js';
import { hasHumanLines, humanPaths, readRecovered, usedRecovered } from './recover.js';
import { prepareRecords, promptTextOfFolds } from '../store/record-cache.js';
import { eventsBase, promptBeforeEvents } from '../store/events.js';
import { takeRefusals } from '../fs/read.js';
import type { DriftEvent } from '../types.js';
import { keyedRecord, ownValue } from '../records.js';

/** Most capture records kept in the store (for re-capture and amend). */
const KEEP_CAPTURES = 50;

/**
 * Everything a capture needs to know about where it runs: the repository context with the
 * store open (`SessionContext`, whose `readLogs` is `ingestLogs` of this context), and the
 * capture's own time budget.
 */
export interface CaptureContext extends SessionContext {
  /**
   * When set (ms since the epoch; hooks set it from their time budget), log reading stops
   * once it has passed: what was read is attributed and the capture reports itself partial.
   */
  deadline?: number;
  /**
   * The added lines of commit `rev` (a full sha) already being read: post-commit starts
   * `git diff-tree` while the settings are read, and `captureCommit` of that `rev` awaits it.
   */
  additions?: { rev: string; read: Promise<{ sha: Sha; additions: FileAdditions[] }> };
}

/** What one capture did. */
export interface CaptureResult {
  /** Full sha of the annotated commit. */
  commit: Sha;
  /** Session ids listed in the note. */
  sessions: string[];
  lines: LineCounts;
  /** Problems met in agent logs (bad lines, unreadable files, files that are not regular files). */
  diagnostics: number;
  /** Log files the deadline left unread: the note may miss their lines until the commit is captured again. */
  unread: number;
  /** Records written or refreshed (repo-relative paths). */
  records: string[];
  /** Why no record was written, when their real path leaves the work tree (a `.prompts` symlink); else null. */
  recordsRefused?: string | null;
}

/**
 * Open the repository, settings, store and redaction rules for a capture run from `cwd`.
 * `known` is the repository when the caller already read it (the hook dispatcher). The
 * store is opened with its lock unless `opts.lock` is false (a reader that never writes
 * it, or a long-running process); release it with `ctx.store.close()` when done.
 * `config` is the repository's configuration (`readRepoConfig`) when the caller started
 * reading it already (post-commit, beside the commit's diff).
 */
export async function openCaptureContext(cwd: string, env: NodeJS.ProcessEnv, known?: Repo, opts: OpenStoreOptions = {}, config?: Promise<RepoConfig>): Promise<CaptureContext> {
  const repo = known ?? (await readRepo(cwd));
  const [base, store] = await Promise.all([readRepoContext(cwd, env, repo, config), openStore(repo.commonDir, opts)]);
  const ctx: CaptureContext = { ...base, store, readLogs: () => ingestLogs(ctx) };
  return ctx;
}

/**
 * Read what agents appended to their logs since the last capture (until `ctx.deadline`),
 * file their new lines as pending (loading only the pending files of the paths they
 * touched), and keep the events in compact form. Returns the number of diagnostics (bad
 * lines, unreadable files, and files refused by `../fs/read.ts`, each counted once) and
 * of log files left unread by the deadline.
 */
export async function ingestLogs(ctx: CaptureContext): Promise<LogsRead> {
  const data = ctx.store.data;
  takeRefusals(); // Only this run's refusals count.
  const dirs = await readLogDirs(ctx.store.dir);
  const unprobed: LogFile[] = [];
  const files = await scanLogs(data, ctx.scope, ctx.settings.agents, ctx.env, { dirs, deadline: ctx.deadline, unprobed });
  if (ctx.store.locked) await dirs.write().catch(() => undefined); // A cache: unwritable means listing again next time.
  const filing = fileBySteps(ctx);
  const read = await readNewEvents(data, files, ctx.store.loadEvents, ctx.deadline, ctx.store.loadTail, filing.add);
  filing.settle();
  read.unread.push(...unprobed);
  const reported = new Set(read.diagnostics.map((d) => d.file));
  for (const r of takeRefusals()) if (!reported.has(r.path)) read.diagnostics.push({ file: r.path, line: null, message: `not read: ${r.reason}` });
  return { diagnostics: read.diagnostics.length, unread: read.unread.length };
}

/**
 * The filing of new events for one `ingestLogs`: `add` files the lines of one read step's
 * new events (in log order, already in their sessions) as pending, loading the pending
 * files of the paths they touch the first time, then keeps the events in compact form, so
 * a first capture holds one step's full events at a time; `settle` hands the pending
 * lines to the store.
 */
function fileBySteps(ctx: CaptureContext): { add(events: DriftEvent[]): Promise<void>; settle(): void } {
  const data = ctx.store.data;
  const pending = keyedRecord<PendingLine[]>();
  const loaded = new Set<string>();
  const filer = new PendingFiler(pending, ctx.scope);
  return {
    async add(events) {
      boundHeapGrowthWhenBig(); // a big backlog's garbage is collected before it piles up
      if (events.length === 0) return;
      const inStep = new Map<string, number>();
      for (const e of events) inStep.set(e.session, (inStep.get(e.session) ?? 0) + 1);
      const paths = touchedPaths(events, ctx.scope).filter((p) => !loaded.has(p));
      Object.assign(pending, await ctx.store.pending.load(paths));
      for (const p of paths) loaded.add(p);
      filer.add(events, (id) => lastPromptBefore(data.sessions[id], inStep.get(id) ?? 0));
      compactEvents(events);
    },
    settle() {
      filer.settle();
      ctx.store.pending.update(pending, loaded);
    },
  };
}

/** Id of the last prompt of `session` before its `newCount` newest events, if any (in tail mode, the stored one). */
function lastPromptBefore(session: StoredSession | undefined, newCount: number): string | undefined {
  if (!session) return undefined;
  for (let i = session.events.length - newCount - 1; i >= 0; i--) if (session.events[i]!.kind === 'prompt') return session.events[i]!.id;
  return promptBeforeEvents(session) ?? undefined;
}

/**
 * Capture `rev` (default HEAD): ingest logs, attribute, write records and the note, save
 * the store. `basedOn` names an earlier capture to start from (the pre-amend commit).
 * `carryFrom` names original commits whose notes' lines the commit may also match
 * (cherry-pick source, pre-amend commit): agent lines still pending win over them.
 * Added lines that neither explains are then matched against the lines of annotated
 * commits outside the commit's history (`./recover.ts`): those that recently were HEAD in
 * a worktree, and `recoverFrom` (the commits a squash merge named), with their ancestors.
 * Throws `GitError` when git fails and on a store that cannot be written.
 */
export async function captureCommit(ctx: CaptureContext, rev = 'HEAD', basedOn?: string, carryFrom: string[] = [], recoverFrom: string[] = []): Promise<CaptureResult> {
  // Without the store's lock another capture may be consuming the same pending lines.
  if (!ctx.store.locked) throw ctx.store.lockError ?? new StoreBusyError(0);
  const { sha, additions } = await (ctx.additions?.rev === rev ? ctx.additions.read : readCommitAdditions(ctx.repo.root, rev));
  const data = ctx.store.data;
  await rewind(ctx, sha, basedOn);
  const { diagnostics, unread } = await ingestLogs(ctx);
  const carried = await readCarried(ctx.repo.root, carryFrom);
  const paths = additions.flatMap((a) => (a.from ? [a.path, a.from] : [a.path]));
  const pending = await ctx.store.pending.load(paths);
  const aider = await aiderCommitLines(data, ctx.repo.root, sha, additions, ctx.settings.agents.includes('aider'));
  const { attribution, extra, listed } = await attributeWithRecovery(ctx, sha, additions, pending, joinPools(carried.pool, aider), carried, recoverFrom);
  const relative = (p: string) => repoRelative(p, ctx.scope);
  const withNew = Object.keys(data.sessions).filter((id) => data.sessions[id]!.events.length > 0);
  const folds = await prepareRecords(
    ctx,
    sessionsToList(data, attribution),
    withNew,
    relative,
    attribution.files.flatMap((f) => [...f.lines.values()]),
  );
  const built = buildNote(data, attribution, additions, relative, ctx.settings.prompts, listed, promptTextOfFolds(folds));
  const note = withPartial(ctx.redactor.note(built.note), unread);
  await writeNote(ctx.repo.root, sha, renderNote(note), { ident: ctx.ident });
  const { written: records, refused: recordsRefused } = await writeRecords(ctx, built.sessions, sha, relative, folds);
  remember(ctx, sha, pending, withoutCarried(attribution, extra), built.windows);
  const result: CaptureResult = { commit: sha, sessions: note.sessions.map((s) => s.id), lines: countLines(note), diagnostics, unread, records, recordsRefused };
  data.lastCapture = { commit: sha, at: new Date().toISOString(), ok: true, summary: describeCapture(result) };
  await ctx.store.write();
  return result;
}

/**
 * Re-map the notes of `originals` (oldest first) onto the rewritten commit `rev`: its added
 * lines take the owners of the originals' matching lines; no agent log is read and no
 * pending line is consumed. Returns null, writing nothing, when no original has a valid
 * note. Throws `GitError` when git fails.
 */
export async function remapCommit(ctx: CaptureContext, rev: string, originals: string[]): Promise<CaptureResult | null> {
  const carried = await readCarried(ctx.repo.root, originals);
  if (carried.commits.length === 0) return null;
  const { sha, additions } = await readCommitAdditions(ctx.repo.root, rev);
  const attribution = attributeCommit(additions, carried.pool);
  const relative = (p: string) => repoRelative(p, ctx.scope);
  const built = buildNote({ sessions: {} }, attribution, additions, relative, ctx.settings.prompts, carried);
  const note = withPartial(ctx.redactor.note(built.note), carried.unread);
  await writeNote(ctx.repo.root, sha, renderNote(note), { ident: ctx.ident });
  return { commit: sha, sessions: note.sessions.map((s) => s.id), lines: countLines(note), diagnostics: 0, unread: 0, records: [] };
}

/** `note` marked `partial` when `unread` agent log files were left unread (docs/format.md, `partial`); else `note` as it is. */
function withPartial(note: Note, unread: number): Note {
  return unread > 0 ? { ...note, partial: { unread } } : note;
}

/**
 * The sessions a note may need the events of: those whose capture window (the events no
 * note covers yet, past `attributedUpTo`) holds an edit, and those owning lines of the
 * commit (the prompts behind the lines). A session whose window is only talk is not read:
 * it cannot be listed.
 */
function sessionsToList(data: StoreData, attribution: CommitAttribution): string[] {
  const ids = new Set<string>();
  for (const [id, s] of Object.entries(data.sessions)) {
    const unattributed = Math.max(s.eventCount, eventsBase(s) + s.events.length) > s.attributedUpTo;
    if (unattributed && (s.lastEdit === undefined || s.lastEdit > s.attributedUpTo)) ids.add(id);
  }
  for (const file of attribution.files) for (const owner of file.lines.values()) if (owner.session) ids.add(owner.session);
  return [...ids];
}

/**
 * Attribute `additions` against pending lines and the `extra` pool; when some added line is
 * left to a human, again with the lines recovered from annotated commits outside the
 * history of `sha` (put before `extra`, so pending and carried lines win). Returns the
 * attribution, the full extra pool (lines that must not stay pending) and what the note
 * lists of the carried and recovered commits (their sessions and body sections).
 */
async function attributeWithRecovery(
  ctx: CaptureContext,
  sha: string,
  additions: FileAdditions[],
  pending: Record<string, PendingLine[]>,
  extra: Record<string, PendingLine[]>,
  carried: Carried,
  recoverFrom: string[],
): Promise<{ attribution: CommitAttribution; extra: Record<string, PendingLine[]>; listed: Pick<Carried, 'sessions' | 'bodies'> }> {
  const first = attributeCommit(additions, withCarried(pending, extra));
  if (!hasHumanLines(first)) return { attribution: first, extra, listed: carried };
  const human = new Set(humanPaths(first));
  const paths = additions.filter((a) => human.has(a.path)).flatMap((a) => (a.from ? [a.path, a.from] : [a.path]));
  const recovered = await readRecovered(ctx.repo, sha, paths, recoverFrom);
  if (recovered.commits.length === 0) return { attribution: first, extra, listed: carried };
  const all = joinPools(recovered.pool, extra);
  const attribution = attributeCommit(additions, withCarried(pending, all));
  const used = usedRecovered(recovered, attribution);
  const bodies = [...carried.bodies, ...used.bodies.filter((b) => !carried.bodies.includes(b))];
  return { attribution, extra: all, listed: { sessions: mergeSessionEntries([...carried.sessions, ...used.sessions]), bodies } };
}

/** Two pools of extra lines joined per path. */
function joinPools(a: Record<string, PendingLine[]>, b: Record<string, PendingLine[]>): Record<string, PendingLine[]> {
  const out = keyedRecord(a);
  for (const [path, lines] of Object.entries(b)) out[path] = [...(out[path] ?? []), ...lines];
  return out;
}

/** Pending lines with the carried ones put first (so pending agent lines, taken most recent first, win). */
function withCarried(pending: Record<string, PendingLine[]>, pool: Record<string, PendingLine[]>): Record<string, PendingLine[]> {
  const out = keyedRecord(pending);
  for (const [path, lines] of Object.entries(pool)) out[path] = [...lines, ...(ownValue(pending, path) ?? [])];
  return out;
}

/** The attribution with carried and stand-in lines removed from what stays pending (they are not agent work waiting for a commit). */
function withoutCarried(attribution: CommitAttribution, pool: Record<string, PendingLine[]>): CommitAttribution {
  const carried = new Set(Object.values(pool).flat());
  if (carried.size === 0) return attribution;
  const pending = keyedRecord<PendingLine[]>();
  for (const [path, lines] of Object.entries(attribution.pending)) {
    const left = lines.filter((l) => !carried.has(l));
    if (left.length > 0) pending[path] = left;
  }
  return { ...attribution, pending };
}

/** Put back what earlier captures of `sha` and of `basedOn` took, so capturing again starts from the same place. */
async function rewind(ctx: CaptureContext, sha: string, basedOn?: string): Promise<void> {
  const data = ctx.store.data;
  for (const key of basedOn ? [sha, basedOn] : [sha]) {
    const record = data.captures[key];
    if (!record) continue;
    const paths = Object.keys(record.consumed);
    const pending = await ctx.store.pending.load(paths);
    for (const path of paths) pending[path] = [...record.consumed[path]!, ...(pending[path] ?? [])];
    ctx.store.pending.update(pending, paths);
    for (const [id, from] of Object.entries(record.windows)) {
      const session = data.sessions[id];
      if (!session) continue;
      session.attributedUpTo = Math.min(session.attributedUpTo, from);
      session.commits = session.commits.filter((c) => c !== key);
    }
    delete data.captures[key];
  }
}

function remember(ctx: CaptureContext, sha: string, before: Record<string, PendingLine[]>, attribution: CommitAttribution, windows: Record<string, number>): void {
  const data = ctx.store.data;
  const consumed = keyedRecord<PendingLine[]>();
  for (const [path, lines] of Object.entries(before)) {
    const left = new Set(ownValue(attribution.pending, path) ?? []);
    const taken = lines.filter((p) => !left.has(p));
    if (taken.length > 0) consumed[path] = taken;
  }
  ctx.store.pending.update(attribution.pending, Object.keys(before));
  data.captures[sha] = { consumed, windows };
  const keys = Object.keys(data.captures);
  for (const key of keys.slice(0, Math.max(0, keys.length - KEEP_CAPTURES))) delete data.captures[key];
}

/** One line describing a capture, e.g. `claude-code 5f1c2a3b: 54 lines, human: 3 lines`. */
export function describeCapture(result: CaptureResult): string {
  const short = result.commit.slice(0, 8);
  const { ai, aiModified, human } = result.lines;
  if (result.sessions.length === 0) return `${short}: ${human} human lines, no agent session`;
  const who = result.sessions.map((s) => s.replace(/^([^:]+):(.{0,8}).*$/, '$1 $2')).join(', ');
  return `${short}: ${who} · ${ai} agent lines${aiModified ? `, ${aiModified} changed by a human` : ''}, ${human} human`;
}
