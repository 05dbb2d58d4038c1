/**
 * OpenCode messages and their parts → drift events (session-formats.md §7; part types from
 * `sst/opencode: packages/opencode/src/session/message-v2.ts`): a user message's `text`
 * parts are its prompt, an assistant's `text` parts its reply, `tool` parts named
 * `edit`/`write`/`patch`/`apply_patch` are edits (`state.status` completed → applied, error
 * → rejected), `bash` parts commands. Pure.
 */
import { posix } from 'node:path';
import type { DriftEvent, EditEvent, SessionInfo } from '../../types.js';
import { parseApplyPatch } from '../apply-patch.js';
import { commonLines, keptField, lineDiff, patchKept, splitLines, unifiedDiffLines } from '../lines.js';
import { asObject, asString, eventId } from '../reader.js';

/** One part: its id and its JSON `data`. */
export interface Part {
  id: string;
  data: Record<string, unknown>;
}

/**
 * The lines of an edit part: added and removed from `metadata.diff` (unified diff), else the
 * input (`content` of a `write`, `patchText` of a patch, `oldString` → `newString`); `kept`,
 * the lines it re-emitted unchanged, from the input's own old and new text where it has both
 * (`oldString`/`newString`, a patch's hunks), else from the diff's context lines.
 */
function editLines(tool: string, input: Record<string, unknown>, metadata: Record<string, unknown>): { added: string[]; removed: string[]; kept: string[] } {
  const patch = asString(input.patchText);
  const ops = patch ? parseApplyPatch(patch).ops : [];
  const oldString = asString(input.oldString);
  const newString = asString(input.newString);
  const kept = patch
    ? patchKept(ops.flatMap((o) => o.hunks))
    : tool !== 'write' && oldString !== undefined && newString !== undefined
      ? commonLines(splitLines(oldString), splitLines(newString))
      : null;
  const diff = asString(metadata.diff);
  if (diff) {
    const lines = unifiedDiffLines(diff);
    return { ...lines, kept: kept ?? lines.kept };
  }
  if (tool === 'write') return { added: splitLines(asString(input.content) ?? ''), removed: [], kept: [] };
  if (patch) return { added: ops.flatMap((o) => o.added), removed: ops.flatMap((o) => o.removed), kept: kept ?? [] };
  return { ...lineDiff(oldString ?? '', newString ?? ''), kept: kept ?? [] };
}

function toolEvent(part: Part, session: string, at: string | null, cwd: string): DriftEvent | null {
  const tool = asString(part.data.tool) ?? '';
  const state = asObject(part.data.state) ?? {};
  const status = asString(state.status);
  if (status !== 'completed' && status !== 'error') return null;
  const input = asObject(state.input) ?? {};
  const id = eventId(session, part.id, 0);
  if (tool === 'bash') {
    const command = asString(input.command);
    const exit = asObject(state.metadata)?.exit;
    return command ? { id, session, at, kind: 'command', command, exitCode: typeof exit === 'number' ? exit : null, output: (asString(state.output) ?? '').slice(-400) } : null;
  }
  if (!['edit', 'write', 'patch', 'apply_patch'].includes(tool)) return null;
  const raw = asString(input.filePath) ?? /\*\*\* (?:Add|Update) File: (.+)/.exec(asString(input.patchText) ?? '')?.[1];
  if (!raw) return null;
  const rejection: EditEvent['rejection'] =
    status === 'error' ? { kind: /reject|denied/i.test(asString(state.error) ?? '') ? 'user-declined' : 'tool-error', reason: (asString(state.error) ?? 'error').slice(0, 400) } : null;
  const lines = editLines(tool, input, asObject(state.metadata) ?? {});
  return {
    id,
    session,
    at,
    kind: 'edit',
    tool,
    path: posix.resolve(cwd, raw),
    op: tool === 'write' ? 'create' : 'update',
    movedTo: null,
    added: lines.added,
    removed: lines.removed,
    ...keptField(lines.kept, !rejection),
    outcome: rejection ? 'rejected' : 'applied',
    rejection,
  };
}

/** Push the events of one message and its parts onto `events`; note its model and cwd in `info`. */
export function messageEvents(message: Record<string, unknown>, parts: Part[], session: string, info: Partial<SessionInfo>, events: DriftEvent[]): void {
  const created = asObject(message.time)?.created;
  const at = typeof created === 'number' ? new Date(created).toISOString() : null;
  const model = asString(message.modelID) ?? asString(asObject(message.model)?.modelID);
  if (model && message.role === 'assistant') info.model = model;
  const cwd = asString(asObject(message.path)?.cwd) ?? info.cwd ?? '/';
  if (!info.cwd && asString(asObject(message.path)?.cwd)) info.cwd = cwd;
  const text = parts
    .filter((p) => p.data.type === 'text' && p.data.synthetic !== true)
    .map((p) => asString(p.data.text) ?? '')
    .join('\n')
    .trim();
  const id = asString(message.id) ?? String(message.id);
  if (text && message.role === 'user') events.push({ id: eventId(session, id, 0), session, at, kind: 'prompt', text });
  if (text && message.role === 'assistant') events.push({ id: eventId(session, id, 0), session, at, kind: 'message', text });
  for (const part of parts) {
    const event = toolEvent(part, session, at, cwd);
    if (event) events.push(event);
  }
}
