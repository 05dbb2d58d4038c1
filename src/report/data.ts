/**
 * The data a `git drift report` page carries, in its `<script type="application/json"
 * id="drift-data">` block (schema `"report": 1`, docs/format.md "The page of git drift
 * report"), and the caps the command applies: the command builds it (report/index.ts) and
 * the page's script reads it (report/client/), so both agree on one shape.
 */
import type { Stats } from '../stats/types.js';
import type { BlameState } from '../blame/index.js';

/** What one session did in one commit, from the commit's note. */
export interface ReportPart {
  /** Session id `<agent>:<native id>`. */
  session: string;
  /** `ai` lines of the commit credited to the session. */
  ai: number;
  /** `ai-modified` lines of the commit credited to the session. */
  aiModified: number;
  /** Prompts and edits of the session's capture window this commit covers (the note's counts). */
  prompts: number;
  applied: number;
  rejected: number;
}

/** One prompt of a session, from the note bodies. */
export interface ReportPrompt {
  /** `YYYY-MM-DD HH:MM UTC`, or null when the log had no time. */
  at: string | null;
  text: string;
}

/** One session of the range, gathered from every note of the range that lists it. */
export interface ReportSession {
  id: string;
  agent: string;
  model: string | null;
  branch: string | null;
  /** Repo-relative path of its record (may be absent from this clone). */
  record: string | null;
  prompts: ReportPrompt[];
  decisions: string[];
  /** Rejected approaches, as the notes word them: `` `path` (tool, kind): reason ``. */
  rejected: string[];
  openThreads: string[];
  /** Full shas of the range's commits whose notes list it, newest first. */
  commits: string[];
  /** Repo-relative files it has lines in, sorted. */
  files: string[];
}

/** Who owns a run of consecutive lines in the file view: a blame line's owner fields. */
export interface ReportOwner {
  state: BlameState;
  /** Full sha of the commit that last changed the lines. */
  commit: string;
  agent: string | null;
  session: string | null;
  model: string | null;
  prompt: string | null;
}

/** A file as it is at the range's last commit, with each line's owner (as `git drift blame`). */
export interface ReportFile {
  path: string;
  /** The lines' text (each cut to `LINE_MAX_CHARS`); at most `FILE_MAX_LINES` lines. */
  lines: string[];
  /** Owners of runs of lines: `[first line, last line (1-based, inclusive), index into owners]`. */
  runs: [number, number, number][];
  owners: ReportOwner[];
  /** Lines the file has beyond `lines` (0 when complete). */
  more: number;
  /** The rejected approaches of the range's sessions that name this file. */
  rejected: { session: string; text: string }[];
}

/** The `drift-data` block of a report page. */
export interface ReportData {
  report: 1;
  /** The work tree's directory name. */
  repository: string;
  /** The range as given (`HEAD` by default). */
  range: string;
  /** Full sha of the range's last commit (what the file view shows), or null for an empty range. */
  head: string | null;
  /** When the page was made, ISO 8601 UTC. */
  generated: string;
  /** `git drift stats --json` for the range, every grouping, survival measured. */
  stats: Stats;
  /** Per commit (full sha) with a valid note: what each of its sessions did. */
  parts: Record<string, ReportPart[]>;
  sessions: ReportSession[];
  /** Files of the range still at its last commit, largest first, at most `FILES_MAX`. */
  files: ReportFile[];
  /** Files of the range the page does not carry (beyond the caps, binary, or gone at the last commit). */
  filesLeftOut: number;
}

/** Most files a report carries in its file view. */
export const FILES_MAX = 300;
/** Most lines of one file a report carries. */
export const FILE_MAX_LINES = 4000;
/** Longest line text kept, in characters (longer ones end with `…`). */
export const LINE_MAX_CHARS = 400;
