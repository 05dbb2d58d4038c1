/**
 * Capture orchestration (what post-commit runs): read the new agent events of this
 * repository, attribute the commit's added lines, write the session records and attach
 * the `drift-note/1` note. Idempotent: capturing a commit again gives the same note.
 */
import { homedir } from 'node:os';
import { readDriftConfig, readRepo, readWorktreeRoots, type Repo } from '../git/repo.js';
import { gitText } from '../git/run.js';
import { readAddedLines } from '../git/diff.js';
import { parseSettings, type Settings } from '../config.js';
import { openStore, type PendingLine, type Store } from '../store/index.js';
import type { CommitAttribution } from '../attribution/index.js';
import { attributeWithAiderCommits } from './aider-commits.js';
import { renderNote, writeNote } from '../notes/index.js';
import { makeScope, repoRelative, type Scope } from './scope.js';
import { readNewEvents, scanLogs } from './read-logs.js';
import { addPendingLines, compactEvents, touchedPaths } from './pending.js';
import { buildNote, countLines, type LineCounts } from './note.js';
import { writeRecords } from './records.js';
import { makeRedactor, type Redactor } from './redaction.js';

/** Most capture records kept in the store (for re-capture and amend). */
const KEEP_CAPTURES = 50;

/** Everything a capture needs to know about where it runs. */
export interface CaptureContext {
  repo: Repo;
  settings: Settings;
  scope: Scope;
  store: Store;
  env: NodeJS.ProcessEnv;
  redactor: Redactor;
}

/** What one capture did. */
export interface CaptureResult {
  /** Full sha of the annotated commit. */
  commit: string;
  /** Session ids listed in the note. */
  sessions: string[];
  lines: LineCounts;
  /** Problems met in agent logs (bad lines, unreadable files). */
  diagnostics: number;
  /** Records written or refreshed (repo-relative paths). */
  records: string[];
}

/** Open the repository, settings, store and redaction rules for a capture run from `cwd`. */
export async function openCaptureContext(cwd: string, env: NodeJS.ProcessEnv): Promise<CaptureContext> {
  const repo = await readRepo(cwd);
  const [config, roots, store] = await Promise.all([readDriftConfig(repo.root), readWorktreeRoots(repo), openStore(repo.commonDir)]);
  const settings = parseSettings(config);
  const scope = makeScope(roots, settings);
  const home = env.HOME || homedir();
  return { repo, settings, scope, store, env, redactor: makeRedactor(home, roots, settings.redactPatterns) };
}

/**
 * Read what agents appended to their logs since the last capture, file their new lines as
 * pending (loading only the pending files of the paths they touched), and keep the events
 * in compact form. Returns the number of diagnostics.
 */
export async function ingestLogs(ctx: CaptureContext): Promise<number> {
  const data = ctx.store.data;
  const files = await scanLogs(data, ctx.scope, ctx.settings.agents, ctx.env);
  const read = await readNewEvents(data, files);
  const events = [...read.newEvents.values()].flat();
  const paths = touchedPaths(events, ctx.scope);
  const pending = await ctx.store.pending.load(paths);
  addPendingLines(pending, events, ctx.scope);
  ctx.store.pending.update(pending, paths);
  compactEvents(events);
  return read.diagnostics.length;
}

/**
 * Capture `rev` (default HEAD): ingest logs, attribute, write records and the note, save
 * the store. `basedOn` names an earlier capture to start from (the pre-amend commit).
 * Throws `GitError` when git fails and on a store that cannot be written.
 */
export async function captureCommit(ctx: CaptureContext, rev = 'HEAD', basedOn?: string): Promise<CaptureResult> {
  const [sha, parents] = (await gitText(['rev-list', '--parents', '-n', '1', rev, '--'], { cwd: ctx.repo.root })).split(' ', 2);
  if (!sha) throw new Error(`cannot resolve ${rev}`);
  const data = ctx.store.data;
  await rewind(ctx, sha, basedOn);
  const diagnostics = await ingestLogs(ctx);
  const additions = await readAddedLines(ctx.repo.root, sha, parents ?? null);
  const paths = additions.flatMap((a) => (a.from ? [a.path, a.from] : [a.path]));
  const pending = await ctx.store.pending.load(paths);
  const attribution = await attributeWithAiderCommits(data, ctx.repo.root, sha, additions, pending, ctx.settings.agents.includes('aider'));
  const relative = (p: string) => repoRelative(p, ctx.scope);
  const built = buildNote(data, attribution, additions, relative, ctx.settings.prompts);
  const note = ctx.redactor.note(built.note);
  await writeNote(ctx.repo.root, sha, renderNote(note));
  const records = await writeRecords(ctx, built.sessions, sha, relative);
  remember(ctx, sha, pending, attribution, built.windows);
  const result: CaptureResult = { commit: sha, sessions: built.sessions, lines: countLines(note), diagnostics, records };
  data.lastCapture = { commit: sha, at: new Date().toISOString(), ok: true, summary: describeCapture(result) };
  await ctx.store.write();
  return result;
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
  const consumed: Record<string, PendingLine[]> = {};
  for (const [path, lines] of Object.entries(before)) {
    const left = new Set(attribution.pending[path] ?? []);
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
