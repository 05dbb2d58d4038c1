/**
 * The stricter schema rules of `drift-note/1` that `git drift check` applies on top of
 * `parseNote` (pure): consistent session ids and well-formed, non-overlapping ranges.
 * `parseNote` stays lenient so that `git drift log` can still show such notes.
 */
import type { Note } from './index.js';
import { parseRangeIntervals } from './ranges.js';
import { noteShapeProblem } from './schema.js';

function isCount(n: unknown): boolean {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

function checkSessions(note: Note): string | null {
  const seen = new Set<string>();
  for (const s of note.sessions) {
    const colon = s.id.indexOf(':');
    if (colon <= 0 || colon === s.id.length - 1) return `session ${s.id}: the id must be <agent>:<native id>`;
    if (s.id.slice(0, colon) !== s.agent) return `session ${s.id}: agent ${s.agent} does not match the id`;
    if (seen.has(s.id)) return `session ${s.id} is listed twice`;
    seen.add(s.id);
    if (!isCount(s.prompts) || !isCount(s.edits.applied) || !isCount(s.edits.rejected)) return `session ${s.id}: counts must be whole numbers ≥ 0`;
  }
  return null;
}

/** The owners of one file's ranges: `human`, or `<state> <session>`. */
function owners(file: Note['files'][string]): [string, string][] {
  const out: [string, string][] = [];
  if (file.human !== undefined) out.push(['human', file.human]);
  for (const state of ['ai', 'ai-modified'] as const) {
    for (const [session, ranges] of Object.entries(file[state] ?? {})) out.push([`${state} ${session}`, ranges]);
  }
  return out;
}

function checkFile(path: string, file: Note['files'][string], sessions: Set<string>): string | null {
  const all: [number, number, string][] = [];
  for (const [owner, ranges] of owners(file)) {
    const session = owner === 'human' ? null : owner.slice(owner.indexOf(' ') + 1);
    if (session !== null && !sessions.has(session)) return `file ${path}: session ${session} has lines but is not in \`sessions\``;
    const parts = parseRangeIntervals(ranges);
    if (!parts) return `file ${path}: ${owner}: bad ranges "${ranges}" (want N or N-M, 1 ≤ N ≤ M)`;
    for (let i = 1; i < parts.length; i++) {
      if (parts[i]![0] <= parts[i - 1]![1]) return `file ${path}: ${owner}: ranges "${ranges}" are not ascending without overlap`;
    }
    for (const [s, e] of parts) all.push([s, e, owner]);
  }
  all.sort((p, q) => p[0] - q[0]);
  for (let i = 1; i < all.length; i++) {
    const [start, , owner] = all[i]!;
    const [, prevEnd, prevOwner] = all[i - 1]!;
    if (start <= prevEnd) return `file ${path}: line ${start} is both ${prevOwner} and ${owner}`;
  }
  return null;
}

/**
 * The first rule a parsed note breaks, or null when it keeps them all: first the shape
 * every reader relies on (`noteShapeProblem`, the check `parseNote` reads with, so a
 * note built in memory is held to it too), then:
 *
 * 1. every session id is `<agent>:<native id>` with the session's `agent`, listed once,
 *    with whole, non-negative `prompts`, `edits.applied` and `edits.rejected`;
 * 2. every session that owns lines in `files` is listed in `sessions`;
 * 3. every range is `N` or `N-M` with 1 ≤ N ≤ M, ascending and without overlap;
 * 4. no line of a file has two owners (two states, or two sessions).
 */
export function validateNote(note: Note): string | null {
  const problem = noteShapeProblem(note as unknown as Record<string, unknown>) ?? checkSessions(note);
  if (problem) return problem;
  const sessions = new Set(note.sessions.map((s) => s.id));
  for (const [path, file] of Object.entries(note.files)) {
    const bad = checkFile(path, file, sessions);
    if (bad) return bad;
  }
  return null;
}
