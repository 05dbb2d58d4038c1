/**
 * Parses a chunk of a Claude Code transcript (`~/.claude/projects/<slug>/<sessionId>.jsonl`)
 * into drift events: human prompts, assistant prose, edits, commands and todo lists.
 * Format: session-formats.md §1.2–1.7, checked against every file in `corpus/claude-code/`.
 */
import type { DriftEvent } from '../../types.js';
import type { ChunkResult, LogFile } from '../reader.js';
import { asObject, asString, eventId, forEachJsonLine } from '../reader.js';
import { EDIT_TOOLS, editEvents } from './edits.js';
import type { ClaudeState, PendingCall } from './state.js';
import { forgetCall, noteFacts, pendingCall, rememberCall, sessionFacts } from './state.js';
import { applyTaskCall, commandEvent, contentText, todoWriteItems, toolOutcome } from './tools.js';

/** Tools whose calls wait in the state for their `tool_result`. */
const RESULT_TOOLS: ReadonlySet<string> = new Set([...EDIT_TOOLS, 'Bash', 'TaskCreate', 'TaskUpdate']);

/** Starts of user text that Claude Code injects rather than the human typing it (§1.7). */
const INJECTED_PREFIXES = [
  '<command-name>',
  '<command-message>',
  '<command-args>',
  '<local-command-stdout>',
  '<local-command-stderr>',
  '<local-command-caveat>',
  '<bash-input>',
  '<bash-stdout>',
  '<bash-stderr>',
  '<system-reminder>',
  '<task-notification>',
  '[Request interrupted by user',
];

/** What the line handlers share while a chunk is parsed. */
interface Ctx {
  session: string;
  state: ClaudeState;
  events: DriftEvent[];
}

/**
 * The human prompt a user line carries, or null (§1.7): a main-thread `user` line whose
 * content is a string or text blocks, and not meta, a compaction summary, a tool-result
 * carrier, a local command echo, a reminder or an interruption marker. A slash command
 * with arguments is a prompt (`/<name> <args>`); one without is not.
 */
export function promptText(line: Record<string, unknown>): string | null {
  if (line.isSidechain === true || line.isMeta === true) return null;
  if (line.isCompactSummary === true || line.isVisibleInTranscriptOnly === true) return null;
  const content = asObject(line.message)?.content;
  if (Array.isArray(content) && content.some((block) => asObject(block)?.type === 'tool_result')) return null;
  const text = contentText(content);
  const head = text.trimStart();
  if (head === '') return null;
  const command = slashCommand(text);
  if (command !== undefined) return command;
  if (INJECTED_PREFIXES.some((prefix) => head.startsWith(prefix))) return null;
  return text;
}

/**
 * A slash command the human typed with arguments (`/orchestrator update CLAUDE.md`), from
 * the echo Claude Code logs (`<command-name>/x</command-name>…<command-args>…</command-args>`,
 * corpus d-kimuson__claude-code-viewer): the arguments are the human's words, so it is a
 * prompt. Null for a command without arguments (`/exit`, `/clear`); undefined when the
 * text is no command echo.
 */
function slashCommand(text: string): string | null | undefined {
  const name = /<command-name>([^<]*)<\/command-name>/.exec(text)?.[1]?.trim();
  if (name === undefined) return undefined;
  const args = /<command-args>([^]*?)<\/command-args>/.exec(text)?.[1]?.trim() ?? '';
  return args === '' ? null : `${name.startsWith('/') ? name : `/${name}`} ${args}`;
}

/** Handle a `user` line: its prompt, and the results of pending tool calls it carries. */
function readUserLine(line: Record<string, unknown>, key: string, ctx: Ctx): void {
  const at = asString(line.timestamp) ?? null;
  const text = promptText(line);
  if (text !== null) ctx.events.push({ id: eventId(ctx.session, key, 0), session: ctx.session, at, kind: 'prompt', text });
  const content = asObject(line.message)?.content;
  if (!Array.isArray(content)) return;
  const results = content.map((block) => asObject(block)).filter((block) => block?.type === 'tool_result');
  for (const block of results) {
    const toolUseId = asString(block?.tool_use_id);
    const call = toolUseId === undefined ? undefined : pendingCall(ctx.state.pending, toolUseId);
    if (!block || toolUseId === undefined || !call) continue;
    forgetCall(ctx.state.pending, toolUseId);
    readResult(call, toolUseId, block, results.length === 1 ? line.toolUseResult : undefined, at, ctx);
  }
}

/** Emit the events of a finished tool call. */
function readResult(call: PendingCall, toolUseId: string, block: Record<string, unknown>, toolUseResult: unknown, at: string | null, ctx: Ctx): void {
  const outcome = toolOutcome(block, toolUseResult);
  if (EDIT_TOOLS.has(call.name)) {
    ctx.events.push(...editEvents(call, toolUseId, outcome, ctx.session, at));
  } else if (call.name === 'Bash') {
    const event = commandEvent(call, toolUseId, outcome, ctx.session, at);
    if (event) ctx.events.push(event);
  } else if (applyTaskCall(call, outcome, ctx.state.tasks)) {
    const items = ctx.state.tasks.map((task) => ({ text: task.text, status: task.status }));
    ctx.events.push({ id: eventId(ctx.session, toolUseId, 0), session: ctx.session, at: call.at ?? at, kind: 'todo', items });
  }
}

/**
 * Handle an `assistant` line: main-thread `text` blocks become messages (not those of
 * `<synthetic>` client messages such as API errors), `TodoWrite` calls become todo events,
 * and calls that need their result are remembered in the state.
 */
function readAssistantLine(line: Record<string, unknown>, key: string, ctx: Ctx): void {
  const message = asObject(line.message);
  const content = message?.content;
  if (!Array.isArray(content)) return;
  const at = asString(line.timestamp) ?? null;
  const prose = line.isSidechain !== true && message?.model !== '<synthetic>' && line.isApiErrorMessage !== true;
  content.forEach((raw, index) => {
    const block = asObject(raw);
    // The id (a SHA-1) is made only for a block that becomes an event.
    if (block?.type === 'text' && prose && typeof block.text === 'string' && block.text.trim() !== '') {
      ctx.events.push({ id: eventId(ctx.session, key, index), session: ctx.session, at, kind: 'message', text: block.text });
    }
    if (block?.type !== 'tool_use') return;
    const name = asString(block.name);
    const input = asObject(block.input) ?? {};
    const items = name === 'TodoWrite' ? todoWriteItems(input) : null;
    if (items) ctx.events.push({ id: eventId(ctx.session, key, index), session: ctx.session, at, kind: 'todo', items });
    const toolUseId = asString(block.id);
    if (name && toolUseId && RESULT_TOOLS.has(name)) rememberCall(ctx.state.pending, toolUseId, { name, input, at, lineUuid: key });
  });
}

/**
 * Parse complete JSON lines starting at byte `offset` of `file` (see
 * `AgentReader.parseChunk`). Events belong to `claude-code:<file.sessionNativeId>`,
 * whatever `sessionId` a line records (lines copied from a previous session keep the old
 * one, §1.2). Ids: prompts and messages `eventId(session, line uuid | "@<offset>", block
 * index)`, `TodoWrite` likewise; events known only at the result (edits, commands, tasks)
 * `eventId(session, tool_use id, i)`. Unknown line types and fields are ignored; bad JSON
 * becomes a diagnostic from `forEachJsonLine`. Each line is read as soon as it is parsed
 * (what it does not keep dies young). Pure: mutates only `state`.
 */
export function parseClaudeChunk(text: string | Uint8Array, offset: number, state: ClaudeState, file: LogFile): ChunkResult {
  const ctx: Ctx = { session: `claude-code:${file.sessionNativeId}`, state, events: [] };
  const diagnostics = forEachJsonLine(text, offset, file.path, ({ value, offset: at }) => {
    const line = asObject(value);
    if (!line) return;
    noteFacts(line, state.facts);
    const key = asString(line.uuid) ?? `@${at}`;
    if (line.type === 'user') readUserLine(line, key, ctx);
    else if (line.type === 'assistant') readAssistantLine(line, key, ctx);
  });
  return { events: ctx.events, session: sessionFacts(state.facts, file), diagnostics };
}
