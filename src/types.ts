/**
 * The shared vocabulary of git drift: agents, sessions, events, edits, attribution.
 * Every reader produces these shapes; capture, notes, records and commands consume them.
 * Words follow DESIGN.md §2 (agent, session, event, edit, attribution, record, note, brief).
 */

/** The tools that write code. `human` is not an agent reader but an attribution owner. */
export type AgentId = 'claude-code' | 'codex' | 'aider' | 'gemini' | 'cursor' | 'opencode' | 'cline';

/** Every agent git drift knows how to read, in display order. */
export const AGENTS: readonly AgentId[] = ['claude-code', 'codex', 'aider', 'gemini', 'cursor', 'opencode', 'cline'];

/**
 * What we know about one agent session (one conversation).
 * `id` is `<agent>:<nativeId>`; times are ISO 8601 UTC strings; `cwd` is the absolute
 * working directory as recorded by the agent (on the recording machine).
 */
export interface SessionInfo {
  id: string;
  agent: AgentId;
  nativeId: string;
  model: string | null;
  branch: string | null;
  cwd: string | null;
  started: string | null;
  ended: string | null;
  /** Agent version that wrote the log (`version` in Claude Code, `cli_version` in Codex, `Aider vX` in Aider…). */
  version: string | null;
  /** A human title when the agent recorded one (Claude Code `summary`/`custom-title`). */
  title: string | null;
}

/** Why an edit did not reach the file: kept apart as DESIGN.md §2 asks. */
export type RejectionKind = 'user-declined' | 'tool-error' | 'hook-blocked';

/** Fields every event carries. `id` is deterministic: hash of session id + native item id + index. */
export interface EventBase {
  id: string;
  /** Session id, `<agent>:<nativeId>`. */
  session: string;
  /** ISO 8601 UTC, or null when the format records no time for the item (Codex legacy). */
  at: string | null;
}

/** A prompt typed by the human (injected context, tool results and meta lines excluded). */
export interface PromptEvent extends EventBase {
  kind: 'prompt';
  text: string;
}

/** Assistant prose (not tool calls, not hidden reasoning): where decisions are stated. */
export interface MessageEvent extends EventBase {
  kind: 'message';
  text: string;
}

/**
 * A file change proposed by an agent.
 * `path` is absolute as the agent recorded it (resolved against the call's working
 * directory when the agent logged a relative path). `added`/`removed` are the lines of the
 * new and old side of the change (without the diff marker, without trailing newline).
 */
export interface EditEvent extends EventBase {
  kind: 'edit';
  /** The tool that proposed it: `Edit`, `MultiEdit`, `Write`, `NotebookEdit`, `apply_patch`… */
  tool: string;
  path: string;
  op: 'update' | 'create' | 'delete' | 'move';
  /** For `op: 'move'`: the absolute destination path. */
  movedTo: string | null;
  added: string[];
  removed: string[];
  /**
   * Lines the edit re-emitted unchanged: in both its old and its new text (context lines
   * of its patch, or the old/new strings' common lines), at most `MAX_KEPT_LINES`. Absent
   * when none or when the agent's log does not tell.
   */
  kept?: string[];
  outcome: 'applied' | 'rejected';
  /** Set when `outcome` is `rejected`: what kind of refusal, and its text (error or user words). */
  rejection: { kind: RejectionKind; reason: string } | null;
}

/** A shell command run by the agent, with its exit code when the log has one. */
export interface CommandEvent extends EventBase {
  kind: 'command';
  command: string;
  exitCode: number | null;
  /** The tail of the command's output, at most a few hundred characters. */
  output: string;
}

/** The agent's todo list as last written (Claude Code TodoWrite, Codex update_plan). */
export interface TodoEvent extends EventBase {
  kind: 'todo';
  items: { text: string; status: 'pending' | 'in_progress' | 'completed' }[];
}

/** One thing that happened in a session. */
export type DriftEvent = PromptEvent | MessageEvent | EditEvent | CommandEvent | TodoEvent;

/** A problem found in foreign input: counted and reported, never thrown. */
export interface Diagnostic {
  /** The log file it was found in (absolute path). */
  file: string;
  /** 1-based line number within the chunk read, or null for file-level problems. */
  line: number | null;
  message: string;
}

/** The three owners a committed line can have (DESIGN.md §5); `unknown` is for commits without a note. */
export type LineState = 'ai' | 'ai-modified' | 'human';
