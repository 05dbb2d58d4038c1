/**
 * The Aider reader: `.aider.chat.history.md` in each work tree root (aider writes it in the
 * directory it runs in, normally the git root; https://aider.chat/docs/config/options.html),
 * plus `.aider.input.history` for the time of each prompt. Both files only grow, so the
 * reader keeps its own byte offsets and reads only what was appended, in snapshot mode
 * (the driver calls it when either file changed).
 * Format: ../shared/research/session-formats.md §4, checked against `corpus/aider/`.
 */
import { stat } from 'node:fs/promises';
import { readNewLines } from '../files.js';
import { kindOfEntry, noteRefused } from '../../fs/read.js';
import { isAbsolute, join } from 'node:path';
import { chunkText, type AgentReader, type ChunkResult, type DiscoverContext, type LogFile } from '../reader.js';
import { parseAiderHistory, initialAiderState, type AiderState } from './history.js';
import { parseInputHistory } from './input.js';

export type { AiderState } from './history.js';
export { parseAiderHistory, initialAiderState } from './history.js';
export { parseInputHistory, aiderTime } from './input.js';

/** Default name of the chat history (aider's `--chat-history-file`). */
export const CHAT_HISTORY = '.aider.chat.history.md';
/** Default name of the input history (aider's `--input-history-file`). */
export const INPUT_HISTORY = '.aider.input.history';

/**
 * Where aider writes its histories for a work tree root: `AIDER_CHAT_HISTORY_FILE` /
 * `AIDER_INPUT_HISTORY_FILE` (aider's own environment names for those options) when set,
 * resolved against the root when relative, else the default names in the root.
 */
export function aiderFiles(root: string, env: NodeJS.ProcessEnv): { chat: string; input: string } {
  const at = (name: string | undefined, fallback: string): string => (name ? (isAbsolute(name) ? name : join(root, name)) : join(root, fallback));
  return { chat: at(env.AIDER_CHAT_HISTORY_FILE, CHAT_HISTORY), input: at(env.AIDER_INPUT_HISTORY_FILE, INPUT_HISTORY) };
}

/** The chat history of each root that has one. Never throws. */
async function discoverAider(ctx: DiscoverContext): Promise<LogFile[]> {
  const files: LogFile[] = [];
  for (const root of ctx.roots) {
    const { chat, input } = aiderFiles(root, ctx.env);
    const st = await stat(chat).catch(() => null);
    if (st?.isFile()) files.push({ agent: 'aider', path: chat, sessionNativeId: '', sidechain: false, cwd: root, companions: [input] });
    else if (st && !st.isDirectory()) noteRefused(chat, kindOfEntry(st)); // A FIFO, socket or device is never opened.
  }
  return files;
}

/**
 * Read what was appended to the chat and input histories since the last read. A file that
 * shrank was rewritten: its state starts over (ids are offsets, so re-read events that did
 * not move keep their ids).
 */
async function readAiderSnapshot(file: LogFile, state: AiderState): Promise<ChunkResult> {
  const input = file.companions?.[0];
  const chatSize = (await stat(file.path)).size;
  if (chatSize < state.offset) Object.assign(state, initialAiderState());
  const inputSize = input ? ((await stat(input).catch(() => null))?.size ?? 0) : 0;
  if (inputSize < state.inputOffset) state.inputOffset = 0;
  const inputs = input ? await readNewLines(input, state.inputOffset) : { text: '', end: 0 };
  state.inputOffset = inputs.end;
  const chat = await readNewLines(file.path, state.offset);
  const parsed = parseAiderHistory(chat.text, state.offset, state, parseInputHistory(inputs.text), file.cwd ?? join(file.path, '..'));
  state.offset = chat.end;
  return { events: parsed.events, session: {}, sessions: parsed.sessions, diagnostics: [] };
}

/**
 * Reader for Aider (`agent: 'aider'`, session ids `aider:<16 hex>`, one per `# aider chat
 * started at` line). `home` is the first root's chat history name as `aiderFiles` resolves
 * it; `discover` checks each work tree root; `probe` is not needed (the history's directory
 * is the session's cwd). Prompt times come from the input history, in this machine's zone.
 */
export const aiderReader: AgentReader<AiderState> = {
  agent: 'aider',
  home: (env) => aiderFiles('.', env).chat,
  discover: discoverAider,
  probe: async (file) => file.cwd ?? null,
  initialState: () => initialAiderState(),
  parseChunk: (text, offset, state, file) => {
    const parsed = parseAiderHistory(chunkText(text), offset, state, [], file.cwd ?? join(file.path, '..'));
    return { events: parsed.events, session: {}, sessions: parsed.sessions, diagnostics: [] };
  },
  readSnapshot: readAiderSnapshot,
};
