/**
 * The Cline reader: one task per directory `<data>/tasks/<taskId>/` holding
 * `ui_messages.json` (the `ClineMessage[]` the UI shows, rewritten in place; `cline/cline:
 * src/shared/ExtensionMessage.ts`; corpus `cline/haram-333__fineye/ui_messages.json`) and
 * `api_conversation_history.json`. `<data>` is Cline's own storage (`CLINE_DATA_DIR`, else
 * `$CLINE_DIR/data`, else `~/.cline/data`) and the VS Code extension's global storage
 * `<Code user dir>/globalStorage/saoudrizwan.claude-dev` (Code, Code - Insiders, VSCodium,
 * Cursor, Windsurf). Format: session-formats.md §6. Snapshot mode.
 */
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { cursorUserData } from '../cursor/index.js';
import { readJsonFile } from '../files.js';
import type { AgentReader, ChunkResult, DiscoverContext, LogFile } from '../reader.js';
import { readHead } from '../reader.js';
import { uiMessageEvents } from './messages.js';

/** Cline's own data directory (see the module comment). */
export function clineHome(env: NodeJS.ProcessEnv): string {
  if (env.CLINE_DATA_DIR) return env.CLINE_DATA_DIR;
  return join(env.CLINE_DIR || join(env.HOME || homedir(), '.cline'), 'data');
}

/** Every directory that may hold Cline tasks: Cline's own, and each VS Code-family editor's global storage. */
export function clineTaskDirs(env: NodeJS.ProcessEnv): string[] {
  const cursorData = cursorUserData(env);
  const editors = ['Code', 'Code - Insiders', 'VSCodium', 'Cursor', 'Windsurf'].map((app) => join(cursorData, '..', app));
  return [join(clineHome(env), 'tasks'), ...editors.map((dir) => join(dir, 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'tasks'))];
}

async function discoverCline(ctx: DiscoverContext): Promise<LogFile[]> {
  const files: LogFile[] = [];
  for (const dir of clineTaskDirs(ctx.env)) {
    for (const task of (await readdir(dir).catch(() => [] as string[])).sort()) {
      const path = join(dir, task, 'ui_messages.json');
      if ((await readdir(join(dir, task)).catch(() => [] as string[])).includes('ui_messages.json')) {
        files.push({ agent: 'cline', path, sessionNativeId: task, sidechain: false, companions: [join(dir, task, 'api_conversation_history.json')] });
      }
    }
  }
  return files;
}

/** The working directory of a task: the `# Current Working Directory (<path>)` of its first request, in the head of `ui_messages.json`. */
async function probeCline(file: LogFile): Promise<string | null> {
  const head = await readHead(file.path);
  const m = head ? /Current Working Directory \((.+?)\)/.exec(head) : null;
  return m ? JSON.parse(`"${m[1]!.replace(/\\\\/g, '\\\\').replace(/"/g, '\\"')}"`).replace(/\\/g, '/') : null;
}

async function readClineSnapshot(file: LogFile): Promise<ChunkResult> {
  const { value, error } = await readJsonFile(file.path);
  if (error || !Array.isArray(value)) return { events: [], session: {}, diagnostics: [{ file: file.path, line: null, message: error ?? 'not a message list' }] };
  const cwd = (await probeCline(file)) ?? '/';
  const session = `cline:${file.sessionNativeId}`;
  const { events, info } = uiMessageEvents(value, session, cwd);
  return { events, session: { ...info, id: session, agent: 'cline', nativeId: file.sessionNativeId, cwd }, diagnostics: [] };
}

/** Reader for Cline (`agent: 'cline'`, session ids `cline:<taskId>`): prompts, replies, file edits and commands from `ui_messages.json`. */
export const clineReader: AgentReader<Record<string, never>> = {
  agent: 'cline',
  home: clineHome,
  discover: discoverCline,
  probe: probeCline,
  initialState: () => ({}),
  parseChunk: () => ({ events: [], session: {}, diagnostics: [] }),
  readSnapshot: (file) => readClineSnapshot(file),
};
