/**
 * The pure core of `git drift stats`: from the commits of a range (git facts), their
 * parsed notes, the added lines of commits without a note, and the survival measured at
 * HEAD, compute the `Stats` object. No I/O.
 */
import type { InvalidNote, NoteHead, NoteSession } from '../notes/index.js';
import { countRangeLines } from '../notes/ranges.js';
import {
  STATS_GROUP_BY,
  STATS_STATES,
  type Activity,
  type CommitCounts,
  type LineStats,
  type StateCounts,
  type Stats,
  type StatsCommit,
  type StatsGroup,
  type StatsGroupBy,
  type StatsState,
  type Survival,
} from './types.js';

/** One commit of the range as `git log` gives it. */
export interface CommitFacts {
  /** Full sha. */
  commit: string;
  /** Full shas of its parents (none for a root commit). */
  parents: string[];
  subject: string;
  /** `Name <email>`. */
  author: string;
  /** Author date, ISO 8601 UTC. */
  date: string;
}

/** Survival measured at HEAD (see `attributeSurvival`): per agent, and the HEAD sha. */
export interface SurvivalFacts {
  head: string;
  perAgent: Map<string, Survival>;
}

/** Everything `computeStats` needs. */
export interface StatsFacts {
  /** The range as given. */
  range: string;
  /** The commits of the range, newest first. */
  commits: CommitFacts[];
  /** Parsed note heads by full commit sha; commits without a note are absent. */
  notes: Map<string, NoteHead | InvalidNote>;
  /**
   * Added lines of the commits without a valid note: sha → repo-relative path → count
   * (a merge: only the lines it adds against every parent).
   */
  unnoted: Map<string, Map<string, number>>;
  /** Null when survival was not measured. */
  survival: SurvivalFacts | null;
}

/** Number of lines in a note range string (`12-40,55` → 30): `countRangeLines` of the note's range codec (malformed parts count 0, each part bounded). */
export const countRange = countRangeLines;

/** A run of added lines of one commit with one owner. */
interface Tally {
  state: StatsState;
  /** The session that wrote them (`ai`, `ai-modified`), else null. */
  session: NoteSession | null;
  file: string;
  count: number;
}

/** The session of `note` with id `id`, or a stand-in built from the id when the note does not list it. */
function sessionOf(note: NoteHead, id: string): NoteSession {
  const listed = note.sessions.find((s) => s.id === id);
  if (listed) return listed;
  return { id, agent: id.slice(0, Math.max(0, id.indexOf(':'))) || 'unknown', model: null, branch: null, prompts: 0, edits: { applied: 0, rejected: 0 }, record: '' };
}

/** The added lines of one commit, by owner and file. */
function talliesOf(facts: StatsFacts, commit: string): Tally[] {
  const note = facts.notes.get(commit);
  const out: Tally[] = [];
  if (!note || 'invalid' in note) {
    for (const [file, count] of facts.unnoted.get(commit) ?? []) if (count > 0) out.push({ state: 'unknown', session: null, file, count });
    return out;
  }
  for (const [file, f] of Object.entries(note.files)) {
    for (const state of ['ai', 'ai-modified'] as const) {
      for (const [id, ranges] of Object.entries(f[state] ?? {})) out.push({ state, session: sessionOf(note, id), file, count: countRange(ranges) });
    }
    if (typeof f.human === 'string') out.push({ state: 'human', session: null, file, count: countRange(f.human) });
  }
  return out.filter((t) => t.count > 0);
}

/** Empty counts. */
function zero(): StateCounts {
  return { ai: 0, 'ai-modified': 0, human: 0, unknown: 0, total: 0 };
}

/** Counts with their shares. */
function withShares(lines: StateCounts): LineStats {
  const share = (n: number) => (lines.total === 0 ? 0 : n / lines.total);
  return { lines, shares: { ai: share(lines.ai), 'ai-modified': share(lines['ai-modified']), human: share(lines.human), unknown: share(lines.unknown) } };
}

/** The UTC day (`YYYY-MM-DD`) of an ISO date. */
function dayOf(date: string): string {
  const t = Date.parse(date);
  return Number.isNaN(t) ? date.slice(0, 10) : new Date(t).toISOString().slice(0, 10);
}

/** The key of a tally in a grouping. */
function keyOf(by: StatsGroupBy, t: Tally, c: CommitFacts): string | null {
  switch (by) {
    case 'agent':
      return t.session ? t.session.agent : null;
    case 'model':
      return t.session ? (t.session.model ?? 'unknown') : null;
    case 'session':
      return t.session ? t.session.id : null;
    case 'author':
      return c.author;
    case 'file':
      return t.file;
    case 'day':
      return dayOf(c.date);
  }
}

/** A group being summed. */
interface Acc {
  lines: StateCounts;
  commits: Set<string>;
  activity?: Activity & { ids: Set<string> };
  agent?: string;
  model?: string | null;
}

function accOf(rows: Map<string | null, Acc>, key: string | null): Acc {
  let acc = rows.get(key);
  if (!acc) rows.set(key, (acc = { lines: zero(), commits: new Set() }));
  return acc;
}

/** Add one note session's counts (its capture window) to a row's activity. */
function addActivity(acc: Acc, s: NoteSession): void {
  const a = (acc.activity ??= { sessions: 0, prompts: 0, edits: { applied: 0, rejected: 0 }, ids: new Set() });
  a.ids.add(s.id);
  a.sessions = a.ids.size;
  a.prompts += s.prompts;
  a.edits.applied += s.edits.applied;
  a.edits.rejected += s.edits.rejected;
}

/** Sum every tally and session of the range into the rows of one grouping. */
function sumGroup(facts: StatsFacts, tallies: Map<string, Tally[]>, by: StatsGroupBy): Map<string | null, Acc> {
  const rows = new Map<string | null, Acc>();
  for (const c of facts.commits) {
    for (const t of tallies.get(c.commit) ?? []) {
      const acc = accOf(rows, keyOf(by, t, c));
      acc.lines[t.state] += t.count;
      acc.lines.total += t.count;
      acc.commits.add(c.commit);
    }
    const note = facts.notes.get(c.commit);
    if (!note || 'invalid' in note || (by !== 'agent' && by !== 'model' && by !== 'session')) continue;
    for (const s of note.sessions) {
      const acc = accOf(rows, keyOf(by, { state: 'ai', session: s, file: '', count: 0 }, c));
      addActivity(acc, s);
      if (by === 'session') {
        acc.agent = s.agent;
        acc.model = s.model ?? acc.model ?? null;
      }
    }
  }
  return rows;
}

/** The rows of one grouping: day rows by day, the others largest first (then by key); the null row last. */
function rowsOf(facts: StatsFacts, tallies: Map<string, Tally[]>, by: StatsGroupBy, all: number): StatsGroup[] {
  const rows = [...sumGroup(facts, tallies, by)].map(([key, acc]): StatsGroup => {
    const row: StatsGroup = { key, ...withShares(acc.lines), share: all === 0 ? 0 : acc.lines.total / all, commits: acc.commits.size };
    if (acc.activity && key !== null) row.activity = { sessions: acc.activity.sessions, prompts: acc.activity.prompts, edits: acc.activity.edits };
    if (by === 'agent' && key !== null && facts.survival) row.survival = facts.survival.perAgent.get(key) ?? { added: 0, present: 0, unchanged: 0 };
    if (by === 'session' && key !== null) Object.assign(row, { agent: acc.agent, model: acc.model ?? null });
    return row;
  });
  const order = (a: StatsGroup, b: StatsGroup): number => {
    if ((a.key === null) !== (b.key === null)) return a.key === null ? 1 : -1;
    if (by !== 'day' && a.lines.total !== b.lines.total) return b.lines.total - a.lines.total;
    return (a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0;
  };
  return rows.sort(order);
}

/** One commit of the history. */
function commitRow(facts: StatsFacts, c: CommitFacts, tallies: Tally[]): StatsCommit {
  const note = facts.notes.get(c.commit);
  const lines = zero();
  for (const t of tallies) {
    lines[t.state] += t.count;
    lines.total += t.count;
  }
  const state = !note ? 'missing' : 'invalid' in note ? 'invalid' : 'ok';
  const sessions = note && !('invalid' in note) ? note.sessions.map((s) => s.id) : [];
  return { commit: c.commit, subject: c.subject, author: c.author, date: c.date, note: state, sessions, ...withShares(lines) };
}

/** Survival of the whole range: the sum over agents. */
function totalSurvival(s: SurvivalFacts): Survival & { head: string } {
  const out = { added: 0, present: 0, unchanged: 0, head: s.head };
  for (const v of s.perAgent.values()) {
    out.added += v.added;
    out.present += v.present;
    out.unchanged += v.unchanged;
  }
  return out;
}

/**
 * Compute the stats of a range: totals, the rows of each grouping in `by` (default: every
 * grouping), the commit history, and survival when measured. Commits without a valid note
 * count their added lines as `unknown`. Pure.
 */
export function computeStats(facts: StatsFacts, by: readonly StatsGroupBy[] = STATS_GROUP_BY): Stats {
  const tallies = new Map(facts.commits.map((c) => [c.commit, talliesOf(facts, c.commit)]));
  const history = facts.commits.map((c) => commitRow(facts, c, tallies.get(c.commit)!));
  const totals = zero();
  for (const h of history) for (const s of [...STATS_STATES, 'total'] as const) totals[s] += h.lines[s];
  const commits: CommitCounts = {
    total: history.length,
    noted: history.filter((h) => h.note === 'ok').length,
    missing: history.filter((h) => h.note === 'missing').length,
    invalid: history.filter((h) => h.note === 'invalid').length,
    merges: facts.commits.filter((c) => c.parents.length > 1).length,
  };
  const groups: Stats['groups'] = {};
  for (const g of STATS_GROUP_BY) if (by.includes(g)) groups[g] = rowsOf(facts, tallies, g, totals.total);
  return {
    stats: 1,
    range: facts.range,
    commits,
    totals: withShares(totals),
    survival: facts.survival ? totalSurvival(facts.survival) : null,
    groups,
    history,
  };
}
