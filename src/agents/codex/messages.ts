/**
 * Prompts and assistant messages of Codex rollouts, each counted once although current files
 * hold both a `response_item` message and an `event_msg` (`user_message` / `agent_message`) for
 * the same text (§2.6 of ../shared/research/session-formats.md).
 *
 * Prompts: `event_msg` `user_message` is preferred. A `response_item` user message (minus
 * injected context) is held in the state and emitted only if the model starts answering before
 * any `user_message` event arrived — which is what legacy files (no events at all) and builds
 * that do not persist `user_message` look like. Legacy bare items are emitted directly.
 * Messages: whichever of the two forms comes first is emitted; its twin is then dropped.
 */
import { createHash } from 'node:crypto';
import { asString, eventId } from '../reader.js';
import { MAX_PENDING_PROMPTS, MAX_RECENT_MESSAGES, type Chunk, type Pos } from './state.js';
import { contentTexts, environmentCwd, isInjected } from './text.js';

/** Response item types that mean the model is answering (so the user's turn is over). */
const MODEL_OUTPUT = new Set(['reasoning', 'function_call', 'custom_tool_call', 'local_shell_call', 'web_search_call']);

/** Handle a `message` response item (current `response_item` payload, or a legacy bare item). */
export function handleMessage(chunk: Chunk, item: Record<string, unknown>, pos: Pos, legacy: boolean): void {
  const role = asString(item.role);
  if (role === 'assistant') {
    flushPendingPrompts(chunk);
    const text = contentTexts(item.content, 'output_text').join('');
    if (text.trim() !== '') emitMessage(chunk, text, 'R', pos);
    return;
  }
  if (role !== 'user') return;
  const texts = contentTexts(item.content, 'input_text');
  for (const t of texts) noteEnvironment(chunk, t);
  const prompt = texts
    .filter((t) => !isInjected(t))
    .join('\n')
    .trim();
  if (prompt === '') return;
  if (legacy) emitPrompt(chunk, prompt, pos.offset, pos.at);
  else if (!chunk.state.sawUserEvent) holdPrompt(chunk, prompt, pos);
}

/** Before a response item: if it is model output, the held prompts were real prompts. */
export function noteResponseItem(chunk: Chunk, type: string): void {
  if (MODEL_OUTPUT.has(type)) flushPendingPrompts(chunk);
}

/** Handle an `event_msg` `user_message` (`message`, `kind` in 0.3x builds: only `plain` is typed). */
export function handleUserEvent(chunk: Chunk, payload: Record<string, unknown>, pos: Pos): void {
  const text = asString(payload.message);
  const kind = asString(payload.kind);
  chunk.state.sawUserEvent = true;
  chunk.state.pendingPrompts = [];
  if (text === undefined || text.trim() === '' || (kind !== undefined && kind !== 'plain') || isInjected(text)) return;
  emitPrompt(chunk, text, pos.offset, pos.at);
}

/** Handle an `event_msg` `agent_message` (`message`), the twin of an assistant `output_text`. */
export function handleAgentEvent(chunk: Chunk, payload: Record<string, unknown>, pos: Pos): void {
  const text = asString(payload.message);
  if (text !== undefined && text.trim() !== '') emitMessage(chunk, text, 'E', pos);
}

/** An environment context's `<cwd>` sets the working directory (the only one legacy files record). */
function noteEnvironment(chunk: Chunk, text: string): void {
  const cwd = environmentCwd(text);
  if (cwd === null) return;
  chunk.state.turnCwd = cwd;
  if (chunk.state.metaCwd === null) {
    chunk.state.metaCwd = cwd;
    chunk.info.cwd = cwd;
  }
}

function holdPrompt(chunk: Chunk, text: string, pos: Pos): void {
  const pending = chunk.state.pendingPrompts;
  pending.push({ offset: pos.offset, at: pos.at, text });
  if (pending.length > MAX_PENDING_PROMPTS) pending.shift();
}

function flushPendingPrompts(chunk: Chunk): void {
  const pending = chunk.state.pendingPrompts;
  if (pending.length === 0) return;
  chunk.state.pendingPrompts = [];
  for (const p of pending) emitPrompt(chunk, p.text, p.offset, p.at);
}

function emitPrompt(chunk: Chunk, text: string, offset: number, at: string | null): void {
  chunk.events.push({ id: eventId(chunk.session, String(offset), 0), session: chunk.session, at, kind: 'prompt', text });
}

function emitMessage(chunk: Chunk, text: string, source: 'R' | 'E', pos: Pos): void {
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 16);
  const recent = chunk.state.recentMessages;
  const twin = recent.indexOf(`${source === 'R' ? 'E' : 'R'}${hash}`);
  if (twin >= 0) {
    recent.splice(twin, 1);
    return;
  }
  recent.push(`${source}${hash}`);
  if (recent.length > MAX_RECENT_MESSAGES) recent.shift();
  chunk.events.push({ id: eventId(chunk.session, String(pos.offset), 0), session: chunk.session, at: pos.at, kind: 'message', text });
}
