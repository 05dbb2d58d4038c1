/**
 * Gemini CLI chat records → drift events (session-formats.md §3.2–3.4; schema
 * `google-gemini/gemini-cli: packages/core/src/services/chatRecordingTypes.ts`). Works on
 * message records one at a time, so the whole-file JSON (`messages[]`, corpus
 * `gemini-cli/Ju-l-e-s__Myflix/…json`, `Tar-ive__brain-system/…json`) and the JSONL op-log
 * (metadata line, message records upserted by id, `$set`, `$rewindTo`; corpus
 * `gemini-cli/AnthonyontheHub__TP-Tutor/…jsonl`) share it. A message record re-written with
 * more tool calls gives the same ids again: the driver keeps each event once. Pure.
 */
import { posix } from 'node:path';
import type { DriftEvent, EditEvent, SessionInfo } from '../../types.js';
import { commonLines, keptField, lineDiff, splitLines, unifiedDiffLines } from '../lines.js';
import { asObject, asString, eventId } from '../reader.js';

/** Tool names whose calls edit a file (`replace` is shown as "Edit", `write_file` as "WriteFile"; `edit`/`smart_edit` in other builds). */
const EDIT_TOOLS = new Set(['replace', 'write_file', 'edit', 'smart_edit']);
/** Statuses after which a tool call will not change any more. */
const FINAL = new Set(['success', 'error', 'cancelled']);
/** Longest rejection reason and command output kept, in characters. */
const MAX_TEXT = 400;

/** What the records of one file said: events and session facts. */
export interface GeminiRead {
  events: DriftEvent[];
  info: Partial<SessionInfo>;
}

/** The text of a `content` (a string, or a Part list whose `text` parts are joined). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => asString(asObject(p)?.text) ?? '').join('');
}

/** Fold the session-level fields of a `ConversationRecord` (or a `$set`) into `info`. */
export function readMetadata(record: Record<string, unknown>, info: Partial<SessionInfo>): void {
  const started = asString(record.startTime);
  const updated = asString(record.lastUpdated);
  if (started) info.started = started;
  if (updated) info.ended = updated;
}

/** The events of one message record. `cwd` resolves relative tool paths (the project root). */
export function readMessage(record: Record<string, unknown>, session: string, cwd: string, read: GeminiRead): void {
  const id = asString(record.id);
  const at = asString(record.timestamp) ?? null;
  if (!id) return;
  if (at && (!read.info.ended || at > read.info.ended)) read.info.ended = at;
  const text = contentText(record.content).trim();
  if (record.type === 'user' && text !== '') read.events.push({ id: eventId(session, id, 0), session, at, kind: 'prompt', text });
  if (record.type !== 'gemini') return;
  const model = asString(record.model);
  if (model) read.info.model = model;
  if (text !== '') read.events.push({ id: eventId(session, id, 0), session, at, kind: 'message', text });
  for (const raw of Array.isArray(record.toolCalls) ? record.toolCalls : []) {
    const call = asObject(raw);
    const event = call ? toolEvent(call, session, cwd, at) : null;
    if (event) read.events.push(event);
  }
}

/** The response text of a tool call: `result[0].functionResponse.response.{output|error}`. */
function responseText(call: Record<string, unknown>): { output: string; error: string } {
  const first = Array.isArray(call.result) ? asObject(call.result[0]) : undefined;
  const response = asObject(asObject(first?.functionResponse)?.response);
  return { output: asString(response?.output) ?? '', error: asString(response?.error) ?? '' };
}

function toolEvent(call: Record<string, unknown>, session: string, cwd: string, messageAt: string | null): DriftEvent | null {
  const name = asString(call.name) ?? '';
  const callId = asString(call.id);
  const status = asString(call.status) ?? '';
  if (!callId || !FINAL.has(status)) return null;
  const at = asString(call.timestamp) ?? messageAt;
  const args = asObject(call.args) ?? {};
  if (EDIT_TOOLS.has(name)) return editEvent(call, name, args, status, session, callId, cwd, at);
  if (name !== 'run_shell_command') return null;
  const command = asString(args.command);
  if (!command) return null;
  const { output, error } = responseText(call);
  const code = /Exit Code: (-?\d+)/.exec(output);
  const exitCode = code ? Number(code[1]) : status === 'success' ? 0 : status === 'error' ? 1 : null;
  return { id: eventId(session, callId, 0), session, at, kind: 'command', command, exitCode, output: (output || error).slice(-MAX_TEXT) };
}

/**
 * The lines an edit re-emitted unchanged (`EditEvent.kept`): those in both `old_string` and
 * `new_string` of a `replace`; for a `write_file`, which writes the whole file again, those
 * in both `originalContent` and `newContent`; else the context lines of `fileDiff`.
 */
function reemitted(tool: string, args: Record<string, unknown>, display: Record<string, unknown> | undefined): string[] {
  const oldString = asString(args.old_string);
  const newString = asString(args.new_string);
  if (tool !== 'write_file' && oldString !== undefined && newString !== undefined) return commonLines(splitLines(oldString), splitLines(newString));
  const original = asString(display?.originalContent);
  const content = asString(display?.newContent);
  if (tool === 'write_file' && original !== undefined && content !== undefined) return commonLines(splitLines(original), splitLines(content));
  const diff = asString(display?.fileDiff);
  return diff ? unifiedDiffLines(diff).kept : [];
}

/**
 * An edit from `replace` / `write_file`: lines from `resultDisplay.fileDiff` (unified diff),
 * else `originalContent` → `newContent`, else the arguments (`old_string` → `new_string`,
 * `content`); re-emitted lines as `reemitted` says. Path: `resultDisplay.filePath`
 * (absolute), else `args.file_path` against `cwd`.
 */
function editEvent(call: Record<string, unknown>, tool: string, args: Record<string, unknown>, status: string, session: string, callId: string, cwd: string, at: string | null): EditEvent | null {
  const display = asObject(call.resultDisplay);
  const argPath = asString(args.file_path) ?? asString(args.absolute_path);
  const path = asString(display?.filePath) ?? (argPath ? posix.resolve(cwd, argPath.replace(/\\/g, '/')) : undefined);
  if (!path) return null;
  const diff = asString(display?.fileDiff);
  const lines = diff
    ? unifiedDiffLines(diff)
    : typeof display?.newContent === 'string'
      ? lineDiff(asString(display.originalContent) ?? '', display.newContent)
      : tool === 'write_file'
        ? { added: splitLines(asString(args.content) ?? ''), removed: [] }
        : lineDiff(asString(args.old_string) ?? '', asString(args.new_string) ?? '');
  const { error } = responseText(call);
  const reason = (error || (typeof call.resultDisplay === 'string' ? call.resultDisplay : status)).slice(0, MAX_TEXT);
  const rejection: EditEvent['rejection'] = status === 'success' ? null : { kind: status === 'cancelled' ? 'user-declined' : 'tool-error', reason };
  return {
    id: eventId(session, callId, 0),
    session,
    at,
    kind: 'edit',
    tool,
    path,
    op: display?.isNewFile === true ? 'create' : 'update',
    movedTo: null,
    added: lines.added,
    removed: lines.removed,
    ...keptField(reemitted(tool, args, display), !rejection),
    outcome: rejection ? 'rejected' : 'applied',
    rejection,
  };
}
