/**
 * `parseChunk` for Codex rollouts: dispatches each JSON line of the current envelope
 * (`{timestamp,type,payload}`, §2.2 of ../shared/research/session-formats.md; openai/codex
 * `codex-rs/protocol/src/protocol.rs` `RolloutLine`/`RolloutItem`) or of the legacy layout
 * (header `{id,timestamp,instructions,git}`, `{"record_type":"state"}` markers, bare
 * `ResponseItem`s without timestamps, §2.3) to the handlers of messages and tool calls.
 */
import type { ChunkResult, JsonLine, LogFile } from '../reader.js';
import { asObject, asString, forEachJsonLine } from '../reader.js';
import { handleCustomCall, handleFunctionCall, handleLocalShell, handleOutput, handlePatchApplyEnd, handleTurnAborted } from './calls.js';
import { handleAgentEvent, handleMessage, handleUserEvent, noteResponseItem } from './messages.js';
import { diagnose, type Chunk, type CodexState, type Pos } from './state.js';

/**
 * Parse complete lines of a Codex rollout starting at byte `offset` of `file`. Pure: mutates
 * only `state`. Events carry ids `eventId("codex:<id>", <call_id or line byte offset>, <index>)`;
 * malformed lines and patches become diagnostics, never exceptions.
 */
export function parseCodexChunk(text: string | Uint8Array, offset: number, state: CodexState, file: LogFile): ChunkResult {
  const chunk: Chunk = {
    session: `codex:${file.sessionNativeId}`,
    file,
    state,
    events: [],
    info: { nativeId: file.sessionNativeId, title: null },
    diagnostics: [],
  };
  chunk.diagnostics.push(...forEachJsonLine(text, offset, file.path, (line) => parseLine(chunk, line))); // Each line read as soon as it is parsed.
  chunk.diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { events: chunk.events, session: chunk.info, diagnostics: chunk.diagnostics };
}

function parseLine(chunk: Chunk, line: JsonLine): void {
  const obj = asObject(line.value);
  const pos: Pos = { at: null, offset: line.offset, line: line.line };
  if (obj === undefined) {
    diagnose(chunk, pos, 'line is not a JSON object, skipped');
    return;
  }
  const payload = asObject(obj.payload);
  const type = asString(obj.type);
  if (payload !== undefined && type !== undefined) {
    pos.at = asString(obj.timestamp) ?? null;
    if (pos.at !== null) chunk.info.ended = pos.at;
    parseEnvelope(chunk, type, payload, pos);
  } else if (type !== undefined) {
    parseItem(chunk, type, obj, pos, true);
  } else if (obj.record_type === undefined && typeof obj.id === 'string' && typeof obj.timestamp === 'string') {
    parseLegacyHeader(chunk, obj);
  }
}

function parseEnvelope(chunk: Chunk, type: string, payload: Record<string, unknown>, pos: Pos): void {
  switch (type) {
    case 'session_meta':
      return parseSessionMeta(chunk, payload, pos);
    case 'turn_context':
      return parseTurnContext(chunk, payload);
    case 'response_item':
      return parseItem(chunk, asString(payload.type) ?? '', payload, pos, false);
    case 'event_msg':
      return parseEvent(chunk, payload, pos);
    default:
      return; // compacted, world_state and future kinds carry nothing we record
  }
}

function parseItem(chunk: Chunk, type: string, item: Record<string, unknown>, pos: Pos, legacy: boolean): void {
  noteResponseItem(chunk, type);
  switch (type) {
    case 'message':
      return handleMessage(chunk, item, pos, legacy);
    case 'function_call':
      return handleFunctionCall(chunk, item, pos);
    case 'custom_tool_call':
      return handleCustomCall(chunk, item, pos);
    case 'local_shell_call':
      return handleLocalShell(chunk, item, pos);
    case 'function_call_output':
    case 'custom_tool_call_output':
      return handleOutput(chunk, item);
    default:
      return;
  }
}

function parseEvent(chunk: Chunk, payload: Record<string, unknown>, pos: Pos): void {
  switch (payload.type) {
    case 'user_message':
      return handleUserEvent(chunk, payload, pos);
    case 'agent_message':
      return handleAgentEvent(chunk, payload, pos);
    case 'patch_apply_end':
      return handlePatchApplyEnd(chunk, payload);
    case 'turn_aborted':
      return handleTurnAborted(chunk, payload);
    default:
      return;
  }
}

/** `session_meta` (§2.2): the first one gives cwd, branch and start; the latest gives the version. */
function parseSessionMeta(chunk: Chunk, meta: Record<string, unknown>, pos: Pos): void {
  const version = asString(meta.cli_version);
  if (version !== undefined) chunk.info.version = version;
  if (chunk.state.metaSeen) return;
  chunk.state.metaSeen = true;
  const cwd = asString(meta.cwd);
  if (cwd !== undefined) {
    chunk.state.metaCwd = cwd;
    chunk.info.cwd = cwd;
  }
  const branch = asString(asObject(meta.git)?.branch);
  if (branch !== undefined) chunk.info.branch = branch;
  const started = asString(meta.timestamp) ?? pos.at;
  if (started !== null) chunk.info.started = started;
}

/** `turn_context` (§2.2): the model and the working directory of the turn. */
function parseTurnContext(chunk: Chunk, ctx: Record<string, unknown>): void {
  const model = asString(ctx.model);
  if (model !== undefined) chunk.info.model = model;
  const cwd = asString(ctx.cwd);
  if (cwd === undefined) return;
  chunk.state.turnCwd = cwd;
  if (chunk.state.metaCwd === null) {
    chunk.state.metaCwd = cwd;
    chunk.info.cwd = cwd;
  }
}

/** Legacy header `{id,timestamp,instructions,git}` (§2.3): the only timestamp the file has. */
function parseLegacyHeader(chunk: Chunk, header: Record<string, unknown>): void {
  if (chunk.state.metaSeen) return;
  chunk.state.metaSeen = true;
  const at = header.timestamp as string;
  chunk.info.started = at;
  chunk.info.ended = at;
  const branch = asString(asObject(header.git)?.branch);
  if (branch !== undefined) chunk.info.branch = branch;
}
