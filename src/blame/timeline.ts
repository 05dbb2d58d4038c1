/**
 * `git drift blame --line N <file>`: the full story of one line — every commit that touched
 * it (`git log -L`), each with its owner of the line, agent, session, prompt, and the
 * approaches its note records as rejected on that file.
 */
import { readLineHistory } from '../git/blame.js';
import { parseNote, readNoteTexts, type Note } from '../notes/index.js';
import { sessionShortId } from '../ids.js';
import { ownersOf } from '../notes/owners.js';
import type { BlameState } from './index.js';

/** One commit in a line's history (public contract: `git drift blame --line N --json`, docs/format.md). */
export interface TimelineEntry {
  commit: string;
  /** ISO 8601 committer date. */
  date: string;
  subject: string;
  /** Path of the file in that commit. */
  path: string;
  /** 1-based number of the traced line in that commit's version, or null when the commit removed it. */
  line: number | null;
  state: BlameState;
  agent: string | null;
  session: string | null;
  model: string | null;
  /** Where the session was learnt from when it was imported (`git-ai`, `agent-trace`: the note's `sessions[].source`), else null. */
  source: string | null;
  prompt: string | null;
  /** Rejected approaches the commit's note records on this file, as written in the note body. */
  rejected: string[];
}

/** A line's history, newest commit first. */
export interface LineTimeline {
  file: string;
  line: number;
  commits: TimelineEntry[];
}

/**
 * Trace line `line` (1-based) of `file` at `revision` (default HEAD) back through history.
 * Throws `GitError` when git log -L refuses (no such file or line).
 */
export async function lineTimeline(cwd: string, file: string, line: number, revision?: string): Promise<LineTimeline> {
  const history = await readLineHistory(cwd, file, line, revision);
  const texts = await readNoteTexts(
    cwd,
    history.map((h) => h.commit),
  );
  const commits = history.map((h): TimelineEntry => {
    const base = { commit: h.commit, date: h.date, subject: h.subject, path: h.path, line: h.lines[0] ?? null };
    const text = texts.get(h.commit);
    const note = text === undefined ? null : parseNote(text);
    if (!note || 'invalid' in note) return { ...base, state: 'unknown', agent: null, session: null, model: null, source: null, prompt: null, rejected: [] };
    const owner = base.line === null ? undefined : ownersOf(note, h.path)?.get(base.line);
    const session = owner?.session ? note.sessions.find((s) => s.id === owner.session) : undefined;
    return {
      ...base,
      state: owner?.state ?? 'unknown',
      agent: session?.agent ?? null,
      session: owner?.session ?? null,
      model: session?.model ?? null,
      source: session?.source ?? null,
      prompt: owner?.prompt ?? null,
      rejected: rejectedOnFile(note, h.path),
    };
  });
  return { file, line, commits };
}

/**
 * The rejected approaches a note's body lists for `path`: the `- \`<path>\` (…)` items under
 * `### Rejected approaches` in each session section (the body as `renderSummarySections`
 * writes it), each prefixed with the session's `<agent> <id8>`. Pure.
 */
export function rejectedOnFile(note: Note, path: string): string[] {
  const out: string[] = [];
  let section = '';
  let inRejected = false;
  const item = `- \`${path}\` `;
  for (const line of note.body.split('\n')) {
    if (line.startsWith('## ')) {
      section = sectionOwner(note, line);
      inRejected = false;
    } else if (line.startsWith('### ')) {
      inRejected = line.trim() === '### Rejected approaches';
    } else if (inRejected && line.startsWith(item)) {
      out.push(`${section}${line.slice(2)}`);
    }
  }
  return out;
}

/** `<agent> <id8>: ` for a `## <agent> · <id8> · <model>` heading of a listed session, else ''. */
function sectionOwner(note: Note, heading: string): string {
  const [agent = '', id8 = ''] = heading.slice(3).split(' · ');
  const known = note.sessions.some((s) => s.agent === agent && sessionShortId(s.id) === id8);
  return known ? `${agent} ${id8}: ` : '';
}
