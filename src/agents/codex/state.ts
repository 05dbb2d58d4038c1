/**
 * The Codex reader's per-file state (persisted between captures as JSON) and the per-chunk
 * context that the line handlers write events, session facts and diagnostics into.
 */
import type { Diagnostic, DriftEvent, EditEvent, SessionInfo } from '../../types.js';
import type { LogFile } from '../reader.js';

/** A file op of an apply_patch call waiting for its output, with paths already resolved. */
export interface PendingOp {
  path: string;
  op: EditEvent['op'];
  movedTo: string | null;
  added: string[];
  removed: string[];
  /** Lines the op re-emitted unchanged (its hunks' context), when any (`EditEvent.kept`). */
  kept?: string[];
}

/** A tool call seen in the log whose output has not been read yet. */
export type PendingCall = { kind: 'edit'; at: string | null; ops: PendingOp[] } | { kind: 'command'; at: string | null; command: string };

/** A user message from a `response_item`, held until we know the file has no `user_message` events. */
export interface PendingPrompt {
  /** Byte offset of its line, the native item of its event id. */
  offset: number;
  at: string | null;
  text: string;
}

/**
 * Per-file state of the Codex reader. JSON-serialisable; survives between captures so that a
 * call in one chunk and its output in a later chunk give the same events as one read.
 */
export interface CodexState {
  /** Working directory from `session_meta` (or, in legacy files, the first environment context). */
  metaCwd: string | null;
  /** Latest working directory from `turn_context` (or a later environment context). */
  turnCwd: string | null;
  /** True once the session header (`session_meta` or the legacy first line) was read. */
  metaSeen: boolean;
  /** True once an `event_msg` `user_message` was seen: prompts then come only from those. */
  sawUserEvent: boolean;
  /** `response_item` user messages not yet known to be duplicated by a `user_message` event. */
  pendingPrompts: PendingPrompt[];
  /** Recently emitted assistant texts, `R<hash>` (response item) or `E<hash>` (event), to drop their twin. */
  recentMessages: string[];
  /** Calls waiting for their output, by `call_id`, in log order. */
  calls: Record<string, PendingCall>;
}

/** Most calls kept waiting for an output; older ones are dropped with a diagnostic. */
export const MAX_PENDING_CALLS = 256;
/** Most assistant texts remembered for deduplication. */
export const MAX_RECENT_MESSAGES = 64;
/** Most response-item prompts held back. */
export const MAX_PENDING_PROMPTS = 16;

/** The state a Codex log file starts with. */
export function initialCodexState(): CodexState {
  return {
    metaCwd: null,
    turnCwd: null,
    metaSeen: false,
    sawUserEvent: false,
    pendingPrompts: [],
    recentMessages: [],
    calls: {},
  };
}

/** Where a line sits: its timestamp (null in legacy files), byte offset and 1-based line in the chunk. */
export interface Pos {
  at: string | null;
  offset: number;
  line: number;
}

/** What the handlers of one chunk share and fill. */
export interface Chunk {
  /** Session id, `codex:<native id>`. */
  session: string;
  file: LogFile;
  state: CodexState;
  events: DriftEvent[];
  info: Partial<SessionInfo>;
  diagnostics: Diagnostic[];
}

/** Record a diagnostic for the line at `pos`. */
export function diagnose(chunk: Chunk, pos: Pos | null, message: string): void {
  chunk.diagnostics.push({ file: chunk.file.path, line: pos ? pos.line : null, message });
}

/** The working directory relative paths of a call resolve against: latest turn cwd, else the session's. */
export function currentCwd(state: CodexState): string | null {
  return state.turnCwd ?? state.metaCwd;
}
