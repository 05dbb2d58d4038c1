/**
 * The per-file state of the Claude Code reader: tool calls waiting for their result,
 * the task list of the 2.1.x task tools, and the session facts seen so far.
 * Everything here is plain JSON so that capture can persist it between commits.
 */
import type { SessionInfo } from '../../types.js';
import type { LogFile } from '../reader.js';
import { asObject, asString } from '../reader.js';

/** A tool call whose `tool_result` has not been read yet (it may come in a later chunk). */
export interface PendingCall {
  /** Tool name as recorded: `Edit`, `MultiEdit`, `Write`, `NotebookEdit`, `Bash`, `TaskCreate`, `TaskUpdate`. */
  name: string;
  /** The `tool_use` block's `input`, as recorded. */
  input: Record<string, unknown>;
  /** ISO 8601 time of the assistant line that made the call, or null. */
  at: string | null;
  /** `uuid` of that assistant line, or `@<byte offset>` when it has none. */
  lineUuid: string;
}

/** One entry of the task list kept by `TaskCreate` / `TaskUpdate` (Claude Code ≥ 2.1.59). */
export interface TaskItem {
  id: string;
  text: string;
  status: 'pending' | 'in_progress' | 'completed';
}

/** Session facts accumulated over every chunk read so far (see `sessionFacts`). */
export interface SessionFacts {
  /** Last `message.model` of a main-thread assistant line that is not `<synthetic>`. */
  model: string | null;
  /** Last `gitBranch` that is neither empty nor `HEAD`. */
  branch: string | null;
  /** True once a line recorded `gitBranch: "HEAD"` (detached). */
  detached: boolean;
  /** How many lines recorded each `cwd`, in first-seen order. */
  cwdCounts: Record<string, number>;
  /** Earliest and latest top-level `timestamp` (ISO 8601 UTC, as recorded). */
  started: string | null;
  ended: string | null;
  /** Last `version` (the Claude Code release that wrote the line). */
  version: string | null;
  /** Last `custom-title` (a user rename) and last `ai-title`. */
  customTitle: string | null;
  aiTitle: string | null;
}

/**
 * Tool calls kept waiting for their result, at most. Claude Code logs a call's result right
 * after it (parallel calls' results after the batch), so a call still unanswered after this
 * many later calls that wait for a result was interrupted or the log lost it: the oldest is
 * forgotten, and the state, which capture stores and rewrites at every commit, stays
 * bounded however long the session (an unanswered call per interruption otherwise piles up).
 */
export const MAX_PENDING_CALLS = 128;

/**
 * Remember `call` under its `tool_use` id `id` in `pending` (forgetting the oldest past
 * `MAX_PENDING_CALLS`). An id that is not a plain own key (`__proto__`) is not remembered:
 * ids come from the log. Mutates `pending`.
 */
export function rememberCall(pending: Record<string, PendingCall>, id: string, call: PendingCall): void {
  if (id === '__proto__') return;
  pending[id] = call;
  const ids = Object.keys(pending);
  for (let i = 0; i < ids.length - MAX_PENDING_CALLS; i++) delete pending[ids[i]!];
}

/** The call waiting under `tool_use` id `id`, if any (own keys only: ids come from the log). */
export function pendingCall(pending: Record<string, PendingCall>, id: string): PendingCall | undefined {
  return Object.hasOwn(pending, id) ? pending[id] : undefined;
}

/** The Claude Code reader's state for one log file. */
export interface ClaudeState {
  /** Tool calls waiting for their result, by `tool_use` id. */
  pending: Record<string, PendingCall>;
  /** The current task list built from `TaskCreate` / `TaskUpdate` results. */
  tasks: TaskItem[];
  facts: SessionFacts;
}

/** A fresh state: nothing pending, no facts. */
export function emptyState(): ClaudeState {
  return {
    pending: {},
    tasks: [],
    facts: {
      model: null,
      branch: null,
      detached: false,
      cwdCounts: {},
      started: null,
      ended: null,
      version: null,
      customTitle: null,
      aiTitle: null,
    },
  };
}

/**
 * Fold the session facts of one parsed line into `facts` (mutated). Reads the envelope
 * fields of session-formats.md §1.2 (`timestamp`, `cwd`, `gitBranch`, `version`,
 * `message.model`) and the `custom-title` / `ai-title` lines of §1.3.
 */
export function noteFacts(line: Record<string, unknown>, facts: SessionFacts): void {
  const ts = asString(line.timestamp);
  if (ts !== undefined && !Number.isNaN(Date.parse(ts))) {
    if (facts.started === null || Date.parse(ts) < Date.parse(facts.started)) facts.started = ts;
    if (facts.ended === null || Date.parse(ts) > Date.parse(facts.ended)) facts.ended = ts;
  }
  const cwd = asString(line.cwd);
  if (cwd) countCwd(facts.cwdCounts, cwd);
  const branch = asString(line.gitBranch);
  if (branch === 'HEAD') facts.detached = true;
  else if (branch) facts.branch = branch;
  const version = asString(line.version);
  if (version) facts.version = version;
  if (line.type === 'custom-title') facts.customTitle = asString(line.customTitle) ?? facts.customTitle;
  if (line.type === 'ai-title') facts.aiTitle = asString(line.aiTitle) ?? facts.aiTitle;
  if (line.type === 'assistant' && line.isSidechain !== true) {
    const model = asString(asObject(line.message)?.model);
    if (model && model !== '<synthetic>') facts.model = model;
  }
}

/** At most this many distinct cwds are counted per log file (a real session has a few; the counts live in store.json). */
export const MAX_CWDS = 64;

/**
 * Count one line's `cwd` in `counts` (mutated). The cwd comes from the log, so it is read
 * as an own key only (`constructor` is a cwd like any other, not Object's), `__proto__` is
 * not counted, and a cwd first seen after `MAX_CWDS` others is not counted.
 */
function countCwd(counts: Record<string, number>, cwd: string): void {
  if (Object.hasOwn(counts, cwd)) counts[cwd] = (counts[cwd] ?? 0) + 1;
  else if (cwd !== '__proto__' && Object.keys(counts).length < MAX_CWDS) counts[cwd] = 1;
}

/** The cwd recorded on most lines; ties go to the one seen first. Null when none. */
function mainCwd(counts: Record<string, number>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [cwd, count] of Object.entries(counts)) {
    if (count > bestCount) {
      best = cwd;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The session facts to report after a chunk. They are computed from the whole file read
 * so far, so the last report is always the right one ("later values win"). Keys without a
 * value are left out rather than set to null. A sub-agent file reports only the session
 * identity: its model, times and cwd are the sub-agent's, not the parent session's.
 */
export function sessionFacts(facts: SessionFacts, file: LogFile): Partial<SessionInfo> {
  const out: Partial<SessionInfo> = {
    id: `claude-code:${file.sessionNativeId}`,
    agent: 'claude-code',
    nativeId: file.sessionNativeId,
  };
  if (file.sidechain) return out;
  const branch = facts.branch ?? (facts.detached ? 'HEAD' : null);
  const title = facts.customTitle ?? facts.aiTitle;
  const cwd = mainCwd(facts.cwdCounts);
  if (facts.model !== null) out.model = facts.model;
  if (branch !== null) out.branch = branch;
  if (cwd !== null) out.cwd = cwd;
  if (facts.started !== null) out.started = facts.started;
  if (facts.ended !== null) out.ended = facts.ended;
  if (facts.version !== null) out.version = facts.version;
  if (title !== null) out.title = title;
  return out;
}
