/**
 * Tool calls in Codex rollouts → edit, command and todo events: apply_patch in its four
 * disguises (§2.4 of ../shared/research/session-formats.md), shell / shell_command /
 * exec_command / local_shell_call commands (§2.5) and update_plan todo lists. Calls wait in
 * the state until their output (possibly in a later chunk) tells how they ended.
 */
import type { EditEvent, RejectionKind, TodoEvent } from '../../types.js';
import { asObject, asString, eventId } from '../reader.js';
import { containsPatch, parseApplyPatch } from '../apply-patch.js';
import { commonLines } from '../lines.js';
import { MAX_PENDING_CALLS, currentCwd, diagnose, type Chunk, type PendingCall, type PendingOp, type Pos } from './state.js';
import { REASON_CHARS, commandText, isUserDeclined, readToolOutput, resolveLogged, tail } from './text.js';

/** Function names that run a shell command (by era, §2.5). */
const SHELL_TOOLS = new Set(['shell', 'container.exec', 'shell_command', 'exec_command', 'local_shell']);

/** How a pending edit ended. */
interface Outcome {
  outcome: EditEvent['outcome'];
  rejection: EditEvent['rejection'];
}

/** Handle a `function_call` response item (`arguments` is a JSON string). */
export function handleFunctionCall(chunk: Chunk, item: Record<string, unknown>, pos: Pos): void {
  const name = asString(item.name) ?? '';
  const callId = asString(item.call_id) ?? null;
  const args = parseArguments(chunk, item.arguments, pos);
  if (name === 'update_plan') {
    emitTodo(chunk, callId ?? `@${pos.offset}`, args, pos);
    return;
  }
  if (name !== 'apply_patch' && !SHELL_TOOLS.has(name)) return;
  const workdir = asString(args.workdir) ?? asString(args.cwd) ?? null;
  const patch = findPatch(args);
  if (patch !== null) startEdit(chunk, callId, patch, workdir, pos);
  else if (name === 'apply_patch') diagnose(chunk, pos, 'apply_patch call without "*** Begin Patch", ignored');
  else startCommand(chunk, callId, commandText(args.command ?? args.cmd), pos);
}

/** Handle a `custom_tool_call` response item: freeform `apply_patch` with the raw patch as `input`. */
export function handleCustomCall(chunk: Chunk, item: Record<string, unknown>, pos: Pos): void {
  const input = asString(item.input);
  if (item.name !== 'apply_patch' || input === undefined) return;
  startEdit(chunk, asString(item.call_id) ?? null, input, null, pos);
}

/** Handle a `local_shell_call` response item (`action.command[]`, `action.working_directory`). */
export function handleLocalShell(chunk: Chunk, item: Record<string, unknown>, pos: Pos): void {
  const action = asObject(item.action) ?? {};
  const callId = asString(item.call_id) ?? asString(item.id) ?? null;
  const patch = findPatch(action.command);
  if (patch !== null) startEdit(chunk, callId, patch, asString(action.working_directory) ?? null, pos);
  else startCommand(chunk, callId, commandText(action.command), pos);
}

function parseArguments(chunk: Chunk, raw: unknown, pos: Pos): Record<string, unknown> {
  if (typeof raw !== 'string') return asObject(raw) ?? {};
  try {
    return asObject(JSON.parse(raw)) ?? {};
  } catch {
    diagnose(chunk, pos, 'function_call arguments are not valid JSON, ignored');
    return {};
  }
}

/** The first string containing `*** Begin Patch` in a value, its arrays and its object fields. */
function findPatch(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return containsPatch(value) ? value : null;
  if (depth > 2) return null;
  const children = Array.isArray(value) ? value : Object.values(asObject(value) ?? {});
  for (const child of children) {
    const found = findPatch(child, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

function startEdit(chunk: Chunk, callId: string | null, patch: string, workdir: string | null, pos: Pos): void {
  const parsed = parseApplyPatch(patch);
  for (const p of parsed.problems) diagnose(chunk, pos, `apply_patch${p.line ? ` line ${p.line}` : ''}: ${p.message}`);
  if (parsed.ops.length === 0) return;
  const cwd = currentCwd(chunk.state);
  const base = workdir === null ? cwd : resolveLogged(cwd, workdir);
  const ops: PendingOp[] = parsed.ops.map((op) => {
    const kept = commonLines(
      op.hunks.flatMap((h) => h.oldLines),
      op.hunks.flatMap((h) => h.newLines),
    );
    return {
      path: resolveLogged(base, op.path),
      op: op.op,
      movedTo: op.movedTo === null ? null : resolveLogged(base, op.movedTo),
      added: op.added,
      removed: op.removed,
      ...(kept.length > 0 ? { kept } : {}),
    };
  });
  addPending(chunk, callId, { kind: 'edit', at: pos.at, ops }, pos);
}

function startCommand(chunk: Chunk, callId: string | null, command: string | null, pos: Pos): void {
  if (command === null) {
    diagnose(chunk, pos, 'shell call without a command, ignored');
    return;
  }
  addPending(chunk, callId, { kind: 'command', at: pos.at, command }, pos);
}

function addPending(chunk: Chunk, callId: string | null, call: PendingCall, pos: Pos): void {
  if (callId === null) {
    diagnose(chunk, pos, 'tool call without call_id, ignored');
    return;
  }
  const calls = chunk.state.calls;
  if (callId === '__proto__') {
    diagnose(chunk, pos, 'tool call with call_id __proto__, ignored'); // ids are data: never an object's prototype
    return;
  }
  calls[callId] = call;
  const ids = Object.keys(calls);
  if (ids.length > MAX_PENDING_CALLS) {
    delete calls[ids[0]!];
    diagnose(chunk, pos, `more than ${MAX_PENDING_CALLS} calls without output; dropped call ${ids[0]}`);
  }
}

/** Handle a `function_call_output` / `custom_tool_call_output`: settle the matching pending call. */
export function handleOutput(chunk: Chunk, item: Record<string, unknown>): void {
  const callId = asString(item.call_id);
  const call = callId === undefined || !Object.hasOwn(chunk.state.calls, callId) ? undefined : chunk.state.calls[callId];
  if (callId === undefined || call === undefined) return;
  delete chunk.state.calls[callId];
  const out = readToolOutput(item.output);
  if (call.kind === 'command') {
    emitCommand(chunk, callId, call, out.exitCode, tail(out.body));
    return;
  }
  const applied = /(^|\n)\s*Success\./.test(out.text) || out.exitCode === 0;
  emitEdits(chunk, callId, call, applied ? APPLIED : rejected(out.text));
}

/** Handle an `event_msg` `patch_apply_end` (`call_id`, `success`, `stdout`, `stderr`) when it comes first. */
export function handlePatchApplyEnd(chunk: Chunk, payload: Record<string, unknown>): void {
  const callId = asString(payload.call_id);
  const call = callId === undefined || !Object.hasOwn(chunk.state.calls, callId) ? undefined : chunk.state.calls[callId];
  if (callId === undefined || call?.kind !== 'edit' || typeof payload.success !== 'boolean') return;
  delete chunk.state.calls[callId];
  const text = [asString(payload.stderr), asString(payload.stdout)].filter((s) => s && s.trim() !== '').join('\n');
  const declined = payload.status === 'declined' ? 'user-declined' : undefined;
  emitEdits(chunk, callId, call, payload.success ? APPLIED : rejected(text || 'apply_patch failed', declined));
}

/**
 * Handle an `event_msg` `turn_aborted` (`reason`: interrupted, replaced…): calls still waiting
 * will get no real output. Edits are rejected as declined (the user stopped the turn),
 * commands end with an unknown exit code.
 */
export function handleTurnAborted(chunk: Chunk, payload: Record<string, unknown>): void {
  const reason = `turn aborted (${asString(payload.reason) ?? 'unknown reason'})`;
  for (const [callId, call] of Object.entries(chunk.state.calls)) {
    delete chunk.state.calls[callId];
    if (call.kind === 'command') emitCommand(chunk, callId, call, null, '');
    else emitEdits(chunk, callId, call, rejected(reason, 'user-declined'));
  }
}

const APPLIED: Outcome = { outcome: 'applied', rejection: null };

function rejected(text: string, kind?: RejectionKind): Outcome {
  const reason = text.trim().slice(0, REASON_CHARS);
  const rejectionKind = kind ?? (isUserDeclined(text) ? 'user-declined' : 'tool-error');
  return { outcome: 'rejected', rejection: { kind: rejectionKind, reason } };
}

function emitCommand(chunk: Chunk, callId: string, call: Extract<PendingCall, { kind: 'command' }>, exitCode: number | null, output: string): void {
  chunk.events.push({
    id: eventId(chunk.session, callId, 0),
    session: chunk.session,
    at: call.at,
    kind: 'command',
    command: call.command,
    exitCode,
    output,
  });
}

function emitEdits(chunk: Chunk, callId: string, call: Extract<PendingCall, { kind: 'edit' }>, outcome: Outcome): void {
  call.ops.forEach((op, index) => {
    chunk.events.push({
      id: eventId(chunk.session, callId, index),
      session: chunk.session,
      at: call.at,
      kind: 'edit',
      tool: 'apply_patch',
      ...op,
      ...outcome,
    });
  });
}

const TODO_STATUSES = new Set(['pending', 'in_progress', 'completed']);

function emitTodo(chunk: Chunk, item: string, args: Record<string, unknown>, pos: Pos): void {
  if (!Array.isArray(args.plan)) return;
  const items: TodoEvent['items'] = [];
  for (const entry of args.plan) {
    const obj = asObject(entry);
    const text = asString(obj?.step);
    if (text === undefined) continue;
    const status = asString(obj?.status) ?? 'pending';
    items.push({ text, status: TODO_STATUSES.has(status) ? (status as TodoEvent['items'][number]['status']) : 'pending' });
  }
  chunk.events.push({ id: eventId(chunk.session, item, 0), session: chunk.session, at: pos.at, kind: 'todo', items });
}
