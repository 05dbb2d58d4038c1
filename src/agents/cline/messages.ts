/**
 * Cline `ui_messages.json` entries → drift events (session-formats.md §6): the first `say`
 * `text`/`task` is the task prompt, `say:"user_feedback"` the follow-ups, non-partial
 * `say:"text"` the replies, `say:"tool"` with `editedExistingFile` (SEARCH/REPLACE `diff`) or
 * `newFileCreated` (`content`) applied edits, `ask:"command"` commands; the model from
 * `modelInfo.modelId`. Ids: the entry's `ts`. Pure.
 */
import { posix } from 'node:path';
import type { DriftEvent, SessionInfo } from '../../types.js';
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

function parse(text: string | undefined): Record<string, unknown> {
  try {
    return asObject(JSON.parse(text ?? '')) ?? {};
  } catch {
    return {};
  }
}

/** The events and session facts of a task's messages; relative edit paths resolve against `cwd`. */
export function uiMessageEvents(messages: unknown[], session: string, cwd: string): { events: DriftEvent[]; info: Partial<SessionInfo> } {
  const events: DriftEvent[] = [];
  const info: Partial<SessionInfo> = {};
  let first = true;
  for (const raw of messages) {
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
    else if (m.say === 'tool') {
      const tool = parse(asString(m.text));
      const path = asString(tool.path);
      const lines =
        tool.tool === 'editedExistingFile'
          ? searchReplaceLines(asString(tool.diff) ?? '')
          : tool.tool === 'newFileCreated'
            ? { added: splitLines(asString(tool.content) ?? ''), removed: [], kept: [] }
            : null;
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
          ...keptField(lines.kept, true),
          outcome: 'applied',
          rejection: null,
        });
    } else if (m.ask === 'command' && text) events.push({ id, session, at, kind: 'command', command: text, exitCode: null, output: '' });
    if (m.type === 'say' && (m.say === 'text' || m.say === 'task')) first = false;
  }
  return { events, info };
}
