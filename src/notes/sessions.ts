/**
 * Merging the `sessions` entries of several `drift-note/1` notes (docs/format.md, "Merging
 * notes"), pure. Kept apart from `./merge.ts` so that a capture, which merges session
 * entries on every commit, does not load the note parser.
 */
import type { NoteSession } from './index.js';

/**
 * Session entries of several notes merged by id, sorted by id: counts the larger
 * (`max`, two notes of one commit) or added up (`sum`, notes of different commits folded
 * into one); model, branch and record from the fuller entry.
 */
export function mergeSessions(all: NoteSession[], counts: 'max' | 'sum'): NoteSession[] {
  const byId = new Map<string, NoteSession>();
  for (const s of all) {
    const seen = byId.get(s.id);
    byId.set(s.id, seen ? mergeSession(seen, s, counts) : s);
  }
  return [...byId.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

function weight(s: NoteSession): number {
  return (s.prompts ?? 0) + (s.edits?.applied ?? 0) + (s.edits?.rejected ?? 0);
}

function mergeSession(x: NoteSession, y: NoteSession, counts: 'max' | 'sum'): NoteSession {
  if (counts === 'max' && canonical(x) === canonical(y)) return x;
  const [win, lose] = weight(x) !== weight(y) ? (weight(x) > weight(y) ? [x, y] : [y, x]) : canonical(x) <= canonical(y) ? [x, y] : [y, x];
  const add = (p: number, q: number) => (counts === 'sum' ? p + q : Math.max(p, q));
  const merged: NoteSession = {
    ...lose,
    ...win,
    model: win.model ?? lose.model ?? null,
    branch: win.branch ?? lose.branch ?? null,
    record: win.record || lose.record,
    prompts: add(x.prompts, y.prompts),
    edits: { ...lose.edits, ...win.edits, applied: add(x.edits.applied, y.edits.applied), rejected: add(x.edits.rejected, y.edits.rejected) },
  };
  // A session captured here (no `source`) stays captured when an import lists it too.
  if (x.source === undefined || y.source === undefined) delete merged.source;
  return merged;
}

/** JSON with object keys sorted: equal values give equal strings whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) : v,
  );
}
