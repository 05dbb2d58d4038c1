/**
 * Turns Claude Code tool calls other than edits into events: `Bash` commands (§1.6 of
 * session-formats.md), `TodoWrite` lists and the 2.1.x `TaskCreate` / `TaskUpdate` task
 * list (§1.8), plus the shared reading of a `tool_result` into a `ToolOutcome`.
 */
import type { CommandEvent, TodoEvent } from '../../types.js';
import { asObject, asString, eventId } from '../reader.js';
import type { ToolOutcome } from './edits.js';
import type { PendingCall, TaskItem } from './state.js';

/** Longest command output kept, in characters (the tail of stdout + stderr). */
const MAX_OUTPUT = 400;

/** The text of a `tool_result` / message `content`: a string, or its `text` blocks joined by newlines. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => asObject(block))
    .filter((block) => block?.type === 'text' && typeof block.text === 'string')
    .map((block) => block?.text as string)
    .join('\n');
}

/**
 * Read a `tool_result` block and its line's `toolUseResult` (pass undefined when the line
 * carries several results, so the structured result cannot be attributed). The call failed
 * when `is_error` is true or `toolUseResult` is a string (§1.5); the error text is the
 * result content, or that string, without `<tool_use_error>` tags.
 */
export function toolOutcome(block: Record<string, unknown>, toolUseResult: unknown): ToolOutcome {
  const text = contentText(block.content);
  const failed = block.is_error === true || typeof toolUseResult === 'string';
  const raw = text || (typeof toolUseResult === 'string' ? toolUseResult : '');
  const error = failed ? raw.replace(/<\/?tool_use_error>/g, '').trim() : null;
  return { error, result: asObject(toolUseResult), text };
}

/**
 * The exit code of a `Bash` call: the `N` of an `Exit code N` error, 1 for other errors,
 * 0 when the result recorded `stdout`/`stderr` (and was not interrupted), else null.
 */
function exitCode(outcome: ToolOutcome): number | null {
  if (outcome.error !== null) {
    const match = /^(?:Error: )?Exit code (\d+)/.exec(outcome.error);
    return match ? Number(match[1]) : 1;
  }
  const result = outcome.result;
  if (!result || result.interrupted === true) return null;
  return typeof result.stdout === 'string' || typeof result.stderr === 'string' ? 0 : null;
}

/** The tail of a call's output: `stdout` and `stderr` of the structured result, else the result text. */
function outputTail(outcome: ToolOutcome): string {
  const result = outcome.result;
  const parts = [asString(result?.stdout), asString(result?.stderr)].filter((s): s is string => !!s);
  const text = parts.length > 0 ? parts.join('\n') : outcome.text;
  return text.slice(-MAX_OUTPUT);
}

/** The command event of a `Bash` call and its result, or null when `input.command` is missing. Id: `eventId(session, toolUseId, 0)`. */
export function commandEvent(call: PendingCall, toolUseId: string, outcome: ToolOutcome, session: string, resultAt: string | null): CommandEvent | null {
  const command = asString(call.input.command);
  if (command === undefined) return null;
  return {
    id: eventId(session, toolUseId, 0),
    session,
    at: call.at ?? resultAt,
    kind: 'command',
    command,
    exitCode: exitCode(outcome),
    output: outputTail(outcome),
  };
}

/** A todo status as recorded, narrowed to the three we keep (anything else counts as pending). */
function todoStatus(value: unknown): TaskItem['status'] {
  return value === 'in_progress' || value === 'completed' ? value : 'pending';
}

/**
 * The todo list a `TodoWrite` call wrote: `input.todos[{content, status}]` (1.0–2.0,
 * corpus `chiphuyen__sniffly/…`). Null when the input has no list.
 */
export function todoWriteItems(input: Record<string, unknown>): TodoEvent['items'] | null {
  if (!Array.isArray(input.todos)) return null;
  const items: TodoEvent['items'] = [];
  for (const todo of input.todos) {
    const text = asString(asObject(todo)?.content);
    if (text !== undefined) items.push({ text, status: todoStatus(asObject(todo)?.status) });
  }
  return items;
}

/** The task id a `TaskCreate` result names: `toolUseResult.task.id`, else `Task #N` in the result text. */
function createdTaskId(outcome: ToolOutcome): string | null {
  const id = asObject(outcome.result?.task)?.id;
  if (typeof id === 'string' || typeof id === 'number') return String(id);
  const match = /#(\d+)/.exec(outcome.text);
  return match ? (match[1] ?? null) : null;
}

/**
 * Apply a successful `TaskCreate` (`input{subject, description}` → a new pending task) or
 * `TaskUpdate` (`input{taskId, status?, subject?}`; status `deleted` removes the task) to
 * `tasks` (mutated). Returns false when nothing changed. Task ids are local to the file.
 */
export function applyTaskCall(call: PendingCall, outcome: ToolOutcome, tasks: TaskItem[]): boolean {
  if (outcome.error !== null) return false;
  const input = call.input;
  const subject = asString(input.subject) ?? asString(input.description);
  if (call.name === 'TaskCreate') {
    const id = createdTaskId(outcome) ?? String(tasks.length + 1);
    tasks.push({ id, text: subject ?? `task ${id}`, status: 'pending' });
    return true;
  }
  const rawId = input.taskId;
  if (typeof rawId !== 'string' && typeof rawId !== 'number') return false;
  const id = String(rawId);
  const at = tasks.findIndex((task) => task.id === id);
  if (input.status === 'deleted') {
    if (at >= 0) tasks.splice(at, 1);
    return at >= 0;
  }
  const task: TaskItem = at >= 0 ? tasks[at]! : { id, text: subject ?? `task ${id}`, status: 'pending' };
  if (at < 0) tasks.push(task);
  if (subject !== undefined) task.text = subject;
  if (input.status !== undefined) task.status = todoStatus(input.status);
  return true;
}
