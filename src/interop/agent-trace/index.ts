/**
 * `git drift export agent-trace` and `import agent-trace`: drift notes as Agent Trace 0.1.0
 * records (JSON lines), and records of any producer as drift notes of the commits they name.
 */
import { open } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import { runGit } from '../../git/run.js';
import { listAllNoteBlobs, parseNote, readNoteTexts, type Note } from '../../notes/index.js';
import { foldNotes } from '../../notes/merge.js';
import { applyImportedNotes, type ImportResult, type Skipped } from '../apply.js';
import { readAddedLines, readExistingCommits, readRangeCommits } from '../commits.js';
import { countWithin, type AddedLines } from '../lines.js';
import type { AgentTraceRecordInput } from '../schemas.js';
import { parseAgentTraces, TRACE_FILE_MAX_BYTES } from './parse.js';
import { renderAgentTrace } from './render.js';
import { isDriftRecord, noteFromTrace } from './to-note.js';

/** The records of an export, oldest commit first, and the commits left out. */
export interface TraceExport {
  records: Record<string, unknown>[];
  skipped: Skipped[];
}

/**
 * One Agent Trace record per commit of `range` (null: every annotated commit) that has a
 * valid drift note, oldest first. Throws `UserError` for a bad range, `GitError` when git fails.
 */
export async function exportAgentTrace(cwd: string, range: string | null, version: string): Promise<TraceExport> {
  const commits = range === null ? [...(await listAllNoteBlobs(cwd)).keys()] : await readRangeCommits(cwd, range);
  const texts = await readNoteTexts(cwd, commits);
  const out: TraceExport = { records: [], skipped: [] };
  if (texts.size === 0) return out;
  const input = `${[...texts.keys()].join('\n')}\n`;
  const [dates, order] = await Promise.all([
    runGit(['log', '--no-walk=unsorted', '--stdin', '--format=%H %cI'], { cwd, input }),
    runGit(['rev-list', '--topo-order', '--reverse', '--stdin'], { cwd, input }),
  ]);
  const dateOf = new Map(
    dates.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]),
  );
  for (const commit of order.stdout.split('\n').filter((c) => texts.has(c))) {
    const date = dateOf.get(commit)!;
    const note = parseNote(texts.get(commit) ?? '');
    if ('invalid' in note) out.skipped.push({ commit, reason: `its drift note is not valid drift-note/1 (${note.invalid})` });
    else out.records.push(renderAgentTrace({ commit, date, note, version }));
  }
  return out;
}

/** Read a trace file given by the user: a regular file, at most `TRACE_FILE_MAX_BYTES`. Throws `UserError` otherwise. */
export async function readTraceFile(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new UserError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UserError(`${path} is not a regular file`);
    if (info.size > TRACE_FILE_MAX_BYTES) throw new UserError(`${path} is ${info.size} bytes, over the ${TRACE_FILE_MAX_BYTES} bytes read`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Import Agent Trace records (the text of a trace file) into drift notes. A record written
 * by git drift names its commit; any other record is given to its `vcs.revision` when that
 * commit adds some of its `ai`/`mixed` lines, else to the commit made on top of that
 * revision on HEAD's first-parent history when that one does (the reference
 * implementation records HEAD at edit time), else to the first of the two that adds any
 * of its lines. Records of one commit are folded into one note. Throws `GitError` when git fails.
 */
export async function importAgentTrace(cwd: string, text: string): Promise<ImportResult> {
  const result: ImportResult = { source: 'agent-trace', imported: 0, merged: 0, unchanged: 0, skipped: [] };
  const parsed = parseAgentTraces(text);
  for (const p of parsed.problems) result.skipped.push({ commit: null, reason: `${p.at}: ${p.reason}` });
  const usable = parsed.records.filter((r) => {
    const ok = r.vcs?.type === 'git' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(r.vcs.revision);
    if (!ok) result.skipped.push({ commit: r.vcs?.revision ?? null, reason: `record ${r.id}: no git revision (vcs ${r.vcs ? `${r.vcs.type} ${r.vcs.revision}` : 'missing'})` });
    return ok;
  });
  const existing = await readExistingCommits(
    cwd,
    usable.map((r) => r.vcs!.revision),
  );
  const children = await readFirstParentChildren(cwd);
  const candidates = (r: AgentTraceRecordInput): string[] => {
    const rev = r.vcs!.revision;
    const child = children.get(rev);
    return isDriftRecord(r) || !child ? [rev] : [rev, child];
  };
  const known = usable.filter((r) => {
    if (!existing.has(r.vcs!.revision)) result.skipped.push({ commit: r.vcs!.revision, reason: `record ${r.id}: the revision is not a commit of this repository` });
    return existing.has(r.vcs!.revision);
  });
  const added = await readAddedLines(cwd, [...new Set(known.flatMap(candidates))]);
  const byCommit = new Map<string, Note[]>();
  for (const record of known) {
    const target = isDriftRecord(record)
      ? record.vcs!.revision
      : (candidates(record).find((c) => claimsAddedLines(record, added.get(c)!, true)) ?? candidates(record).find((c) => claimsAddedLines(record, added.get(c)!, false)));
    if (!target) {
      result.skipped.push({ commit: record.vcs!.revision, reason: `record ${record.id}: none of its lines are lines this commit (or the one made on top of it) adds` });
      continue;
    }
    const note = noteFromTrace(record, added.get(target)!);
    if ('invalid' in note) result.skipped.push({ commit: target, reason: `record ${record.id}: ${note.invalid}` });
    else (byCommit.get(target) ?? byCommit.set(target, []).get(target)!).push(note);
  }
  const notes = new Map([...byCommit].map(([c, list]) => [c, foldNotes(list)!]));
  return applyImportedNotes(cwd, notes, result);
}

/** Whether some range of the record (with `agentOnly`, some `ai` or `mixed` range) covers a line the commit adds. */
function claimsAddedLines(record: AgentTraceRecordInput, added: AddedLines, agentOnly: boolean): boolean {
  return record.files.some((f) => {
    const lines = added.get(f.path);
    return (
      !!lines &&
      f.conversations.some((c) =>
        c.ranges.some((r) => {
          const type = r.contributor?.type ?? c.contributor?.type;
          return (!agentOnly || type === 'ai' || type === 'mixed') && countWithin(lines, r.start_line, r.end_line) > 0;
        }),
      )
    );
  });
}

/** The child of each commit on HEAD's first-parent history (`git rev-list --first-parent --parents HEAD`); empty without a HEAD. */
async function readFirstParentChildren(cwd: string): Promise<Map<string, string>> {
  const { stdout, exitCode } = await runGit(['rev-list', '--first-parent', '--parents', 'HEAD', '--'], { cwd, allowExit: [128] });
  const out = new Map<string, string>();
  if (exitCode !== 0) return out;
  for (const line of stdout.split('\n')) {
    const [commit, parent] = line.split(' ');
    if (commit && parent) out.set(parent, commit);
  }
  return out;
}
