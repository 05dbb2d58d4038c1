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
 * The ids of a `pending` map in its own key order (oldest first), kept beside it so that
 * remembering a call does not list the map (listing 128 keys of an object that `delete`
 * made a dictionary, at every call, was a first capture's 3 %). A `Map` orders as the
 * object does for ids that are not array indexes (`"12"` would be listed first): a map
 * with such an id keeps no order (null) and is listed as before. Rebuilt whenever found
 * out of step with the map.
 */
const callOrder = new WeakMap<Record<string, PendingCall>, Map<string, true> | null>();

/** Ids that the object would order as array indexes (and a few more, all digits: they take the listing path). */
const INDEX_LIKE = /^\d+$/;

function orderOf(pending: Record<string, PendingCall>): Map<string, true> | null {
  let order = callOrder.get(pending);
  if (order === undefined) {
    const ids = Object.keys(pending);
    order = ids.some((id) => INDEX_LIKE.test(id)) ? null : new Map(ids.map((id) => [id, true]));
    callOrder.set(pending, order);
  }
  return order;
}

/**
 * Remember `call` under its `tool_use` id `id` in `pending` (forgetting the oldest past
 * `MAX_PENDING_CALLS`, oldest in the object's key order). An id that is not a plain own key
 * (`__proto__`) is not remembered: ids come from the log. Mutates `pending`; forget a call
 * with `forgetCall`, which keeps the order in step.
 */
export function rememberCall(pending: Record<string, PendingCall>, id: string, call: PendingCall): void {
  if (id === '__proto__') return;
  let order = orderOf(pending);
  if (order && INDEX_LIKE.test(id)) callOrder.set(pending, (order = null));
  pending[id] = call;
  if (!order) {
    const ids = Object.keys(pending);
    for (let i = 0; i < ids.length - MAX_PENDING_CALLS; i++) delete pending[ids[i]!];
    return;
  }
  order.set(id, true); // An id already there keeps its place, as the object's key does.
  while (order.size > MAX_PENDING_CALLS) {
    const oldest = order.keys().next().value as string;
    if (!Object.hasOwn(pending, oldest)) {
      callOrder.delete(pending); // Out of step (the map changed behind our back): list it again.
      rememberCall(pending, id, call);
      return;
    }
    order.delete(oldest);
    delete pending[oldest];
  }
}

/** Forget the call waiting under `id` in `pending`, if any. Mutates `pending`. */
export function forgetCall(pending: Record<string, PendingCall>, id: string): void {
  if (!Object.hasOwn(pending, id)) return;
  delete pending[id];
  callOrder.get(pending)?.delete(id);
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

/** `Date.parse` of the recent `started` and `ended` times (every line is compared with both). */
const parsedTimes = new Map<string, number>();

/** `Date.parse(text)`, from `parsedTimes` when there. */
function timeOf(text: string): number {
  return parsedTimes.get(text) ?? Date.parse(text);
}

/** `text`, its time `ms` kept in `parsedTimes` (a few entries: it is emptied when full). */
function remembered(text: string, ms: number): string {
  if (parsedTimes.size >= 64) parsedTimes.clear();
  parsedTimes.set(text, ms);
  return text;
}

/**
 * Fold the session facts of one parsed line into `facts` (mutated). Reads the envelope
 * fields of session-formats.md §1.2 (`timestamp`, `cwd`, `gitBranch`, `version`,
 * `message.model`) and the `custom-title` / `ai-title` lines of §1.3.
 */
export function noteFacts(line: Record<string, unknown>, facts: SessionFacts): void {
  const ts = asString(line.timestamp);
  const ms = ts === undefined ? Number.NaN : Date.parse(ts);
  if (ts !== undefined && !Number.isNaN(ms)) {
    if (facts.started === null || ms < timeOf(facts.started)) facts.started = remembered(ts, ms);
    if (facts.ended === null || ms > timeOf(facts.ended)) facts.ended = remembered(ts, ms);
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
