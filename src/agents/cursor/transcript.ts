/**
 * Cursor agent transcripts (`~/.cursor/projects/<slug>/agent-transcripts/<id>.jsonl`,
 * session-formats.md §5.4; corpus `cursor/git-ai-project__git-ai/cursor-session-simple.jsonl`):
 * lines `{role, message: {content: [text | tool_use{name, input}]}}` with no times, ids,
 * model or tool results. User text is wrapped in `<user_query>`; hidden reasoning shows as
 * `[REDACTED]`. `Write` (`path`, `contents`) and `StrReplace` (`path`, `old_string`,
 * `new_string`, whose common lines it re-emitted) edit files; `Shell` runs commands. No outcome is recorded, so edits count as
 * applied. Read from the last offset, like an append-only log.
 */
import { stat } from 'node:fs/promises';
import type { DriftEvent } from '../../types.js';
import { readNewLines } from '../files.js';
import { keptField, lineDiff, splitLines } from '../lines.js';
import type { ChunkResult, LogFile } from '../reader.js';
import { asObject, asString, eventId, parseJsonLines } from '../reader.js';

/** The events of one transcript line (`offset`: its byte offset, the native item of the ids). */
export function transcriptEvents(value: unknown, offset: number, session: string): DriftEvent[] {
  const line = asObject(value);
  const content = asObject(line?.message)?.content;
  if (!line || !Array.isArray(content)) return [];
  const events: DriftEvent[] = [];
  content.forEach((raw, i) => {
    const block = asObject(raw);
    const id = eventId(session, `@${offset}`, i);
    const text = asString(block?.text)?.trim();
    if (block?.type === 'text' && text && text !== '[REDACTED]') {
      const query = /<user_query>\s*([\s\S]*?)\s*<\/user_query>/.exec(text)?.[1];
      if (line.role === 'user') events.push({ id, session, at: null, kind: 'prompt', text: query ?? text });
      else if (line.role === 'assistant') events.push({ id, session, at: null, kind: 'message', text });
    }
    if (block?.type !== 'tool_use') return;
    const input = asObject(block.input) ?? {};
    const name = asString(block.name);
    const path = asString(input.path) ?? asString(input.file_path);
    if ((name === 'Write' || name === 'StrReplace') && path) {
      const lines = name === 'Write' ? { added: splitLines(asString(input.contents) ?? ''), removed: [], kept: [] } : lineDiff(asString(input.old_string) ?? '', asString(input.new_string) ?? '');
      const { added, removed, kept } = lines;
      events.push({
        id,
        session,
        at: null,
        kind: 'edit',
        tool: name,
        path,
        op: name === 'Write' ? 'create' : 'update',
        movedTo: null,
        added,
        removed,
        ...keptField(kept, true),
        outcome: 'applied',
        rejection: null,
      });
    } else if (name === 'Shell' && asString(input.command)) {
      events.push({ id, session, at: null, kind: 'command', command: asString(input.command)!, exitCode: null, output: '' });
    }
  });
  return events;
}

/** Read what was appended to a transcript since `state.offset` (a file that shrank starts over). */
export async function readTranscript(file: LogFile, state: { offset: number }): Promise<ChunkResult> {
  if ((await stat(file.path)).size < state.offset) state.offset = 0;
  const chunk = await readNewLines(file.path, state.offset);
  const { lines, diagnostics } = parseJsonLines(chunk.text, state.offset, file.path);
  state.offset = chunk.end;
  const session = `cursor:${file.sessionNativeId}`;
  const events = lines.flatMap((l) => transcriptEvents(l.value, l.offset, session));
  return { events, session: { id: session, agent: 'cursor', nativeId: file.sessionNativeId, cwd: file.cwd ?? null }, diagnostics };
}
