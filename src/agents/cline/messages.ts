/**
 * Cline `ui_messages.json` entries → drift events (session-formats.md §6): the first `say`
 * `text`/`task` is the task prompt, `say:"user_feedback"` the follow-ups, non-partial
 * `say:"text"` the replies, `ask:"command"` commands; the model from `modelInfo.modelId`.
 * Edits are the `editedExistingFile` (SEARCH/REPLACE `diff`) and `newFileCreated` (`content`)
 * tools: `say:"tool"` when Cline auto-approved them (applied), `ask:"tool"` when it asked the
 * user first. The answer to an ask is not logged as such: Cline sends the tool's result in the
 * next API request, whose `say:"api_req_started"` entry carries it in `request`, and a refusal
 * reads "The user denied this operation" (`formatResponse.toolDenied` in cline/cline
 * `src/core/prompts/responses.ts`; Roo Code's is the JSON `"status":"denied"`). So an asked
 * edit is applied when a later request shows no refusal, declined when it shows one, and
 * declined too when no request follows (never answered: Cline reverts its diff view). Ids:
 * the entry's `ts`. Pure.
 */
import { posix } from 'node:path';
import type { DriftEvent, EditEvent, SessionInfo } from '../../types.js';
import { keptField, lineDiff, splitLines } from '../lines.js';
import { asObject, asString, eventId } from '../reader.js';

/**
 * The lines of Cline's SEARCH/REPLACE diff (`------- SEARCH` / `=======` / `+++++++ REPLACE`,
 * or the older `<<<<<<<`/`>>>>>>>`): the `lineDiff` of all its SEARCH text and all its
 * REPLACE text, whose `kept` lines (in both) are the ones the edit re-emitted unchanged.
 */
function searchReplaceLines(diff: string): { added: string[]; removed: string[]; kept: string[] } {
  const old: string[] = [];
  const next: string[] = [];
  let side: 'none' | 'old' | 'new' = 'none';
  for (const line of splitLines(diff)) {
    if (/^(-{3,}|<{3,}) ?SEARCH/.test(line)) side = 'old';
    else if (/^={3,}$/.test(line) && side === 'old') side = 'new';
    else if (/^(\+{3,}|>{3,}) ?REPLACE/.test(line)) side = 'none';
    else if (side === 'old') old.push(line);
    else if (side === 'new') next.push(line);
  }
  return lineDiff(old.join('\n'), next.join('\n'));
}

/** An edit's `outcome` and `rejection` from its rejection, if any. */
function outcome(rejection: EditEvent['rejection']): Pick<EditEvent, 'outcome' | 'rejection'> {
  return rejection ? { outcome: 'rejected', rejection } : { outcome: 'applied', rejection: null };
}

function parse(text: string | undefined): Record<string, unknown> {
  try {
    return asObject(JSON.parse(text ?? '')) ?? {};
  } catch {
    return {};
  }
}

/** Cline's text for a refused tool call, as the next request carries it (see the module comment). */
const DENIED = /The user denied this operation|"status"\s*:\s*"denied"/;

/**
 * How the user answered each `ask:"tool"`, by its index in `messages`: `null` when the next
 * API request carries no refusal (applied), else the rejection, with the user's first words
 * after the ask when they gave some. One backward pass, so a log of many asks costs linear time.
 */
function askAnswers(messages: unknown[]): Map<number, EditEvent['rejection']> {
  const out = new Map<number, EditEvent['rejection']>();
  let next: 'none' | 'denied' | 'applied' = 'none';
  let feedback = '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = asObject(messages[i]);
    if (m?.say === 'api_req_started') {
      next = DENIED.test(asString(parse(asString(m.text)).request) ?? '') ? 'denied' : 'applied';
      feedback = '';
    } else if (m?.say === 'user_feedback') feedback = (asString(m.text) ?? '').trim();
    else if (m?.ask === 'tool') {
      if (next === 'applied') out.set(i, null);
      else out.set(i, { kind: 'user-declined', reason: feedback || (next === 'denied' ? 'declined in Cline' : 'not approved in Cline (no later request)') });
    }
  }
  return out;
}

/** The events and session facts of a task's messages; relative edit paths resolve against `cwd`. */
export function uiMessageEvents(messages: unknown[], session: string, cwd: string): { events: DriftEvent[]; info: Partial<SessionInfo> } {
  const events: DriftEvent[] = [];
  const info: Partial<SessionInfo> = {};
  let first = true;
  const answers = askAnswers(messages);
  for (const [index, raw] of messages.entries()) {
    const m = asObject(raw);
    if (!m || typeof m.ts !== 'number') continue;
    const at = new Date(m.ts).toISOString();
    info.started ??= at;
    info.ended = at;
    const model = asString(asObject(m.modelInfo)?.modelId);
    if (model) info.model = model;
    const id = eventId(session, String(m.ts), 0);
    const text = (asString(m.text) ?? '').trim();
    if (m.type === 'say' && (m.say === 'task' || (m.say === 'text' && first)) && text) events.push({ id, session, at, kind: 'prompt', text });
    else if (m.say === 'user_feedback' && text) events.push({ id, session, at, kind: 'prompt', text });
    else if (m.say === 'text' && m.partial !== true && text) events.push({ id, session, at, kind: 'message', text });
    else if (m.say === 'tool' || (m.ask === 'tool' && m.partial !== true)) {
      const tool = parse(asString(m.text));
      const path = asString(tool.path);
      const lines =
        tool.tool === 'editedExistingFile'
          ? searchReplaceLines(asString(tool.diff) ?? '')
          : tool.tool === 'newFileCreated'
            ? { added: splitLines(asString(tool.content) ?? ''), removed: [], kept: [] }
            : null;
      const rejection = m.ask === 'tool' ? (answers.get(index) ?? null) : null;
      if (path && lines)
        events.push({
          id,
          session,
          at,
          kind: 'edit',
          tool: String(tool.tool),
          path: posix.resolve(cwd, path.replace(/\\/g, '/')),
          op: tool.tool === 'newFileCreated' ? 'create' : 'update',
          movedTo: null,
          added: lines.added,
          removed: lines.removed,
          ...outcome(rejection),
          ...keptField(lines.kept, rejection === null),
        });
    } else if (m.ask === 'command' && text) events.push({ id, session, at, kind: 'command', command: text, exitCode: null, output: '' });
    if (m.type === 'say' && (m.say === 'text' || m.say === 'task')) first = false;
  }
  return { events, info };
}
