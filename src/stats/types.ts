/**
 * The shapes of `git drift stats`: the `Stats` object is the `git drift stats --json`
 * contract (schema `"stats": 1`, docs/format.md "git drift stats --json"). Additive fields
 * may come; existing ones keep their meaning.
 */

/** The four states of an added line: the note's three owners, and `unknown` for a commit without a valid note. */
export type StatsState = 'ai' | 'ai-modified' | 'human' | 'unknown';

/** Every state, in display order. */
export const STATS_STATES: readonly StatsState[] = ['ai', 'ai-modified', 'human', 'unknown'];

/** What `git drift stats --by` groups lines by. */
export type StatsGroupBy = 'agent' | 'model' | 'session' | 'author' | 'file' | 'day';

/** Every grouping, in display order. */
export const STATS_GROUP_BY: readonly StatsGroupBy[] = ['agent', 'model', 'session', 'author', 'file', 'day'];

/** Added lines by state, and their sum (`total`). Counts of lines. */
export type StateCounts = Record<StatsState, number> & { total: number };

/** Each state's fraction of `total` (0..1, not rounded); all 0 when `total` is 0. */
export type StateShares = Record<StatsState, number>;

/** Added lines of a set of commits: counts by state and the shares of each state. */
export interface LineStats {
  lines: StateCounts;
  shares: StateShares;
}

/**
 * What agents did, summed over the notes of the range: `sessions` is the number of distinct
 * session ids; `prompts` and `edits` add up each note's counts of each session (a note
 * counts the prompts and edits of the session's capture window its commit covers).
 */
export interface Activity {
  sessions: number;
  prompts: number;
  edits: { applied: number; rejected: number };
}

/**
 * Survival of agent lines (`ai` and `ai-modified`) added in the range, measured in the
 * HEAD commit. `added`: such lines; `unchanged`: those that still stand in HEAD's version
 * of their file (kept by a line diff of the commit's version against HEAD's); `present`:
 * `unchanged` plus those whose text, ignoring whitespace, is still in the same file at
 * HEAD (moved or re-indented lines; a line blank after trimming counts only when
 * unchanged). `present >= unchanged`.
 */
export interface Survival {
  added: number;
  present: number;
  unchanged: number;
}

/**
 * One row of a grouping. `key` is the group's value: an agent id, a model, a session id,
 * an author (`Name <email>`), a repo-relative file path, or a UTC day (`YYYY-MM-DD`, of the
 * author date). For agent, model and session, `key` is null for the lines no agent session
 * wrote (`human` and `unknown`), and a model is `unknown` when the note recorded none.
 */
export interface StatsGroup extends LineStats {
  key: string | null;
  /** This group's fraction of all added lines of the range (0..1). */
  share: number;
  /** Commits of the range with at least one added line in this group. */
  commits: number;
  /** agent, model, session rows (not the null row): what the sessions did. */
  activity?: Activity;
  /** agent rows (not the null row), when survival was measured. */
  survival?: Survival;
  /** session rows: the session's agent and model (last model a note recorded). */
  agent?: string;
  model?: string | null;
}

/** How the range's commits stand. */
export interface CommitCounts {
  total: number;
  /** With a valid drift note. */
  noted: number;
  /** Without any note: their added lines are `unknown`. */
  missing: number;
  /** With a note that is not a valid drift-note/1: their added lines are `unknown`. */
  invalid: number;
  /** Merge commits among `total` (a merge without a note counts only the lines it adds against every parent). */
  merges: number;
}

/** One commit of the range, newest first (`git log` order). */
export interface StatsCommit extends LineStats {
  /** Full sha. */
  commit: string;
  subject: string;
  /** `Name <email>` (mailmap applied). */
  author: string;
  /** Author date, ISO 8601 UTC (`2026-11-20T12:00:00Z`). */
  date: string;
  note: 'ok' | 'missing' | 'invalid';
  /** Ids of the sessions its note lists. */
  sessions: string[];
}

/** The whole `git drift stats --json` object. */
export interface Stats {
  /** Schema version of this object. */
  stats: 1;
  /** The range as given (`HEAD` by default). */
  range: string;
  commits: CommitCounts;
  /** All added lines of the range. */
  totals: LineStats;
  /** Agent lines of the whole range; null when survival was not measured. */
  survival: (Survival & { head: string }) | null;
  /** Rows per grouping asked for (every grouping by default), largest first. */
  groups: Partial<Record<StatsGroupBy, StatsGroup[]>>;
  /** Every commit of the range, newest first. */
  history: StatsCommit[];
}
