/**
 * The shapes of what a handoff brief is made of: everything extracted from the agents'
 * logs, the drift notes and git (src/handoff), before it is rendered (src/render/brief) or
 * compacted by an LLM (src/llm). Kept below those three folders, which all read it. Lists
 * are capped, most recent first, with the count left out.
 */
import type { DiffStat } from '../git/branch.js';
import type { RejectionKind } from '../types.js';

/** The agents a brief can be addressed to (`--to`). */
export const TARGET_AGENTS = ['claude-code', 'codex', 'cursor', 'aider', 'gemini', 'generic'] as const;

/** An agent a brief can be addressed to. */
export type TargetAgent = (typeof TARGET_AGENTS)[number];

/** A list cut to its most relevant (most recent) items, with how many were left out. */
export interface Capped<T> {
  items: T[];
  omitted: number;
}

/** A session behind the brief, from this machine's logs (`log`) or only from a fetched note (`note`). */
export interface BriefSession {
  /** `<agent>:<native id>`. */
  id: string;
  agent: string;
  /** `<agent> <id8>`, the label every item of the brief uses to name its session. */
  label: string;
  model: string | null;
  branch: string | null;
  /** ISO 8601 UTC, or null. */
  started: string | null;
  ended: string | null;
  title: string | null;
  prompts: number;
  edits: { applied: number; rejected: number };
  source: 'log' | 'note';
}

/** A prompt of the user: its text as `drift.prompts` allows (null for `none`). */
export interface BriefPrompt {
  /** Label of its session (`<agent> <id8>`). */
  session: string;
  at: string | null;
  text: string | null;
}

/** A decision the agent stated, with the session it came from. */
export interface Decision {
  text: string;
  session: string;
}

/** Why an approach was dropped: an edit's refusal kinds, a failing command, or an edit undone later. */
export type RejectedKind = RejectionKind | 'command-failed' | 'reverted';

/** An approach that was tried and rejected, with the actual reason. */
export interface RejectedApproach {
  kind: RejectedKind;
  /** What was tried: a repo-relative path and tool (`src/a.ts` via `Edit`), or a command. */
  what: string;
  /** The user's refusal, the tool error, `exit 1`, or how the edit was undone. */
  reason: string;
  /** The tail of a failing command's output, or the rest of a multi-line reason (a tool error quoting code), or null. */
  output: string | null;
  session: string;
  at: string | null;
}

/** Kinds of open threads. */
export type ThreadKind = 'in-progress' | 'todo' | 'unanswered' | 'failing-test' | 'failed-command' | 'note';

/** Something left unfinished. */
export interface OpenThread {
  kind: ThreadKind;
  text: string;
  session: string;
}

/** A file being worked on, with the part of it that matters. */
export interface FileInFlight {
  /** Repo-relative path. */
  path: string;
  /** `uncommitted` (tracked, changed in the work tree), `untracked`, or `committed` on the branch. */
  state: 'uncommitted' | 'untracked' | 'committed';
  /** `modified`, `added`, `deleted`, `renamed`, or `binary`. */
  change: string;
  /** Diff hunks (uncommitted, committed) or the first lines (untracked); empty for binary files. */
  excerpt: string;
  /** `diff` for hunks, else a language guessed from the extension (or null). */
  lang: string | null;
  /** Lines of the excerpt left out by the caps. */
  omittedLines: number;
}

/** A commit of the branch and what its note says. */
export interface BriefCommit {
  sha: string;
  subject: string;
  /** Session labels listed in its note. */
  sessions: string[];
  /** Added lines by owner, or null when it has no valid note. */
  lines: { ai: number; aiModified: number; human: number } | null;
}

/** The state of the branch and the work tree. */
export interface BranchSummary {
  /** Branch name, or null when HEAD is detached. */
  branch: string | null;
  head: string | null;
  /** The default branch compared with (`origin/main`, `main`…), or null. */
  baseName: string | null;
  /** The merge base, or null when there is none. */
  base: string | null;
  commits: Capped<BriefCommit>;
  /** Committed diff of the branch, or null when nothing is compared. */
  committed: DiffStat | null;
  /** Tracked changes not committed. */
  uncommitted: DiffStat;
  untracked: number;
  /** One sentence on an unusual comparison (default branch, no base, detached HEAD), or null. */
  remark: string | null;
}

/** Where the next agent picks up. */
export interface Resume {
  /** The last prompt in scope and whether the agent answered it. */
  lastPrompt: (BriefPrompt & { answered: boolean }) | null;
  /** The agent's last message (first sentences). */
  lastMessage: Decision | null;
  /** The last command run, and how it ended. */
  lastCommand: { command: string; exitCode: number | null; session: string } | null;
  /** Files of the most recent applied edits, most recent first. */
  lastFiles: string[];
  /** Ordered next steps derived from the material (no LLM). */
  nextSteps: string[];
}

/** Everything a brief says, before rendering. */
export interface HandoffMaterial {
  /** How the scope was chosen, e.g. `branch feature/x`, `since 2 hours ago`, `session claude-code 5f1c2a3b`. */
  scope: string;
  branch: BranchSummary;
  sessions: BriefSession[];
  /** The goal: the first prompt in scope, and the titles agents gave their sessions. */
  goal: { prompt: BriefPrompt | null; titles: string[] };
  /** Prompts, most recent first. */
  prompts: Capped<BriefPrompt>;
  decisions: Capped<Decision>;
  rejected: Capped<RejectedApproach>;
  openThreads: Capped<OpenThread>;
  files: Capped<FileInFlight>;
  resume: Resume;
}

/**
 * What an LLM returned for a brief, after validation: tighter prose for the goal, the
 * settled decisions (each naming its session label) and the next steps. The renderer
 * formats it; nothing of it is pasted in as free text.
 */
export interface Compaction {
  /** The model that wrote it. */
  model: string;
  goal: string;
  decisions: Decision[];
  nextSteps: string[];
}
