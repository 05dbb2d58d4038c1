/**
 * Structural merge of `drift-note/1` notes (pure): several notes of one commit — written in
 * two clones, or folded together by a squash — become one note that keeps everything each
 * of them says. The rules are in docs/format.md, "Merging notes".
 */
import { sessionShortId } from '../ids.js';
import { parseNote, renderNote, type Note, type NoteFile, type NoteSession, type NoteTruncation } from './index.js';
import { splitNoteBody } from './body.js';
import { ALL_HUMAN_BODY } from './body-tree.js';
import { mergeSessions } from './sessions.js';
import { formatRangeIntervals, readableRangeIntervals, unionIntervals, type LineInterval } from './ranges.js';
import { keyedRecord, ownValue } from '../records.js';

/** How the counts of a session listed by several notes combine. */
export interface MergeOptions {
  /**
   * `max` (default): each count (`prompts`, `edits.applied`, `edits.rejected`) is the
   * largest of the notes' counts — right when the notes describe the same capture window of the
   * session (one commit annotated in two clones), and it keeps the merge idempotent.
   * `sum`: the counts add up — right when the notes describe different capture windows (the
   * commits of a squash); not idempotent.
   */
  counts?: 'max' | 'sum';
}

/**
 * Merge two notes of the same commit into one that loses nothing either says:
 *
 * - **sessions**: the union by `id`, sorted by `id`. A session both list takes its fields
 *   from the fuller entry (more prompts + edits; on a tie, the one whose canonical JSON
 *   sorts first), `model`/`branch`/`record` from the other when null or empty, and its
 *   counts as `opts.counts` says (default: the larger). Fields only one entry has
 *   (`author`, `source`) are kept, except that a session one note captured (no `source`)
 *   stays without one.
 * - **files**: the union of paths; for each line any note lists, its owner is the
 *   strongest claim on it: `ai` over `ai-modified` over `human`, and between sessions with
 *   the same state, the smallest session id. A line claimed by no session is `human`
 *   (listed by a note, claimed by none). So every line stays in exactly one state and
 *   line counts are recomputed from the result.
 * - **body**: identical bodies stay as they are. Otherwise: the paragraphs before the
 *   first session heading (`## <agent> · <id8> · …`), each distinct one once in the order
 *   first seen, then the session sections of both notes, each distinct text once, in
 *   `sessions` order (then by text). The all-human sentence is dropped when the result
 *   lists sessions.
 * - **truncated**: kept when either note was cut by the size cap (`mergeTruncation`).
 * - **partial**: kept only when both notes are partial (with the smaller `unread`): a
 *   complete capture of the commit on either side gives every line its strongest claim.
 *
 * With the default counts the merge is idempotent (`mergeNotes(a, a)` is `a` for a note
 * capture wrote, and for any merge result), associative, and commutative except for the
 * order of differing paragraphs before the first session heading, so N notes fold into
 * one (`foldNotes`). Never throws on notes `parseNote`
 * accepted. Render the result with `renderNote`, which keeps it within `NOTE_MAX_BYTES`
 * by truncating the body.
 */
export function mergeNotes(a: Note, b: Note, opts: MergeOptions = {}): Note {
  const merged = mergeSessions([...a.sessions, ...b.sessions], opts.counts ?? 'max');
  const { sessions, promptKey } = mergeAsked(merged, [a, b]);
  const files = keyedRecord<NoteFile>();
  for (const path of [...new Set([...Object.keys(a.files), ...Object.keys(b.files)])].sort()) {
    files[path] = mergeFile([ownValue(a.files, path), ownValue(b.files, path)]);
    const prompt = mergePrompts([a, b], path, promptKey);
    if (prompt) files[path]!.prompt = prompt;
  }
  const body = a.body === b.body ? a.body : mergeBodies([a.body, b.body], sessions);
  const truncated = mergeTruncation(a.truncated, b.truncated);
  const partial = a.partial && b.partial ? { unread: Math.min(a.partial.unread, b.partial.unread) } : undefined;
  return { drift: 1, sessions, files, ...(truncated ? { truncated } : {}), ...(partial ? { partial } : {}), body };
}

/** The size-cap cuts in the order the cap makes them (docs/format.md, "Size cap"). */
const CUT_ORDER = ['asked', 'human', 'files'];

/**
 * The `truncated` marker of a merged note: present when either note was cut, since what one
 * note lost may be missing from the merge too. `cut` is the union of both lists, in the cap's
 * order (`asked`, `human`, `files`, then any other names sorted); `files` the larger count
 * (an entry one note dropped may come back from the other, so the count is a lower bound of
 * what was dropped, and `max` keeps the merge idempotent and commutative).
 */
function mergeTruncation(a: NoteTruncation | undefined, b: NoteTruncation | undefined): NoteTruncation | undefined {
  if (!a && !b) return undefined;
  const rank = (c: string) => (CUT_ORDER.includes(c) ? CUT_ORDER.indexOf(c) : CUT_ORDER.length);
  const cut = [...new Set([...(a?.cut ?? []), ...(b?.cut ?? [])])].sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
  const files = Math.max(a?.files ?? 0, b?.files ?? 0);
  return files > 0 ? { cut, files } : { cut };
}

// ------------------------------------------------------------------------------ prompts

/**
 * Each merged session's `asked`: the distinct prompts of both notes, in order of first
 * appearance; and a function giving a note's `<session>#<k>` key its key in the result.
 */
function mergeAsked(sessions: NoteSession[], notes: Note[]): { sessions: NoteSession[]; promptKey: (note: Note, key: string) => string | null } {
  const asked = new Map<string, string[]>();
  for (const note of notes) {
    for (const s of note.sessions) {
      const list = asked.get(s.id) ?? asked.set(s.id, []).get(s.id)!;
      for (const text of Array.isArray(s.asked) ? s.asked : []) if (!list.includes(text)) list.push(text);
    }
  }
  const out = sessions.map((s) => {
    const { asked: _old, ...rest } = s;
    const list = asked.get(s.id) ?? [];
    return list.length > 0 ? { ...rest, asked: list } : rest;
  });
  const promptKey = (note: Note, key: string): string | null => {
    const hash = key.lastIndexOf('#');
    const session = key.slice(0, hash);
    const text = note.sessions.find((s) => s.id === session)?.asked?.[Number(key.slice(hash + 1))];
    const index = text === undefined ? -1 : (asked.get(session) ?? []).indexOf(text);
    return index < 0 ? null : `${session}#${index}`;
  };
  return { sessions: out, promptKey };
}

/** The union of the notes' `prompt` ranges for `path`, re-keyed to the merged `asked`; null when none. */
function mergePrompts(notes: Note[], path: string, promptKey: (note: Note, key: string) => string | null): Record<string, string> | null {
  const lines = new Map<string, LineInterval[]>();
  for (const note of notes) {
    const prompt = ownValue(note.files, path)?.prompt;
    if (!prompt || typeof prompt !== 'object') continue;
    for (const [key, ranges] of Object.entries(prompt)) {
      const merged = promptKey(note, key);
      if (merged) (lines.get(merged) ?? lines.set(merged, []).get(merged)!).push(...readableRangeIntervals(ranges));
    }
  }
  if (lines.size === 0) return null;
  const keys = [...lines.keys()].sort();
  return Object.fromEntries(keys.map((k) => [k, formatRangeIntervals(unionIntervals(lines.get(k)!))]));
}

/**
 * Fold notes of one commit into one with `mergeNotes`, left to right. With the default
 * counts only the order of leading paragraphs depends on the order given. Returns null
 * for an empty list.
 */
export function foldNotes(notes: Note[], opts: MergeOptions = {}): Note | null {
  if (notes.length === 0) return null;
  return notes.slice(1).reduce((acc, n) => mergeNotes(acc, n, opts), notes[0]!);
}

/**
 * Merge two raw note texts of the same commit. Identical texts come back unchanged. Two
 * valid notes give `renderNote(mergeNotes(…))`. When one or both are not valid
 * `drift-note/1`, nothing is interpreted and nothing is dropped: the texts are
 * concatenated, the valid one first (so readers still see its frontmatter), else in
 * byte order. Pure; never throws.
 */
export function mergeNoteTexts(a: string, b: string, opts: MergeOptions = {}): string {
  if (a === b) return a;
  const pa = parseNote(a);
  const pb = parseNote(b);
  const okA = !('invalid' in pa);
  const okB = !('invalid' in pb);
  if (okA && okB) return renderNote(mergeNotes(pa, pb, opts));
  if (okA) return joinTexts(a, b);
  if (okB) return joinTexts(b, a);
  return a < b ? joinTexts(a, b) : joinTexts(b, a);
}

export { mergeSessions } from './sessions.js';

function joinTexts(first: string, second: string): string {
  return `${first}${first.endsWith('\n') ? '' : '\n'}\n${second}`;
}

// ---------------------------------------------------------------------------- sessions

// ------------------------------------------------------------------------------- files

/** One note's statement about a run of lines: `rank` 2 `ai`, 1 `ai-modified`, 0 listed as `human`. */
interface Claim {
  start: number;
  end: number;
  rank: 0 | 1 | 2;
  session: string;
}

function claimsOf(file: NoteFile): Claim[] {
  const claims: Claim[] = readableRangeIntervals(file.human).map(([start, end]) => ({ start, end, rank: 0, session: '' }));
  for (const [state, rank] of [
    ['ai', 2],
    ['ai-modified', 1],
  ] as const) {
    for (const [session, ranges] of Object.entries(file[state] ?? {})) {
      for (const [start, end] of readableRangeIntervals(ranges)) claims.push({ start, end, rank, session });
    }
  }
  return claims;
}

/** Whether claim `c` beats `best`: the higher rank, then the smaller session id. */
function beats(c: Claim, best: Claim | null): boolean {
  if (!best) return true;
  if (c.rank !== best.rank) return c.rank > best.rank;
  return c.session < best.session;
}

/**
 * The owners of the lines of one path from every note that lists it, by a sweep over the
 * claims' boundaries (never expanding ranges into lines, so a huge range costs nothing).
 */
function mergeFile(files: (NoteFile | undefined)[]): NoteFile {
  const claims = files.flatMap((f) => (f && typeof f === 'object' ? claimsOf(f) : []));
  const cuts = [...new Set(claims.flatMap((c) => [c.start, c.end + 1]))].sort((p, q) => p - q);
  const owned = new Map<string, LineInterval[]>();
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i]!;
    const end = cuts[i + 1]! - 1;
    let best: Claim | null = null;
    for (const c of claims) if (c.start <= start && c.end >= end && beats(c, best)) best = c;
    if (!best) continue;
    const key = best.rank === 0 ? 'human' : `${best.rank === 2 ? 'ai' : 'ai-modified'}\0${best.session}`;
    const runs = owned.get(key) ?? owned.set(key, []).get(key)!;
    const last = runs[runs.length - 1];
    if (last && last[1] + 1 === start) last[1] = end;
    else runs.push([start, end]);
  }
  const out: NoteFile = {};
  for (const state of ['ai', 'ai-modified'] as const) {
    const sessions = [...owned.keys()]
      .filter((k) => k.startsWith(`${state}\0`))
      .map((k) => k.slice(state.length + 1))
      .sort();
    if (sessions.length > 0) out[state] = Object.fromEntries(sessions.map((s) => [s, formatRangeIntervals(owned.get(`${state}\0${s}`)!)]));
  }
  const human = owned.get('human');
  if (human) out.human = formatRangeIntervals(human);
  return out;
}

// -------------------------------------------------------------------------------- body

function mergeBodies(bodies: string[], sessions: NoteSession[]): string {
  const order = new Map<string, number>();
  sessions.forEach((s, i) => {
    const key = `${s.agent} · ${sessionShortId(s.id)}`;
    if (!order.has(key)) order.set(key, i);
  });
  const rankOf = (section: string) => {
    const m = /^## (\S+) · (\S+) · /.exec(section);
    return (m && order.get(`${m[1]} · ${m[2]}`)) ?? sessions.length;
  };
  const paragraphs = new Set<string>();
  const sections = new Set<string>();
  for (const body of bodies) {
    const split = splitNoteBody(body);
    for (const p of split.lead.map(trimEnd)) {
      if (p.trim() !== '' && !(sessions.length > 0 && p.trim() === ALL_HUMAN_BODY)) paragraphs.add(p);
    }
    for (const s of split.sections) sections.add(trimEnd(s));
  }
  const sorted = [...sections].sort((x, y) => rankOf(x) - rankOf(y) || (x < y ? -1 : x > y ? 1 : 0));
  return [...paragraphs, ...sorted].map((p) => `${p}\n`).join('\n');
}

function trimEnd(text: string): string {
  return text.replace(/\s+$/, '');
}
