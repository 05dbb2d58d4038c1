/**
 * `git drift report` without the writing: the range's `Stats` (the very object
 * `git drift stats --json` prints, from src/stats), what each session did per commit and
 * the sessions' stories (from the note bodies), and the files of the range with each
 * line's owner at the range's last commit (`git drift blame`'s join: `readBlame`, then `attributeBlame`). Rendering the page is
 * ./html.ts; the page's script is ./client/.
 */
import { basename } from 'node:path';
import { readRepo, type Repo } from '../git/repo.js';
import { GitError } from '../git/run.js';
import { attributeBlame, type BlameLine } from '../blame/index.js';
import { readBlame, type BlameEntry } from '../git/blame.js';
import { readNoteHeads } from '../notes/read.js';
import { openNoteHeads } from '../notes/head-cache.js';
import { parseNote, readNoteTexts, type Note } from '../notes/index.js';
import { parseNoteBody, parseNoteBodyPrompts } from '../notes/body.js';
import { linesPerSession } from '../notes/counts.js';
import { sessionShortId } from '../ids.js';
import { readStats } from '../stats/index.js';
import type { Stats } from '../stats/types.js';
import { FILES_MAX, FILE_MAX_LINES, LINE_MAX_CHARS, type ReportData, type ReportFile, type ReportOwner, type ReportPart, type ReportSession } from './data.js';

export { FILES_MAX, FILE_MAX_LINES, LINE_MAX_CHARS, type ReportData } from './data.js';

/** How many files are blamed at once. */
const BLAME_CONCURRENCY = 2;

/**
 * Everything a report page shows for `range` (default `HEAD`) of the repository around
 * `cwd`, with `now` as its time of making. Throws `UserError` for a range git cannot read
 * (from readStats), `NotARepoError` outside a repository.
 */
export async function readReport(cwd: string, range: string | undefined, now = new Date()): Promise<ReportData> {
  const repo = await readRepo(cwd);
  const stats = await readStats(repo.root, range, { survival: true });
  const head = stats.history.length === 0 ? null : (stats.survival?.head ?? stats.history[0]!.commit);
  const texts = await readNoteTexts(
    repo.root,
    stats.history.map((c) => c.commit),
  );
  const notes = new Map<string, Note>();
  for (const [commit, text] of texts) {
    const note = parseNote(text);
    if (!('invalid' in note)) notes.set(commit, note);
  }
  const sessions = gatherSessions(stats, notes);
  const { files, leftOut } = head ? await readFiles(repo, head, stats, sessions) : { files: [], leftOut: 0 };
  return {
    report: 1,
    repository: basename(repo.root),
    range: stats.range,
    head,
    generated: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    stats,
    parts: gatherParts(notes),
    sessions,
    files,
    filesLeftOut: leftOut,
  };
}

/** Per commit with a valid note: each listed session's lines, prompts and edits. Pure. */
export function gatherParts(notes: Map<string, Note>): Record<string, ReportPart[]> {
  const out: Record<string, ReportPart[]> = {};
  for (const [commit, note] of notes) {
    const lines = linesPerSession(note);
    out[commit] = note.sessions.map((s) => ({
      session: s.id,
      ai: lines.get(s.id)?.ai ?? 0,
      aiModified: lines.get(s.id)?.aiModified ?? 0,
      prompts: s.prompts,
      applied: s.edits.applied,
      rejected: s.edits.rejected,
    }));
  }
  return out;
}

/**
 * The sessions of the range from their notes (`notes` keyed by full sha), in the order of
 * the range's history (newest first): prompts, decisions, rejected approaches and open
 * threads of every note's section for the session, its commits and files. Pure.
 */
export function gatherSessions(stats: Pick<Stats, 'history'>, notes: Map<string, Note>): ReportSession[] {
  const byId = new Map<string, ReportSession>();
  // Oldest first, so that prompts and decisions read in the order they happened.
  for (const c of [...stats.history].reverse()) {
    const note = notes.get(c.commit);
    if (!note) continue;
    const sections = new Map(parseNoteBody(note.body).map((s) => [s.label, s]));
    const prompts = parseNoteBodyPrompts(note.body);
    for (const s of note.sessions) {
      const session = byId.get(s.id) ?? newSession(byId, s);
      session.model = s.model ?? session.model;
      session.branch = s.branch ?? session.branch;
      session.record = s.record || session.record;
      session.commits.unshift(c.commit);
      const label = `${s.agent} ${sessionShortId(s.id)}`;
      const section = sections.get(label);
      session.prompts.push(...(prompts.get(label) ?? []));
      session.decisions.push(...(section?.decisions ?? []));
      session.rejected.push(...(section?.rejected ?? []));
      if (section) session.openThreads = section.openThreads; // the latest capture window says what is still open
      for (const [path, f] of Object.entries(note.files)) {
        if (f.ai?.[s.id] !== undefined || f['ai-modified']?.[s.id] !== undefined) session.files.push(path);
      }
    }
  }
  for (const s of byId.values()) s.files = [...new Set(s.files)].sort();
  const order = new Map(stats.history.map((c, i) => [c.commit, i]));
  return [...byId.values()].sort((a, b) => order.get(a.commits[0]!)! - order.get(b.commits[0]!)!);
}

function newSession(byId: Map<string, ReportSession>, s: Note['sessions'][number]): ReportSession {
  const session: ReportSession = {
    id: s.id,
    agent: s.agent,
    model: s.model,
    branch: s.branch,
    record: s.record || null,
    prompts: [],
    decisions: [],
    rejected: [],
    openThreads: [],
    commits: [],
    files: [],
  };
  byId.set(s.id, session);
  return session;
}

/**
 * The range's files (the `file` grouping of its stats, largest first) as they are at
 * `head`, blamed, at most `FILES_MAX`; `leftOut` counts those beyond the cap or not
 * readable at `head` (deleted, renamed, binary). Each file is one `git blame` (two at a
 * time); the notes of all their commits are read once and joined as `git drift blame` does
 * (`attributeBlame`).
 */
async function readFiles(repo: Repo, head: string, stats: Stats, sessions: ReportSession[]): Promise<{ files: ReportFile[]; leftOut: number }> {
  const paths = (stats.groups.file ?? []).map((g) => g.key).filter((k): k is string => k !== null);
  const wanted = paths.slice(0, FILES_MAX);
  const blamed: (BlameEntry[] | null)[] = new Array(wanted.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < wanted.length) {
      const i = next++;
      blamed[i] = await readEntries(repo, head, wanted[i]!);
    }
  };
  await Promise.all(Array.from({ length: BLAME_CONCURRENCY }, worker));
  const commits = [...new Set(blamed.flatMap((b) => (b ?? []).map((e) => e.commit)))];
  const cache = await openNoteHeads(repo.commonDir);
  const notes = await readNoteHeads(repo.root, commits, cache);
  await cache.write();
  const files: ReportFile[] = [];
  blamed.forEach((entries, i) => {
    if (entries) files.push({ path: wanted[i]!, ...compactLines(attributeBlame(entries, notes)), rejected: rejectedOn(wanted[i]!, sessions) });
  });
  return { files, leftOut: paths.length - files.length };
}

/** `git blame` of one file at `head`, or null when git cannot blame it there or it is binary. */
async function readEntries(repo: Repo, head: string, path: string): Promise<BlameEntry[] | null> {
  let entries: BlameEntry[];
  try {
    entries = await readBlame(repo.root, { file: path, revision: head }, { top: repo.root });
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
  return entries.some((e) => e.text.includes('\0')) ? null : entries;
}

/** Blame lines as texts (capped) and runs of owners. Pure. */
export function compactLines(lines: BlameLine[]): Pick<ReportFile, 'lines' | 'runs' | 'owners' | 'more'> {
  const kept = lines.slice(0, FILE_MAX_LINES);
  const owners: ReportOwner[] = [];
  const index = new Map<string, number>();
  const runs: [number, number, number][] = [];
  for (const l of kept) {
    const owner: ReportOwner = { state: l.state, commit: l.commit, agent: l.agent, session: l.session, model: l.model, prompt: l.prompt };
    const key = JSON.stringify(owner);
    let k = index.get(key);
    if (k === undefined) index.set(key, (k = owners.push(owner) - 1));
    const last = runs.at(-1);
    if (last && last[2] === k && last[1] === l.line - 1) last[1] = l.line;
    else runs.push([l.line, l.line, k]);
  }
  const text = kept.map((l) => (l.text.length > LINE_MAX_CHARS ? `${l.text.slice(0, LINE_MAX_CHARS - 1)}…` : l.text));
  return { lines: text, runs, owners, more: lines.length - kept.length };
}

/** The rejected approaches of `sessions` that name `path` (the note writes it first, in backquotes). Pure. */
export function rejectedOn(path: string, sessions: ReportSession[]): { session: string; text: string }[] {
  const mark = `\`${path}\``;
  return sessions.flatMap((s) => s.rejected.filter((r) => r.startsWith(mark)).map((text) => ({ session: s.id, text })));
}
